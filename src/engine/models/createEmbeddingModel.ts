import * as tf from '@tensorflow/tfjs';
import { isAbsolute, resolve } from 'node:path';
import type { ModelConfig } from '../../protocol/experiment';
import { SeededRandom } from '../../random/seededRandom';
import type { Backbone } from './backbone';
import type { BatchNormStatistics } from './batchNormalization';
import { EmbeddingHead } from './embeddingHead';
import { loadLayersModelBackbone } from './layersModelBackbone';
import type { NamedWeight } from './namedWeight';
import { createResidualBackbone } from './residualBackbone';
import { VariableRegistry } from './variableRegistry';

export type { NamedWeight } from './namedWeight';

export interface EmbeddingModel {
  /** x: [B,H,W,C] float32 (already normalised). Returns pooled backbone features [B,f] and the raw (un-normalised) embedding [B,d]. */
  apply(x: tf.Tensor4D, training: boolean): { features: tf.Tensor2D; embedding: tf.Tensor2D };
  readonly trainableVariables: tf.Variable[];
  /** What the backbone's batch norm does in training-mode forwards from now on. */
  setBatchNormStatistics(mode: BatchNormStatistics): void;
  readonly featureSize: number;
  readonly embeddingSize: number;
  /** Weights (and batch-norm running statistics) as named arrays, for checkpoints; load restores them exactly. */
  saveWeights(): NamedWeight[];
  loadWeights(weights: NamedWeight[]): void;
  dispose(): void;
}

/** Backbones name their weights under this prefix; the head's are under 'head/'. */
const backbonePrefix = 'backbone/';

/**
 * Backbone + embedding head. Weights are drawn from a generator seeded with `seed`, so the
 * same seed gives the same initial weights (a LayersModel backbone keeps its file's weights).
 * `baseDir` resolves a relative model.layersModelPath (the experiment file's folder).
 */
export async function createEmbeddingModel(
  config: ModelConfig,
  input: { height: number; width: number; channels: number },
  seed: number,
  baseDir: string,
): Promise<EmbeddingModel> {
  if (!Number.isInteger(config.embeddingSize) || config.embeddingSize < 1) {
    throw new Error(`model.embeddingSize must be a positive integer, got ${config.embeddingSize}`);
  }
  const random = new SeededRandom(seed);
  let backbone: Backbone;
  if (config.backbone === 'layers-model') {
    if (!config.layersModelPath) throw new Error('model.layersModelPath is required for backbone "layers-model"');
    const path = isAbsolute(config.layersModelPath) ? config.layersModelPath : resolve(baseDir, config.layersModelPath);
    backbone = await loadLayersModelBackbone(path, input);
  } else if (config.backbone === 'resnet') {
    backbone = createResidualBackbone({ width: config.width, blocksPerStage: config.blocksPerStage, inputChannels: input.channels }, random.fork());
  } else {
    throw new Error(`model.backbone: unknown backbone "${String(config.backbone)}" (resnet or layers-model)`);
  }
  const headRegistry = new VariableRegistry();
  const head = new EmbeddingHead(headRegistry, random.fork(), backbone.featureSize, config.embeddingSize);
  const saveWeights = (): NamedWeight[] => [...backbone.saveWeights(), ...headRegistry.save()];
  return {
    featureSize: backbone.featureSize,
    embeddingSize: config.embeddingSize,
    get trainableVariables() {
      return [...backbone.trainableVariables, ...headRegistry.trainableVariables];
    },
    setBatchNormStatistics: (mode) => backbone.setBatchNormStatistics(mode),
    apply(x: tf.Tensor4D, training: boolean) {
      return tf.tidy(() => {
        const features = backbone.apply(x, training);
        return { features, embedding: head.apply(features) };
      });
    },
    saveWeights,
    loadWeights(weights: NamedWeight[]): void {
      const split = (all: NamedWeight[]) => ({
        backbone: all.filter((weight) => weight.name.startsWith(backbonePrefix)),
        head: all.filter((weight) => !weight.name.startsWith(backbonePrefix)),
      });
      const before = split(saveWeights());
      const after = split(weights);
      try {
        backbone.loadWeights(after.backbone);
        headRegistry.load(after.head);
      } catch (error) {
        // A checkpoint that does not fit leaves the model as it was, not half loaded.
        backbone.loadWeights(before.backbone);
        headRegistry.load(before.head);
        throw error;
      }
    },
    dispose(): void {
      backbone.dispose();
      headRegistry.dispose();
    },
  };
}
