import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';
import type { Backbone } from './backbone';
import { BatchNormalization } from './batchNormalization';
import { Convolution } from './convolution';
import { convolutionWithNorm } from './convolutionWithNorm';
import { ResidualBlock } from './residualBlock';
import { VariableRegistry } from './variableRegistry';

export interface ResidualBackboneOptions {
  /** Channels of the first stage; each later stage doubles them. */
  width: number;
  /** Residual blocks per stage (each at least 1). */
  blocksPerStage: number[];
  inputChannels: number;
}

/**
 * A small ResNet for training from scratch at 32-128 px on a CPU: a conv3x3 stem followed by
 * a 2x2 max pool (halving the most expensive resolution cheaply), then stages whose first
 * block downsamples by stride 2 (except the first stage), then global average pooling.
 */
export function createResidualBackbone(options: ResidualBackboneOptions, random: SeededRandom): Backbone {
  const { width, blocksPerStage, inputChannels } = options;
  if (!Number.isInteger(width) || width < 1) throw new Error(`model.width must be a positive integer, got ${width}`);
  if (blocksPerStage.length === 0) throw new Error('model.blocksPerStage must list at least one stage');
  blocksPerStage.forEach((count, stage) => {
    if (!Number.isInteger(count) || count < 1) throw new Error(`model.blocksPerStage[${stage}] must be a positive integer, got ${count}`);
  });
  const registry = new VariableRegistry();
  const stem = new Convolution(registry, 'backbone/stem/conv', random, 3, inputChannels, width);
  const stemNorm = new BatchNormalization(registry, 'backbone/stem/norm', width);
  const blocks: ResidualBlock[] = [];
  let channels = width;
  blocksPerStage.forEach((count, stage) => {
    const stageChannels = width * 2 ** stage;
    for (let block = 0; block < count; block++) {
      const stride = stage > 0 && block === 0 ? 2 : 1;
      blocks.push(new ResidualBlock(registry, `backbone/stage${stage}/block${block}`, random, channels, stageChannels, stride));
      channels = stageChannels;
    }
  });
  return {
    featureSize: channels,
    get trainableVariables() {
      return registry.trainableVariables;
    },
    apply(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
      return tf.tidy(() => {
        let y = tf.maxPool(convolutionWithNorm(stem, stemNorm, x, training, true), 2, 2, 'same');
        for (const block of blocks) y = block.apply(y, training);
        return tf.mean(y, [1, 2]) as tf.Tensor2D;
      });
    },
    setBatchNormStatistics(mode) {
      for (const norm of [stemNorm, ...blocks.flatMap((block) => block.norms)]) norm.statistics = mode;
    },
    saveWeights: () => registry.save(),
    loadWeights: (weights) => registry.load(weights),
    dispose: () => registry.dispose(),
  };
}
