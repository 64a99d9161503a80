/**
 * The batches of one epoch: each batch (drawn from one cluster) goes to its learner, which
 * trains its slice of the embedding (or the whole embedding, per the schedule). Stops at a
 * batch boundary when asked, and at the first NaN or infinite loss.
 */
import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../../data/augmentation';
import type { ExperimentConfig } from '../../protocol/experiment';
import type { SeededRandom } from '../../random/seededRandom';
import type { RunData } from './prepareRunData';
import type { PartialEpoch } from './trainerCheckpoint';
import type { TrainerParts } from './trainerParts';
import { addStepHardness } from './batchHardness';
import type { TrainingSchedule } from './trainingSchedule';
import { trainStep } from './trainStep';

export interface EpochContext {
  config: ExperimentConfig;
  data: RunData;
  parts: TrainerParts;
  random: SeededRandom;
  schedule: TrainingSchedule;
  shouldStop: () => boolean;
}

export type EpochOutcome = { status: 'completed' } | { status: 'stopped' } | { status: 'diverged'; error: string };

/**
 * Trains the remaining batches of `progress`, updating it as it goes. Yields to the event loop
 * before each batch, so that a stop request (a signal handler) is seen at the next boundary.
 */
export async function trainEpoch(context: EpochContext, progress: PartialEpoch): Promise<EpochOutcome> {
  const { config, data, parts, random, schedule } = context;
  const k = schedule.clustersAt(progress.epoch);
  const full = schedule.lossOnFullEmbedding(progress.epoch);
  parts.model.setBatchNormStatistics(schedule.batchNormFrozen(progress.epoch) ? 'frozen' : 'batch');
  const { height, width, channels } = data.size;
  while (progress.batchesDone < progress.batches.length) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (context.shouldStop()) return { status: 'stopped' };
    const started = performance.now();
    const batch = progress.batches[progress.batchesDone]!;
    const learner = k === 1 ? 0 : batch.cluster;
    const rows = batch.indices.map((position) => data.train[position]!);
    const labels = Int32Array.from(batch.indices, (position) => data.trainLabels[position]!);
    const images = tf.tensor4d(augmentBatch(data.pixels, rows, data.size, config.data.augmentation, random, true), [rows.length, height, width, channels]);
    const dim = full ? parts.model.embeddingSize : parts.sliceWidth(k, learner);
    const step = trainStep({
      model: parts.model,
      loss: parts.losses[learner]!,
      miner: parts.minerFor(dim),
      optimizer: parts.optimizer,
      images,
      labels,
      target: full ? { whole: true, slices: config.method.clusters } : { slice: learner, of: k },
      random,
    });
    images.dispose();
    const loss = step.loss;
    if (!Number.isFinite(loss)) {
      return { status: 'diverged', error: `loss became ${loss} at epoch ${progress.epoch}, batch ${progress.batchesDone + 1} (learner ${learner})` };
    }
    progress.lossSums[learner]! += loss;
    progress.lossCounts[learner]! += 1;
    addStepHardness(progress.hardness[learner]!, step);
    progress.batchesDone += 1;
    progress.seconds += (performance.now() - started) / 1000;
  }
  return { status: 'completed' };
}
