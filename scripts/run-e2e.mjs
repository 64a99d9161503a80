// `npm run test:e2e`: packages the extension (.vsix), then runs every test/e2e/*.e2e.ts scenario
// with Node's test runner, one file at a time (each drives its own code-server and Chromium).
// Filter: `node scripts/run-e2e.mjs compare retrieval` runs the files whose names contain those.
// FLUKE_E2E_VSIX=path skips packaging and tests that .vsix instead.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);

function fail(message) {
  console.error(`test:e2e: ${message}`);
  process.exit(1);
}

// Missing tools fail the suite (never skip) with what to install, in CI and outside it.
const codeServerPackage = join(root, '.cache/code-server/node_modules/code-server/package.json');
const chromium = process.env.FLUKE_E2E_CHROMIUM ?? '/usr/bin/chromium';
const missing = [];
if (!existsSync(codeServerPackage)) missing.push('code-server: run `bash scripts/install-code-server.sh`');
else if (JSON.parse(readFileSync(codeServerPackage, 'utf8')).version !== '4.100.3') {
  missing.push('code-server 4.100.3: run `bash scripts/install-code-server.sh`');
}
if (!existsSync(chromium)) missing.push(`Chromium (${chromium}): run \`apt-get install chromium\``);
if (missing.length) fail(`missing prerequisites:\n- ${missing.join('\n- ')}`);

let vsix = process.env.FLUKE_E2E_VSIX;
if (!vsix) {
  vsix = join(root, 'dist', 'fluke-lab.vsix');
  console.log('test:e2e: packaging the extension (npm run package)');
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
  if (packaged.status !== 0) fail('`npm run package` failed');
}
if (!existsSync(vsix)) fail(`no extension package at ${vsix}`);
// Test a private copy: a later `npm run package` rewrites dist/fluke-lab.vsix while scenarios install it.
const privateFolder = mkdtempSync(join(tmpdir(), 'fluke-e2e-vsix-'));
const privateVsix = join(privateFolder, 'fluke-lab.vsix');
copyFileSync(vsix, privateVsix);

const folder = join(root, 'test', 'e2e');
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.e2e.ts'))
  .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
  .sort()
  .map((name) => join('test', 'e2e', name));
if (files.length === 0) fail(`no scenario matches ${only.join(' ') || '*.e2e.ts'}`);

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FLUKE_E2E_VSIX: privateVsix } },
);
rmSync(privateFolder, { recursive: true, force: true });
console.log(`test:e2e: screenshots and logs in ${join(root, 'test-results', 'e2e')}`);
process.exit(result.status ?? 1);
