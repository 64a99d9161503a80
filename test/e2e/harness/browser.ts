/**
 * Debian's Chromium, headless, through playwright-core, with a fresh profile in the sandbox.
 * Its processes carry the sandbox marker so a leftover one is found.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from './paths';
import type { Sandbox } from './sandbox';

const chromiumArguments = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export class Browser {
  private closed = false;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async launch(sandbox: Sandbox): Promise<Browser> {
    const context = await chromium.launchPersistentContext(sandbox.folder('chromium-profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArguments,
      env: sandbox.environment() as Record<string, string>,
      viewport: { width: 1600, height: 1000 },
      timeout: 60_000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return new Browser(context, page);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.close().catch(() => undefined);
  }
}
