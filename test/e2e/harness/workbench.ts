/**
 * Driving VS Code's workbench the way a user does: the command palette, the activity bar, tree
 * rows, notifications, the Problems panel, and the webviews' content (two iframes deep).
 */
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Workbench {
  private screenshotCount = 0;

  constructor(
    readonly page: Page,
    private readonly resultsFolder: string,
  ) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  }

  /**
   * "Developer: Reload Window", as a user would: VS Code shuts the window down in order (saving
   * which editors and panels are open), then loads it again.
   */
  async reload(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: 60_000 });
    await this.runCommand('Developer: Reload Window');
    await loaded;
    await this.waitReady();
  }

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Runs a command by its title from the command palette (F1), as a user would. The palette lists
   * the commands known when it opens, so while extensions are still registering it is reopened.
   */
  async runCommand(title: string, timeout = 30_000): Promise<void> {
    const exact = new RegExp(`^${escapeRegExp(title)}$`);
    const row = this.quickInput
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact }) })
      .first();
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      await this.quickInput.waitFor({ state: 'visible', timeout });
      await this.quickInput.locator('input.input').fill(`>${title}`);
      const found = await row
        .waitFor({ state: 'visible', timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) })
        .then(() => true)
        .catch(() => false);
      if (found) break;
      if (Date.now() >= deadline) {
        const offered = await this.quickInput.locator('.monaco-list-row .label-name').allInnerTexts();
        await this.closeQuickInput();
        throw new Error(`the command palette does not offer "${title}" (it offers: ${offered.join(', ') || 'nothing'})`);
      }
    }
    await row.click();
  }

  /** Whether the command palette offers a command with this exact title. */
  async commandAvailable(title: string, timeout = 10_000): Promise<boolean> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    await this.quickInput.waitFor({ state: 'visible', timeout });
    await this.quickInput.locator('input.input').fill(`>${title}`);
    const exact = new RegExp(`^${escapeRegExp(title)}$`);
    const row = this.quickInput.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: exact }) });
    // The palette lists matches (or similar commands), or says that nothing matches; once it
    // shows either, the filtering is done.
    const noMatch = this.quickInput.getByText('No matching commands');
    await this.quickInput.locator('.monaco-list-row').first().or(noMatch).first().waitFor({ state: 'visible', timeout });
    await this.page.waitForTimeout(300);
    const found = await row.first().isVisible();
    await this.closeQuickInput();
    return found;
  }

  /**
   * Chooses the rows containing each of `texts` in the open quick pick and accepts: in a
   * multi-select pick (checkboxes) it ticks them and presses Enter, in a single pick it clicks.
   */
  async chooseInQuickPick(texts: Array<string | RegExp>, timeout = 30_000): Promise<void> {
    await this.quickInput.waitFor({ state: 'visible', timeout });
    const rows = texts.map((text) => this.quickPickRows().filter({ hasText: text }).first());
    for (const [index, row] of rows.entries()) await this.waitVisible(row, `the quick pick item ${String(texts[index])}`, timeout);
    const multiSelect = (await this.quickInput.locator('.quick-input-check-all').isVisible()) || (await rows[0]!.locator('.monaco-checkbox, input[type=checkbox]').count()) > 0;
    if (!multiSelect) {
      if (rows.length !== 1) throw new Error(`a single-choice quick pick cannot take ${rows.length} items`);
      await rows[0]!.click();
      return;
    }
    for (const row of rows) {
      const checkbox = row.locator('.monaco-checkbox, input[type=checkbox]').first();
      await checkbox.click();
      // A click while the list is still settling can be lost: tick until the box shows checked.
      for (let attempt = 0; attempt < 5 && !(await this.isChecked(checkbox)); attempt++) {
        await this.page.waitForTimeout(200);
        if (!(await this.isChecked(checkbox))) await checkbox.click();
      }
    }
    await this.waitVisible(this.quickInput.locator('.quick-input-count', { hasText: `${rows.length} Selected` }), `${rows.length} item(s) selected`, timeout);
    await this.quickInput.locator('.monaco-button', { hasText: 'OK' }).first().click();
    await this.quickInput.waitFor({ state: 'hidden', timeout });
  }

  /**
   * Answers VS Code's own file dialog (code-server shows it in the quick input): types the
   * path and accepts; where Enter only opens a folder, presses the dialog's button `okLabel`.
   */
  async acceptFileDialog(path: string, okLabel: string, timeout = 30_000): Promise<void> {
    // The quick input of a pick made just before may still be closing: wait for the dialog's own button.
    await this.waitVisible(this.quickInput.locator('.monaco-button', { hasText: okLabel }).first(), `the file dialog's ${okLabel} button`, timeout);
    const input = this.quickInput.locator('input.input');
    await input.fill(path);
    await this.page.waitForTimeout(500);
    await input.press('Enter');
    const closed = await this.quickInput.waitFor({ state: 'hidden', timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (closed) return;
    await this.quickInput.locator('.monaco-button', { hasText: okLabel }).first().click();
    await this.quickInput.waitFor({ state: 'hidden', timeout });
  }

  private async isChecked(checkbox: Locator): Promise<boolean> {
    return await checkbox.evaluate(
      (element: { getAttribute(name: string): string | null; classList: { contains(name: string): boolean }; checked?: boolean }) =>
        element.checked === true || element.getAttribute('aria-checked') === 'true' || element.classList.contains('checked'),
    );
  }

  /** The open quick pick / input box (what a command asks), e.g. to choose a run. */
  quickPickRows(): Locator {
    return this.quickInput.locator('.monaco-list-row');
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
  }

  /** The activity bar entry of a view container, by its title (e.g. "Fluke Lab"). */
  activityBarEntry(titlePrefix: string): Locator {
    return this.page.locator(`.part.activitybar .action-item a[aria-label^="${titlePrefix}"]`).first();
  }

  /** Opens a view container contributed by an extension (`workbench.view.extension.<id>`). */
  async openViewContainer(titlePrefix: string): Promise<void> {
    const entry = this.activityBarEntry(titlePrefix);
    await entry.waitFor({ state: 'visible', timeout: 60_000 });
    // Clicking the entry of the container already shown hides the side bar: click only otherwise.
    const sideBar = this.page.locator('.part.sidebar');
    const checked = await entry.evaluate(
      (element: { closest(selector: string): { classList: { contains(name: string): boolean } } | null }) =>
        element.closest('.action-item')?.classList.contains('checked') ?? false,
    );
    const shown = checked && (await sideBar.isVisible());
    if (!shown) await entry.click();
    await sideBar.waitFor({ state: 'visible' });
  }

  /** Rows of the trees and lists in the side bar. */
  sideBarRows(hasText?: string | RegExp): Locator {
    const rows = this.page.locator('.part.sidebar .monaco-list-row');
    return hasText === undefined ? rows : rows.filter({ hasText });
  }

  /** The side-bar tree row whose label is exactly `label`. */
  treeRow(label: string): Locator {
    const exact = new RegExp(`^${escapeRegExp(label)}$`);
    return this.page
      .locator('.part.sidebar .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact }) })
      .first();
  }

  /** A tree row's description (the grey text after its label). */
  async rowDescription(row: Locator): Promise<string> {
    return (await row.locator('.label-description').first().textContent())?.trim() ?? '';
  }

  /**
   * Waits until a tree row shows the codicon `icon` (e.g. "pass", "loading"); returns its
   * description. Fails at once, with what the row and the notifications say, when the row shows
   * one of `failureIcons` instead (a run that failed, crashed or diverged).
   */
  async waitForRowIcon(row: Locator, icon: string, timeout: number, failureIcons = ['error', 'flame', 'warning']): Promise<string> {
    // The item's own icon, not the icons of its inline actions (Stop shows debug-stop too).
    const rowIcon = '.custom-view-tree-node-item-icon';
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      if ((await row.locator(`${rowIcon}.codicon-${icon}`).count()) > 0) return await this.rowDescription(row);
      for (const failure of failureIcons.filter((each) => each !== icon)) {
        if ((await row.locator(`${rowIcon}.codicon-${failure}`).count()) > 0) {
          const toasts = await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
          throw new Error(
            `waiting for the ${icon} icon, the row shows ${failure}: "${(await row.innerText()).replace(/\s+/g, ' ')}"${toasts.length ? `; notifications: ${toasts.join(' | ').replace(/\s+/g, ' ')}` : ''}`,
          );
        }
      }
      await this.page.waitForTimeout(250);
    }
    const icons = await row
      .locator('[class*="codicon-"]')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('class')))
      .catch(() => []);
    throw new Error(
      `the row "${(await row.innerText().catch(() => '?')).replace(/\s+/g, ' ')}" did not show the ${icon} icon within ${timeout} ms (its icons: ${icons.join('; ')})`,
    );
  }

  /** Expands a collapsed side-bar tree row. */
  async expandRow(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }

  /** A side-bar view's welcome content (shown while its tree is empty). */
  welcomeContent(): Locator {
    return this.page.locator('.part.sidebar .welcome-view-content');
  }

  /**
   * Waits for `locator` to be visible; fails at once, with its text, when VS Code shows an error
   * dialog instead (e.g. "command 'fluke.x' not found"), so a failure says what the user saw.
   */
  async waitVisible(locator: Locator, what: string, timeout = 30_000): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box');
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      if (await locator.first().isVisible().catch(() => false)) return;
      if (await dialog.isVisible().catch(() => false)) {
        throw new Error(`waiting for ${what}, VS Code showed a dialog: ${(await dialog.innerText()).replace(/\s+/g, ' ')}`);
      }
      await this.page.waitForTimeout(200);
    }
    const toasts = await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    throw new Error(`${what} did not appear within ${timeout} ms${toasts.length ? `; notifications: ${toasts.join(' | ')}` : ''}`);
  }

  /** A notification toast containing `text`. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** Every notification shown so far, opened in the notification centre, as text. */
  async notificationTexts(): Promise<string[]> {
    return await this.page.locator('.notification-list-item-message').allInnerTexts();
  }

  /** The editor tab of an open editor or panel, by title. */
  editorTab(title: string | RegExp): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: title });
  }

  /** The content of the visible webview (the active panel's page, inside VS Code's two iframes). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
  }

  /** Opens a workspace file through Quick Open (Ctrl+P). */
  async openFile(relativePath: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    await this.quickInput.waitFor({ state: 'visible' });
    await this.quickInput.locator('input.input').fill(relativePath);
    const fileName = relativePath.split('/').pop()!;
    await this.quickInput.locator('.monaco-list-row', { hasText: fileName }).first().waitFor({ state: 'visible' });
    await this.page.keyboard.press('Enter');
    await this.editorTab(fileName).waitFor({ state: 'visible' });
  }

  /** The Problems panel's rows (opens it with its keyboard shortcut). */
  async problems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible' });
    return panel.locator('.monaco-list-row');
  }

  /** Error squiggles in the visible editor. */
  errorSquiggles(): Locator {
    return this.page.locator('.monaco-editor .squiggly-error');
  }

  /** A full-page screenshot into the scenario's results folder; returns its path. */
  async screenshot(name: string): Promise<string> {
    this.screenshotCount += 1;
    const path = join(this.resultsFolder, `${String(this.screenshotCount).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }
}
