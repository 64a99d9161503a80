import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandServices } from '../commands/commandServices';
import { runsFrom } from '../commands/commandTargets';
import { runFlukeCli } from '../runFlukeCli';
import type { PanelContext } from '../panels/panelHost';
import { requireTrust } from '../trust';
import { photoListCsv, predictArguments, predictionOutcome, predictProgress } from './identifyPhotosPlan';
import { RetrievalPanel } from './retrievalPanel';

/**
 * "Fluke: Identify Photos...": a run (the clicked one, or picked), then photos or a folder;
 * `fluke predict --json` identifies them in a child process and the Retrieval Preview shows
 * them. It spawns a process that reads files, so not in Restricted Mode.
 */
export function registerIdentifyPhotos(services: CommandServices, panels: PanelContext): vscode.Disposable {
  return vscode.commands.registerCommand('fluke.identifyPhotos', async (item?: unknown) => {
    try {
      await identifyPhotos(services, panels, item);
    } catch (error) {
      services.log.error(`identify photos: ${(error as Error).message}`);
      void vscode.window.showErrorMessage(`Fluke: identifying photos failed: ${(error as Error).message}`);
    }
  });
}

async function identifyPhotos(services: CommandServices, panels: PanelContext, item: unknown): Promise<void> {
  if (!requireTrust('Identifying photos')) return;
  const [run] = await runsFrom(services, item, undefined, {
    accept: (candidate) => candidate.lastEpoch > 0,
    placeHolder: 'Run whose model identifies the photos',
    canPickMany: false,
    none: 'no run has a checkpoint yet (a run needs one finished epoch).',
  });
  if (!run) return;
  const kind = await vscode.window.showQuickPick(
    [
      { label: '$(folder) A folder of photos', folders: true },
      { label: '$(file-media) Photos', folders: false },
    ],
    { placeHolder: `Identify photos with run ${run.id} "${run.name}"` },
  );
  if (!kind) return;
  const settings = services.settings();
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: kind.folders,
    canSelectFiles: !kind.folders,
    canSelectMany: !kind.folders,
    filters: kind.folders ? undefined : { Photos: ['jpg', 'jpeg', 'png'] },
    defaultUri: settings.workspaceFolder ? vscode.Uri.file(settings.workspaceFolder) : undefined,
    openLabel: 'Identify',
    title: `Photos to identify with run ${run.id}`,
  });
  if (!picked || picked.length === 0) return;
  let images = picked[0]!.fsPath;
  if (!kind.folders) {
    const folder = services.context.globalStorageUri.fsPath;
    mkdirSync(folder, { recursive: true });
    images = join(folder, `identify-run-${run.id}.csv`);
    writeFileSync(images, photoListCsv(picked.map((uri) => uri.fsPath)));
  }
  const args = predictArguments(run, images, settings.databasePath);
  services.log.info(`fluke ${args.join(' ')}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Fluke: identifying photos with run ${run.id}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      return runFlukeCli({
        nodePath: settings.nodePath,
        cliPath: services.cliPath,
        args,
        cwd: settings.workspaceFolder ?? services.context.extensionPath,
        signal: abort.signal,
        onStderrLine: (line) => {
          services.log.info(line);
          const step = predictProgress(line);
          if (!step) return;
          const share = (100 * step.done) / step.total;
          progress.report({ message: `embedded ${step.done} of ${step.total} photos`, increment: share - reported });
          reported = share;
        },
      }).catch((error: unknown) => {
        if (abort.signal.aborted) return null;
        throw error;
      });
    },
  );
  if (!result) return;
  const report = predictionOutcome(result);
  if (report.failed.length > 0) {
    void vscode.window.showWarningMessage(
      `Fluke: ${report.failed.length} photo(s) could not be read and were skipped: ${report.failed.map((failure) => failure.path).join(', ')}`,
    );
  }
  RetrievalPanel.show(panels, { runId: run.id, epoch: null }, null, report);
}
