/**
 * One scenario's VS Code: a sandbox, code-server with the packaged extension, Chromium on the
 * workbench. close() stops everything and fails when a process the scenario started is left.
 */
import assert from 'node:assert/strict';
import { Browser } from './browser';
import { CodeServer, type CodeServerOptions } from './codeServer';
import { assertPrerequisites } from './prerequisites';
import { killAll, onProcessExit, processesOfSandbox, waitForSandboxToEmpty } from './processes';
import { Sandbox } from './sandbox';
import { Workbench } from './workbench';

export interface SessionOptions extends Partial<Omit<CodeServerOptions, 'workspace'>> {
  /** Fills the workspace folder before VS Code opens it. */
  prepareWorkspace?: (workspace: string, sandbox: Sandbox) => Promise<void> | void;
}

export class E2ESession {
  private closed = false;
  private readonly unregisterExit: () => void;

  private constructor(
    readonly sandbox: Sandbox,
    readonly workspace: string,
    readonly codeServer: CodeServer,
    readonly browser: Browser,
    readonly workbench: Workbench,
  ) {
    // Last resort if the test process exits without close(): kill whatever carries the marker.
    this.unregisterExit = onProcessExit(() => killAll(processesOfSandbox(sandbox.marker, sandbox.root)));
  }

  static async start(name: string, options: SessionOptions = {}): Promise<E2ESession> {
    assertPrerequisites();
    const sandbox = new Sandbox(name);
    const workspace = sandbox.folder('workspace');
    let codeServer: CodeServer | undefined;
    let browser: Browser | undefined;
    try {
      await options.prepareWorkspace?.(workspace, sandbox);
      codeServer = await CodeServer.start(sandbox, {
        workspace,
        trusted: options.trusted ?? true,
        settings: options.settings ?? {},
      });
      browser = await Browser.launch(sandbox);
      const workbench = new Workbench(browser.page, sandbox.results);
      await workbench.open(codeServer.url);
      // The Fluke activity bar entry appears once the extension's contributions are registered.
      await workbench.activityBarEntry('Fluke').waitFor({ state: 'visible', timeout: 60_000 });
      return new E2ESession(sandbox, workspace, codeServer, browser, workbench);
    } catch (error) {
      await browser?.close();
      await codeServer?.stop();
      killAll(await waitForSandboxToEmpty(sandbox.marker, sandbox.root, 5_000));
      sandbox.remove();
      throw error;
    }
  }

  /** A screenshot after each test (passed or failed), named after it: what the user saw then. */
  async screenshotAfter(testName: string): Promise<void> {
    const slug = testName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    await this.workbench.screenshot(`after-${slug}`).catch(() => undefined);
  }

  /** Processes of this scenario still alive, other than code-server's group and the browser. */
  processes(): Array<{ pid: number; commandLine: string }> {
    return processesOfSandbox(this.sandbox.marker, this.sandbox.root);
  }

  /** Training processes (`cli.js train`) of this scenario's workspace. */
  trainingProcesses(): Array<{ pid: number; commandLine: string }> {
    return this.processes().filter((each) => /cli\.js\s+train\b|\bfluke\s+train\b/.test(each.commandLine));
  }

  /**
   * Stops the browser and code-server (its whole process group), then asserts that nothing the
   * scenario started is left; leftovers are killed, and reported as a failure.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.workbench.screenshot('at-close').catch(() => undefined);
    await this.browser.close();
    await this.codeServer.stop();
    const left = await waitForSandboxToEmpty(this.sandbox.marker, this.sandbox.root, 10_000);
    killAll(left);
    this.unregisterExit();
    this.sandbox.remove();
    assert.deepEqual(
      left.map((each) => each.commandLine),
      [],
      `processes left after the scenario "${this.sandbox.name}" ended (now killed)`,
    );
  }
}
