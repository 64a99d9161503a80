import { dirname, resolve } from 'node:path';
import { selectBackend } from '../../engine/backends/selectBackend';
import { exportEmbeddingModel } from '../../engine/inference/exportEmbeddingModel';
import { loadCheckpointModel } from '../../engine/inference/loadCheckpointModel';
import { withSchemaDefaults } from '../../experiment/storedConfig';
import { getRun } from '../../store/runs';
import { checkpointReader } from '../../store/storeIdentity';
import { CliError } from '../cliErrors';
import { storePathFrom, openExistingStore } from '../storeLocation';
import { checkpointChoiceFlag, chooseCheckpoint } from './chooseCheckpoint';

/** `fluke export RUN --model DIR`: the run's embedding model at one kept checkpoint, as a TF.js LayersModel. */
export async function exportModelCommand(runId: number, folder: string, checkpointFlag: string | undefined, dbFlag: string | undefined): Promise<number> {
  const choice = checkpointChoiceFlag(checkpointFlag);
  const store = openExistingStore(storePathFrom(dbFlag));
  let loaded;
  try {
    const run = getRun(store, runId);
    if (!run) throw new CliError(`fluke export: no run ${runId} in ${store.path}`);
    const config = withSchemaDefaults(run.config);
    loaded = { run, config, checkpoint: chooseCheckpoint(store, run, config, choice), reader: checkpointReader(store, run.id) };
  } finally {
    store.db.close();
  }
  const { run, config, checkpoint, reader } = loaded;
  // The cpu backend: the export copies weights, and its numbers are what any TF.js reproduces.
  await selectBackend('cpu', null);
  const model = await loadCheckpointModel(config, dirname(run.experimentPath), checkpoint, reader);
  try {
    const metadata = await exportEmbeddingModel({
      config,
      checkpoint: model,
      checkpointInfo: { epoch: checkpoint.epoch, path: checkpoint.path },
      run: { id: run.id, name: run.name },
      threshold: config.evaluation.newWhaleThreshold,
      folder: resolve(folder),
      experimentDir: dirname(run.experimentPath),
    });
    process.stderr.write(`exported run ${run.id} at epoch ${checkpoint.epoch} (${checkpoint.choice}) to ${resolve(folder)}: model.json, weights.bin, fluke-model.json (${metadata.embedding.slices} slice(s))\n`);
  } catch (error) {
    throw new CliError(`fluke export: ${(error as Error).message}`);
  } finally {
    model.model.dispose();
  }
  return 0;
}
