/**
 * The Embedding Map of one evaluation: the evaluated images (queries and gallery) and a seeded
 * sample of training images, embedded as evaluation embeds them, capped at `maxPoints` by a
 * seeded sample, projected to 2-D, each image with the learner it falls to. It draws from its
 * own generators, never the trainer's, so turning the map on or off leaves training unchanged.
 */
import type { ProjectionConfig } from '../../protocol/experiment';
import { referenceNormalised } from '../models/sliceEmbedding';
import { embedAll } from '../trainer/embedAll';
import type { EvaluateRunInput } from '../trainer/evaluateRun';
import type { EmbeddingMapWrite } from '../trainer/runSink';
import { learnersOf } from './learnersOf';
import { projectEmbeddings } from './projectEmbeddings';
import { sampleForProjection } from './sampleForProjection';

/** Embedded as evaluation embeds (the same model, batches, slices), plus what the map needs. */
export interface MapEvaluationInput extends Pick<EvaluateRunInput, 'model' | 'loadBatch' | 'imageShape' | 'slices' | 'seed' | 'batchSize'> {
  epoch: number;
  /** Pixel rows of the evaluated images and of the training images, and each row's store id. */
  evaluatedRows: number[];
  trainRows: number[];
  imageIds: number[];
  /** Cluster of each training image, by position in trainRows. */
  assignments: Int32Array;
  config: ProjectionConfig;
}

export function mapEvaluation(input: MapEvaluationInput): EmbeddingMapWrite | null {
  const { config, seed } = input;
  if (config.method === 'off') return null;
  const started = performance.now();
  const trainPositions = sampleForProjection(input.trainRows.length, config.trainingPoints, seed);
  const candidates = [
    ...input.evaluatedRows.map((row) => ({ row, cluster: -1 })),
    ...trainPositions.map((position) => ({ row: input.trainRows[position]!, cluster: input.assignments[position]! })),
  ];
  const kept = sampleForProjection(candidates.length, config.maxPoints, seed + 1).map((index) => candidates[index]!);
  if (kept.length === 0) return null;
  const { values, dim } = embedAll({
    model: input.model,
    rows: kept.map((point) => point.row),
    loadBatch: input.loadBatch,
    imageShape: input.imageShape,
    select: ({ embedding }) => referenceNormalised(embedding, input.slices),
    batchSize: input.batchSize,
  });
  const { method, xy } = projectEmbeddings(values, kept.length, dim, config, seed);
  return {
    epoch: input.epoch,
    method,
    candidates: candidates.length,
    seconds: (performance.now() - started) / 1000,
    imageIds: kept.map((point) => input.imageIds[point.row]!),
    xy,
    learners: learnersOf(values, dim, kept.map((point) => point.cluster)),
  };
}
