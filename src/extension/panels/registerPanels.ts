import * as vscode from 'vscode';
import { ClustersPanel } from '../clusters/clustersPanel';
import { choiceFromClustersState } from '../clusters/clustersMessages';
import { ComparePanel } from '../compare/comparePanel';
import { EmbeddingMapPanel } from '../embeddingMap/embeddingMapPanel';
import { choiceFromEmbeddingMapState } from '../embeddingMap/embeddingMapMessages';
import { mapRequestFromArgument } from '../embeddingMap/mapRequest';
import { runIdsFromCompareState } from '../compare/compareMessages';
import { RetrievalPanel } from '../retrieval/retrievalPanel';
import { keptIdentifiedReport } from '../retrieval/identifiedReportFile';
import { slotsFromRetrievalState } from '../retrieval/retrievalMessages';
import { runIdsFromArguments } from './commandArguments';
import type { PanelContext } from './panelHost';
import type { PanelServe } from './panelServe';
import { pickRuns } from './pickRuns';

/**
 * The webview panels: their commands (from a run in the sidebar, a multi-selection,
 * or the command palette with a quick pick) and the serializers that bring them back after
 * a reload. `serve` is the extension's ServeClient. Returns what panels are opened with.
 */
export function registerPanels(context: vscode.ExtensionContext, serve: PanelServe): PanelContext {
  const log = vscode.window.createOutputChannel('Fluke Lab Panels', { log: true });
  const panels: PanelContext = { extensionUri: context.extensionUri, serve, log, storageFolder: (context.storageUri ?? context.globalStorageUri).fsPath };
  const isDivideAndConquer = (run: { config: { method: { clusters: number } } }) => run.config.method.clusters > 1;

  const compareRuns = async (item?: unknown, selectedItems?: unknown) => {
    let runIds = runIdsFromArguments(item, selectedItems);
    if (runIds.length === 0) runIds = (await pickRuns(serve, { title: 'Runs to compare', canPickMany: true }))?.map((run) => run.id) ?? [];
    if (runIds.length) ComparePanel.show(panels, runIds);
  };
  const openRetrievalPreview = async (item?: unknown, selectedItems?: unknown) => {
    let runIds = runIdsFromArguments(item, selectedItems);
    if (runIds.length === 0) runIds = (await pickRuns(serve, { title: 'Run to preview', canPickMany: false }))?.map((run) => run.id) ?? [];
    const [a, b] = runIds;
    if (a !== undefined) RetrievalPanel.show(panels, { runId: a, epoch: null }, b === undefined ? null : { runId: b, epoch: null });
  };
  const openClusters = async (item?: unknown, selectedItems?: unknown) => {
    let runId: number | undefined = runIdsFromArguments(item, selectedItems)[0];
    if (runId === undefined) {
      runId = (await pickRuns(serve, { title: 'Divide-and-conquer run', canPickMany: false, accept: isDivideAndConquer }))?.[0]?.id;
    }
    if (runId !== undefined) ClustersPanel.show(panels, runId);
  };
  const openEmbeddingMap = async (item?: unknown, selectedItems?: unknown) => {
    let runIds = runIdsFromArguments(item, selectedItems);
    if (runIds.length === 0) runIds = (await pickRuns(serve, { title: 'Run to map', canPickMany: false }))?.map((run) => run.id) ?? [];
    const [a, b] = runIds;
    if (a !== undefined) EmbeddingMapPanel.show(panels, { runIdA: a, runIdB: b ?? null, epoch: null, highlight: null });
  };
  // From the Clusters and Retrieval Preview panels: a run, an epoch and what to pick out.
  const showOnEmbeddingMap = async (argument?: unknown) => {
    const request = mapRequestFromArgument(argument);
    EmbeddingMapPanel.show(panels, { runIdA: request.runId, runIdB: null, epoch: request.epoch, highlight: request.highlight });
  };
  const failSafe =
    (name: string, handler: (item?: unknown, selectedItems?: unknown) => Promise<void>) =>
    (item?: unknown, selectedItems?: unknown) =>
      handler(item, selectedItems).catch((error: unknown) => {
        log.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        void vscode.window.showErrorMessage(`Fluke Lab: ${error instanceof Error ? error.message : String(error)}`);
      });

  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('fluke.compareRuns', failSafe('fluke.compareRuns', compareRuns)),
    vscode.commands.registerCommand('fluke.openRetrievalPreview', failSafe('fluke.openRetrievalPreview', openRetrievalPreview)),
    vscode.commands.registerCommand('fluke.openClusters', failSafe('fluke.openClusters', openClusters)),
    vscode.commands.registerCommand('fluke.openEmbeddingMap', failSafe('fluke.openEmbeddingMap', openEmbeddingMap)),
    vscode.commands.registerCommand('fluke.showOnEmbeddingMap', failSafe('fluke.showOnEmbeddingMap', showOnEmbeddingMap)),
    vscode.window.registerWebviewPanelSerializer(ComparePanel.viewType, {
      async deserializeWebviewPanel(panel, state: unknown) {
        ComparePanel.revive(panel, panels, runIdsFromCompareState(state));
      },
    }),
    vscode.window.registerWebviewPanelSerializer(RetrievalPanel.viewType, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const slots = slotsFromRetrievalState(state);
        if (slots) RetrievalPanel.revive(panel, panels, slots.a, slots.b, slots.showsIdentified ? keptIdentifiedReport(panels.storageFolder, slots.a.runId) : null);
        else panel.dispose();
      },
    }),
    vscode.window.registerWebviewPanelSerializer(EmbeddingMapPanel.viewType, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const choice = choiceFromEmbeddingMapState(state);
        if (choice) EmbeddingMapPanel.revive(panel, panels, { ...choice, highlight: null });
        else panel.dispose();
      },
    }),
    vscode.window.registerWebviewPanelSerializer(ClustersPanel.viewType, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const choice = choiceFromClustersState(state);
        if (choice) ClustersPanel.revive(panel, panels, choice.runId, choice.clusteringId);
        else panel.dispose();
      },
    }),
  );
  return panels;
}
