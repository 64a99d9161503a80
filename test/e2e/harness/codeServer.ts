/**
 * A real VS Code (code-server 4.100.3) for one scenario: fresh user data and extensions folders,
 * the extension installed from the .vsix, started in its own process group (so stopping it ends
 * the extension host, file watchers and everything they spawned) on a free local port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { codeServerEntry, vsixPath } from './paths';
import { isAlive, killProcessGroup, onProcessExit } from './processes';
import type { Sandbox } from './sandbox';

export interface CodeServerOptions {
  /** The folder VS Code opens. */
  workspace: string;
  /** false: start with workspace trust on, so the folder opens in Restricted Mode. */
  trusted: boolean;
  /** User settings added to the defaults that keep the screen clean. */
  settings?: Record<string, unknown>;
}

const defaultSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'update.mode': 'none',
  'git.enabled': false,
  'window.restoreWindows': 'all',
};

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function tail(path: string, characters = 3000): string {
  return existsSync(path) ? readFileSync(path, 'utf8').slice(-characters) : '(no log)';
}

export class CodeServer {
  private stopped = false;
  private readonly unregisterExit: () => void;

  private constructor(
    readonly sandbox: Sandbox,
    readonly port: number,
    readonly pid: number,
    readonly workspace: string,
    readonly logPath: string,
  ) {
    // If the test process dies before stop(), the whole group still goes.
    this.unregisterExit = onProcessExit(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    });
  }

  get userDataDir(): string {
    return join(this.sandbox.root, 'user-data');
  }

  /** The workbench URL with the workspace folder open. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  static async start(sandbox: Sandbox, options: CodeServerOptions): Promise<CodeServer> {
    const userData = sandbox.folder('user-data');
    const extensions = sandbox.folder('extensions');
    const environment = sandbox.environment();
    writeFileSync(
      join(sandbox.folder('user-data', 'User'), 'settings.json'),
      JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2),
    );

    const install = spawnSync(
      process.execPath,
      [codeServerEntry, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsixPath],
      { env: environment, encoding: 'utf8', timeout: 120_000 },
    );
    writeFileSync(join(sandbox.results, 'install-extension.log'), `${install.stdout}\n${install.stderr}`);
    if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr)) {
      throw new Error(`code-server could not install ${vsixPath} (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
    }

    const port = await freePort();
    const config = join(sandbox.root, 'code-server.yaml');
    writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const logPath = join(sandbox.results, 'code-server.log');
    const log = openSync(logPath, 'w');
    const child = spawn(
      process.execPath,
      [
        codeServerEntry,
        '--config', config,
        '--user-data-dir', userData,
        '--extensions-dir', extensions,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-getting-started-override',
        ...(options.trusted ? ['--disable-workspace-trust'] : []),
        options.workspace,
      ],
      // detached: its own process group (setsid), so killing the group ends every descendant.
      { env: environment, stdio: ['ignore', log, log], detached: true },
    );
    closeSync(log);
    if (child.pid === undefined) throw new Error('code-server did not start');
    const server = new CodeServer(sandbox, port, child.pid, options.workspace, logPath);
    try {
      await server.waitHealthy(60_000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!isAlive(this.pid)) throw new Error(`code-server exited while starting:\n${tail(this.logPath)}`);
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms:\n${tail(this.logPath)}`);
  }

  /** The end of code-server's own log (its stdout and stderr), for failure messages. */
  logText(): string {
    return tail(this.logPath, 20_000);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await killProcessGroup(this.pid);
    this.unregisterExit();
  }
}
