/**
 * A run's embedding model as one standard TF.js LayersModel with the checkpoint's weights:
 * a resnet backbone rebuilt from standard layers, or the user's own LayersModel backbone
 * nested as it is (global average pooling after a 4-D output), then the dense head. Input
 * [B,H,W,C] already normalised; output the raw embedding [B,d].
 */
import * as tf from '@tensorflow/tfjs';
import { isAbsolute, resolve } from 'node:path';
import type { ModelConfig } from '../../protocol/experiment';
import { fileModelHandler } from './fileModelHandler';
import { layersBackboneWeightName } from './layersModelBackbone';
import type { NamedWeight } from './namedWeight';
import { residualLayersModel } from './residualLayersModel';

export async function embeddingLayersModel(
  config: ModelConfig,
  input: { height: number; width: number; channels: number },
  weights: readonly NamedWeight[],
  baseDir: string,
): Promise<tf.LayersModel> {
  if (config.backbone === 'resnet') return residualLayersModel(config, input, weights);
  if (!config.layersModelPath) throw new Error('model.layersModelPath is required for backbone "layers-model"');
  const path = isAbsolute(config.layersModelPath) ? config.layersModelPath : resolve(baseDir, config.layersModelPath);
  const backbone = await tf.loadLayersModel(fileModelHandler(path));
  const byName = new Map(weights.map((weight) => [weight.name, weight]));
  const tensorOf = (name: string) => {
    const weight = byName.get(name);
    if (!weight) throw new Error(`the checkpoint has no weight ${name}`);
    return tf.tensor(weight.values, weight.shape, 'float32');
  };
  backbone.weights.forEach((weight, index) => {
    const value = tensorOf(layersBackboneWeightName(index, weight));
    weight.write(value);
    value.dispose();
  });
  const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
  let features = backbone.apply(image) as tf.SymbolicTensor;
  if (features.shape.length === 4) features = tf.layers.globalAveragePooling2d({ dataFormat: 'channelsLast' }).apply(features) as tf.SymbolicTensor;
  const head = tf.layers.dense({ name: 'embedding', units: config.embeddingSize });
  const embedding = head.apply(features) as tf.SymbolicTensor;
  const headWeights = [tensorOf('head/kernel'), tensorOf('head/bias')];
  head.setWeights(headWeights);
  tf.dispose(headWeights);
  return tf.model({ inputs: image, outputs: embedding, name: 'fluke_embedding' });
}
