// Runs every unit/integration test file (*.test.ts under src/, test/ and webview-ui/, not the
// end-to-end suite) with Node's own test runner, TypeScript loaded through tsx.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const skipDirs = new Set(['node_modules', 'dist', 'e2e', '.fluke', '.cache']);
const only = process.argv.slice(2);

function collect(dir, found) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!skipDirs.has(name)) collect(path, found);
    } else if (name.endsWith('.test.ts')) {
      found.push(relative(root, path));
    }
  }
  return found;
}

const files = ['src', 'test', 'webview-ui']
  .flatMap((dir) => collect(join(root, dir), []))
  .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
