/**
 * The suite needs code-server, Chromium and the packaged extension. When one is missing it fails
 * (never skips) with a message saying what to install.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, codeServerEntry, codeServerFolder, codeServerVersion, vsixPath } from './paths';

export function missingPrerequisites(): string[] {
  const problems: string[] = [];
  if (!existsSync(codeServerEntry)) {
    problems.push(`code-server is not installed in ${codeServerFolder}: run \`bash scripts/install-code-server.sh\``);
  } else {
    const packageJson = join(codeServerFolder, 'node_modules', 'code-server', 'package.json');
    const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
    if (version !== codeServerVersion) {
      problems.push(`code-server ${version} is installed, the suite needs ${codeServerVersion}: run \`bash scripts/install-code-server.sh\``);
    }
  }
  if (!existsSync(chromiumPath)) {
    problems.push(`Chromium is missing at ${chromiumPath}: run \`apt-get install chromium\` (or set FLUKE_E2E_CHROMIUM)`);
  }
  if (!existsSync(vsixPath)) {
    problems.push(`the extension package ${vsixPath} is missing: run \`npm run package\` (scripts/run-e2e.mjs does)`);
  }
  return problems;
}

export function assertPrerequisites(): void {
  const problems = missingPrerequisites();
  if (problems.length) throw new Error(`end-to-end prerequisites missing:\n- ${problems.join('\n- ')}`);
}
