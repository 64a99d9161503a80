/**
 * The three panels in a dark, a high-contrast and a light theme: their text takes the theme's
 * colours (readable against the panel's background) and the background is the theme's (dark in
 * the dark themes, light in the light one, so a hard-coded background fails one of them), and
 * a screenshot of each panel in each theme goes to test-results/.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { E2ESession } from './harness/session';
import { storedRun, storedRuns, trainWithCli } from './harness/store';
import { generateTinyDataset, tinyExperiment, writeExperiment } from './harness/workspaceFixtures';

/** The little of the DOM the check reads (the Node typecheck has no DOM types). */
interface StyledElement {
  textContent: string | null;
  parentElement: StyledElement | null;
  ownerDocument: {
    documentElement: StyledElement;
    defaultView: { getComputedStyle(element: StyledElement): { backgroundColor: string; color: string; getPropertyValue(name: string): string } } | null;
  };
}

interface TextContrast {
  text: string;
  color: string;
  background: string;
  ratio: number;
}

function channels(colour: string): number[] {
  if (colour.startsWith('#')) return [1, 3, 5].map((offset) => parseInt(colour.slice(offset, offset + 2), 16));
  return (colour.match(/[\d.]+/g) ?? []).map(Number);
}

function relativeLuminance(colour: string): number {
  const [r, g, b] = channels(colour).map((value) => {
    const share = value / 255;
    return share <= 0.03928 ? share / 12.92 : ((share + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast of the panel heading's text against the first opaque background behind it. */
async function headingContrast(page: FrameLocator): Promise<TextContrast> {
  const heading = page.locator('h1');
  await heading.waitFor({ state: 'visible', timeout: 60_000 });
  // Only reads computed styles in the page (no helper functions: the page has no bundler helpers).
  const seen = await heading.evaluate((element: StyledElement) => {
    const view = element.ownerDocument.defaultView!;
    const backgrounds: string[] = [];
    for (let node: StyledElement | null = element; node; node = node.parentElement) backgrounds.push(view.getComputedStyle(node).backgroundColor);
    return {
      text: element.textContent ?? '',
      color: view.getComputedStyle(element).color,
      backgrounds,
      editorBackground: view.getComputedStyle(element.ownerDocument.documentElement).getPropertyValue('--vscode-editor-background').trim(),
    };
  });
  // Nothing painted behind the text means the webview shows the editor background.
  const background = seen.backgrounds.find((colour) => (channels(colour)[3] ?? 1) > 0.5) ?? seen.editorBackground;
  const [lighter, darker] = [relativeLuminance(seen.color), relativeLuminance(background)].sort((a, b) => b - a);
  return { text: seen.text, color: seen.color, background, ratio: (lighter! + 0.05) / (darker! + 0.05) };
}

const themes = [
  { name: 'Default Dark Modern', slug: 'dark', dark: true },
  { name: 'Default High Contrast', slug: 'high-contrast', dark: true },
  { name: 'Default Light Modern', slug: 'light', dark: false },
];

for (const theme of themes) {
  describe(`panels in ${theme.name}`, { timeout: 400_000 }, () => {
    let session: E2ESession;
    let runLabel: string;
    let runId = 0;

    before(async () => {
      session = await E2ESession.start(`themes-${theme.slug}`, {
        settings: { 'workbench.colorTheme': theme.name },
        prepareWorkspace: (workspace) => {
          generateTinyDataset(workspace);
          const experiment = tinyExperiment('themed', 2);
          writeExperiment(workspace, 'themed.experiment.json', { ...experiment, method: { ...experiment.method, clusters: 2 } });
          trainWithCli(workspace, 'themed.experiment.json');
        },
      });
      const [run] = storedRuns(session.workspace);
      assert.equal(run?.status, 'completed', 'the run was trained before the window opened');
      runLabel = `#${run.id}`;
      runId = run.id;
    });

    afterEach(async (context) => {
      await session?.screenshotAfter(context.name);
      await session?.workbench.runCommand('View: Close All Editors').catch(() => undefined);
    });

    after(async () => {
      await session?.close();
    });

    const panels = [
      { command: 'Fluke: Compare Runs', title: 'Compare Runs', ready: '[data-testid=compare-chart-loss]' },
      { command: 'Fluke: Open Retrieval Preview', title: 'Retrieval Preview', ready: '[data-testid=query-photo] img' },
      { command: 'Fluke: Open Clusters', title: 'Clusters', ready: '[data-testid=cluster-card]' },
    ];
    for (const panel of panels) {
      test(`${panel.title} takes the theme's colours`, async () => {
        const { workbench } = session;
        await workbench.runCommand(panel.command);
        await workbench.chooseInQuickPick([runLabel]);
        const page = workbench.webview();
        await page.locator(panel.ready).first().waitFor({ state: 'attached', timeout: 60_000 });
        const contrast = await headingContrast(page);
        assert.equal(contrast.text, panel.title);
        assert.ok(contrast.ratio >= 4.5, `"${panel.title}" heading: ${contrast.color} on ${contrast.background} has contrast ${contrast.ratio.toFixed(2)}`);
        const luminance = relativeLuminance(contrast.background);
        assert.ok(
          theme.dark ? luminance < 0.1 : luminance > 0.8,
          `${theme.name}: the panel background ${contrast.background} (luminance ${luminance.toFixed(2)}) follows the theme`,
        );
        if (panel.title === 'Clusters') {
          // The churn chart drew the stored NMI of each reclustering that had one before it.
          const drawn = JSON.parse((await page.locator('[data-testid=churn-chart]').getAttribute('data-points')) ?? '[]') as Array<{ x: number; y: number }>;
          const stored = storedRun(session.workspace, runId).clusterings.filter((c) => c.churnNmi !== null);
          assert.ok(stored.length > 0, 'the run reclustered at least once after its first division');
          assert.deepEqual(drawn, stored.map((c) => ({ x: c.epoch, y: c.churnNmi })));
        }
        await workbench.screenshot(`${panel.title.toLowerCase().replace(/ /g, '-')}-${theme.slug}`);
      });
    }
  });
}
