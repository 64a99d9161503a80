/**
 * Writes a run's embedding model where other programs can use it: a TF.js LayersModel
 * (model.json + weights.bin, standard layers only) and fluke-model.json beside it saying how
 * to feed it (input size, channels, pixel normalisation) and how to read its output (K slices,
 * each L2-normalised, concatenated, then the whole L2-normalised: what the run's evaluation and `fluke predict` compare).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../protocol/experiment';
import { fileModelHandler } from '../models/fileModelHandler';
import { embeddingLayersModel } from '../models/embeddingLayersModel';
import { sliceBounds } from '../models/sliceEmbedding';
import type { CheckpointModel } from './loadCheckpointModel';

export interface ExportedModelMetadata {
  format: 'fluke-embedding-model';
  version: 1;
  run: { id: number; name: string };
  /** trainedEpoch differs from epoch when a stop inside the next epoch wrote the checkpoint. */
  checkpoint: { epoch: number; path: string; trainedEpoch: number };
  modelFile: 'model.json';
  input: { height: number; width: number; channels: number; layout: 'NHWC'; fit: string; resize: string };
  normalisation: { formula: string; scale: number; offset: number };
  embedding: { size: number; slices: number; sliceRanges: Array<[number, number]>; l2NormaliseEachSlice: true; l2NormaliseWhole: true; output: string };
  newWhaleLabel: string;
  newWhaleThreshold: number | null;
}

export const exportedMetadataFile = 'fluke-model.json';

export async function exportEmbeddingModel(input: {
  config: ExperimentConfig;
  checkpoint: CheckpointModel;
  checkpointInfo: { epoch: number; path: string };
  run: { id: number; name: string };
  threshold: number | null;
  folder: string;
  /** Resolves a relative model.layersModelPath (the experiment file's folder). */
  experimentDir: string;
}): Promise<ExportedModelMetadata> {
  const { config, checkpoint } = input;
  const size = { height: config.data.imageHeight, width: config.data.imageWidth, channels: config.data.channels };
  const layers = await embeddingLayersModel(config.model, size, checkpoint.model.saveWeights(), input.experimentDir);
  try {
    await layers.save(fileModelHandler(join(input.folder, 'model.json')));
  } finally {
    layers.dispose();
  }
  const embeddingSize = config.model.embeddingSize;
  const metadata: ExportedModelMetadata = {
    format: 'fluke-embedding-model',
    version: 1,
    run: input.run,
    checkpoint: { ...input.checkpointInfo, trainedEpoch: checkpoint.trainedEpoch },
    modelFile: 'model.json',
    input: {
      ...size,
      layout: 'NHWC',
      fit: config.data.fit,
      resize: `decode, apply the EXIF orientation, resize to ${size.width}x${size.height} centred (${config.data.fit === 'pad' ? 'the whole photo, padded with black' : 'cropped to fill'}), drop alpha, ${size.channels === 1 ? 'greyscale' : 'sRGB'}; values 0..255`,
    },
    normalisation: { formula: 'x = pixel / 127.5 - 1', scale: 1 / 127.5, offset: -1 },
    embedding: {
      size: embeddingSize,
      slices: checkpoint.slices,
      sliceRanges: Array.from({ length: checkpoint.slices }, (_, c) => sliceBounds(embeddingSize, checkpoint.slices, c)),
      l2NormaliseEachSlice: true,
      l2NormaliseWhole: true,
      output: 'the model outputs the raw embedding; L2-normalise each slice [start, end), concatenate, L2-normalise the whole, then compare by Euclidean distance',
    },
    newWhaleLabel: config.data.newWhaleLabel,
    newWhaleThreshold: input.threshold,
  };
  writeFileSync(join(input.folder, exportedMetadataFile), `${JSON.stringify(metadata, null, 2)}\n`);
  return metadata;
}
