/**
 * What training updates: the shared model, one loss per learner (each may own a learnable beta),
 * a miner per embedding width, and one optimizer over the network and the losses' betas (these
 * at their own learning rate, without weight decay).
 */
import type { ExperimentConfig } from '../../protocol/experiment';
import { createLoss } from '../losses/createLoss';
import type { MetricLoss } from '../losses/metricLoss';
import { createMiner } from '../miners/createMiner';
import type { Miner } from '../miners/miner';
import { createEmbeddingModel } from '../models/createEmbeddingModel';
import type { EmbeddingModel } from '../models/createEmbeddingModel';
import { sliceBounds } from '../models/sliceEmbedding';
import { ParameterOptimizer } from './parameterOptimizer';

export interface TrainerParts {
  model: EmbeddingModel;
  /** Loss of learner c; learner 0's is also the one used once K becomes 1. */
  losses: MetricLoss[];
  /** The miner for embeddings (or slices) of the given width. */
  minerFor(dim: number): Miner;
  /** Width of learner c's slice when K learners share the embedding. */
  sliceWidth(k: number, c: number): number;
  optimizer: ParameterOptimizer;
  dispose(): void;
}

export async function createTrainerParts(config: ExperimentConfig, trainClasses: number, experimentDir: string): Promise<TrainerParts> {
  const model = await createEmbeddingModel(
    config.model,
    { height: config.data.imageHeight, width: config.data.imageWidth, channels: config.data.channels },
    config.runtime.seed,
    experimentDir,
  );
  const losses = Array.from({ length: config.method.clusters }, () => createLoss(config.loss, trainClasses));
  const miners = new Map<number, Miner>();
  const optimizer = new ParameterOptimizer(config.optimizer, [
    { variables: model.trainableVariables, learningRate: config.optimizer.learningRate, weightDecay: config.optimizer.weightDecay },
    ...losses.map((loss) => {
      const extra = loss.extraVariables();
      return { variables: extra.variables, learningRate: extra.learningRate, weightDecay: 0 };
    }),
  ]);
  return {
    model,
    losses,
    minerFor(dim) {
      let miner = miners.get(dim);
      if (!miner) {
        miner = createMiner(config.sampling, dim, config.loss.margin);
        miners.set(dim, miner);
      }
      return miner;
    },
    sliceWidth(k, c) {
      const [start, end] = sliceBounds(model.embeddingSize, k, c);
      return end - start;
    },
    optimizer,
    dispose() {
      optimizer.dispose();
      for (const loss of losses) loss.dispose();
      model.dispose();
    },
  };
}
