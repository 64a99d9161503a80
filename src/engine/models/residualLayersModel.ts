/**
 * The embedding model of a `resnet` run rebuilt from standard TF.js layers (conv2d,
 * batchNormalization, maxPooling2d, add, globalAveragePooling2d, dense) with the run's weights
 * copied in, so that `tf.loadLayersModel` runs it anywhere without Fluke's own layers. It
 * computes what the engine computes in inference mode: input [B,H,W,C] already normalised,
 * output the raw (un-normalised) embedding [B,d].
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../protocol/experiment';
import type { NamedWeight } from './namedWeight';

/** The engine's BatchNormalization epsilon. */
const batchNormEpsilon = 1e-5;

export function residualLayersModel(
  config: ModelConfig,
  input: { height: number; width: number; channels: number },
  weights: readonly NamedWeight[],
): tf.LayersModel {
  const byName = new Map(weights.map((weight) => [weight.name, weight]));
  const take = (name: string): tf.Tensor => {
    const weight = byName.get(name);
    if (!weight) throw new Error(`the checkpoint has no weight ${name} (model.blocksPerStage or width differ from the checkpoint's)`);
    return tf.tensor(weight.values, weight.shape, 'float32');
  };
  const pending: Array<{ layer: tf.layers.Layer; values: string[] }> = [];
  const convWithNorm = (x: tf.SymbolicTensor, conv: string, norm: string, stride: number, relu: boolean): tf.SymbolicTensor => {
    const filterShape = byName.get(`${conv}/filter`)?.shape;
    if (!filterShape) throw new Error(`the checkpoint has no weight ${conv}/filter`);
    const convLayer = tf.layers.conv2d({
      name: conv.replace(/\//g, '_'),
      filters: filterShape[3]!,
      kernelSize: filterShape[0]!,
      strides: stride,
      padding: 'same',
      useBias: false,
    });
    const normLayer = tf.layers.batchNormalization({ name: norm.replace(/\//g, '_'), axis: -1, epsilon: batchNormEpsilon });
    pending.push({ layer: convLayer, values: [`${conv}/filter`] });
    pending.push({ layer: normLayer, values: ['gamma', 'beta', 'runningMean', 'runningVariance'].map((part) => `${norm}/${part}`) });
    const normalised = normLayer.apply(convLayer.apply(x)) as tf.SymbolicTensor;
    return relu ? (tf.layers.reLU().apply(normalised) as tf.SymbolicTensor) : normalised;
  };

  const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
  let y = convWithNorm(image, 'backbone/stem/conv', 'backbone/stem/norm', 1, true);
  y = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }).apply(y) as tf.SymbolicTensor;
  config.blocksPerStage.forEach((count, stage) => {
    for (let block = 0; block < count; block++) {
      const name = `backbone/stage${stage}/block${block}`;
      const stride = stage > 0 && block === 0 ? 2 : 1;
      const hidden = convWithNorm(y, `${name}/conv1`, `${name}/norm1`, stride, true);
      const main = convWithNorm(hidden, `${name}/conv2`, `${name}/norm2`, 1, false);
      const shortcut = byName.has(`${name}/projection/filter`) ? convWithNorm(y, `${name}/projection`, `${name}/projectionNorm`, stride, false) : y;
      y = tf.layers.reLU().apply(tf.layers.add().apply([main, shortcut]) as tf.SymbolicTensor) as tf.SymbolicTensor;
    }
  });
  const features = tf.layers.globalAveragePooling2d({ dataFormat: 'channelsLast' }).apply(y) as tf.SymbolicTensor;
  const head = tf.layers.dense({ name: 'embedding', units: config.embeddingSize });
  pending.push({ layer: head, values: ['head/kernel', 'head/bias'] });
  const embedding = head.apply(features) as tf.SymbolicTensor;
  const model = tf.model({ inputs: image, outputs: embedding, name: 'fluke_embedding' });
  for (const { layer, values } of pending) {
    const tensors = values.map(take);
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
  return model;
}
