/**
 * Workspaces for the scenarios: a tiny synthetic whale-fluke set (a few identities, small
 * images) and experiment files small enough that a run takes seconds on one core.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentFile } from '../../../src/protocol/experiment';
import { runCli } from './cli';

/** Writes the synthetic set into `workspace/data` (Kaggle format: train.csv + train/*.png). */
export function generateTinyDataset(workspace: string): void {
  runCli(['data', 'generate', '--out', 'data', '--identities', '12', '--photos', '4', '--seed', '7'], workspace);
}

/** A run of 16x32 grey images through a one-stage, width-4 CNN: seconds per epoch. */
export function tinyExperiment(name: string, epochs: number): ExperimentFile {
  return {
    name,
    description: 'end-to-end test experiment',
    data: {
      path: 'data',
      imageHeight: 16,
      imageWidth: 32,
      channels: 1,
      testIdentityFraction: 0.5,
      queryFraction: 0.5,
      augmentation: { randomResizedCrop: false, rotationDegrees: 0, brightness: 0, contrast: 0 },
    },
    model: { width: 4, blocksPerStage: [1], embeddingSize: 8 },
    method: { clusters: 1, reclusterEvery: 1, kmeansRestarts: 1, kmeansMaxIterations: 10 },
    sampling: { classesPerBatch: 4, imagesPerClass: 2, batchesPerEpoch: 2 },
    epochs,
    evaluation: { every: 1, recallAt: [1, 2], retrievalTopK: 5, newWhaleThreshold: 0.5 },
    // What a user gets by default (wasm here), so the scenarios cover the real training path.
    runtime: { backend: 'auto', seed: 1 },
  };
}

/** Writes `<workspace>/<fileName>` (e.g. "tiny.experiment.json"); returns its path. */
export function writeExperiment(workspace: string, fileName: string, experiment: ExperimentFile): string {
  const path = join(workspace, fileName);
  writeFileSync(path, `${JSON.stringify(experiment, null, 2)}\n`);
  return path;
}
