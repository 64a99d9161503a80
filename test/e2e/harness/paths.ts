/** Where the end-to-end suite finds what it drives and puts what it produces. */
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');

/** code-server 4.100.3 (VS Code 1.100.3), installed by scripts/install-code-server.sh. */
export const codeServerVersion = '4.100.3';
export const codeServerFolder = join(repoRoot, '.cache', 'code-server');
export const codeServerEntry = join(codeServerFolder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Debian's Chromium, driven through playwright-core (never a browser playwright downloads). */
export const chromiumPath = process.env.FLUKE_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** The packaged extension under test; scripts/run-e2e.mjs builds it and passes its path. */
export const vsixPath = process.env.FLUKE_E2E_VSIX ?? join(repoRoot, 'dist', 'fluke-lab.vsix');

/** The CLI of this checkout, used to prepare workspaces and to read the store back. */
export const cliPath = join(repoRoot, 'dist', 'cli.js');

/** Screenshots and logs of every scenario (gitignored). */
export const resultsRoot = join(repoRoot, 'test-results', 'e2e');

/** Marks every process a scenario starts (through its environment), to find leftovers. */
export const sandboxMarkerVariable = 'FLUKE_E2E_SANDBOX';
