import * as tf from '@tensorflow/tfjs';
import type { Backbone } from './backbone';
import { fileModelHandler } from './fileModelHandler';
import type { NamedWeight } from './namedWeight';

/**
 * The checkpoint name of the backbone's index-th weight: position plus the layer's own weight
 * name, stable across processes, unlike the uniquified names TF.js gives a second copy of a
 * model in one process.
 */
export function layersBackboneWeightName(index: number, weight: tf.LayerVariable): string {
  return `backbone/layer${index}/${weight.originalName}`;
}

/**
 * A user's TF.js LayersModel (model.json) as backbone. A 4-D output is globally
 * average-pooled; a 2-D output is used as the features directly.
 */
export async function loadLayersModelBackbone(
  modelJsonPath: string,
  input: { height: number; width: number; channels: number },
): Promise<Backbone> {
  const model = await tf.loadLayersModel(fileModelHandler(modelJsonPath));
  const inputShape = model.inputs[0]?.shape ?? [];
  const expected = [null, input.height, input.width, input.channels];
  const mismatch = inputShape.length !== 4 || inputShape.slice(1).some((size, i) => size !== null && size !== expected[i + 1]);
  if (mismatch) {
    model.dispose();
    throw new Error(
      `${modelJsonPath}: the model takes input [${inputShape.map(String).join(', ')}], the data is [batch, ${input.height}, ${input.width}, ${input.channels}] (model.layersModelPath vs data.imageHeight/imageWidth/channels)`,
    );
  }
  const outputShape = model.outputs[0]?.shape ?? [];
  if (model.outputs.length !== 1 || (outputShape.length !== 2 && outputShape.length !== 4)) {
    model.dispose();
    throw new Error(`${modelJsonPath}: the backbone must have one output of rank 2 or 4, got [${outputShape.map(String).join(', ')}]`);
  }
  const featureSize = outputShape[outputShape.length - 1];
  if (typeof featureSize !== 'number') throw new Error(`${modelJsonPath}: the output's last dimension is unknown`);
  let normFrozen = false;
  return {
    featureSize,
    get trainableVariables() {
      return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    },
    setBatchNormStatistics(mode) {
      if (mode === 'reestimating') throw new Error(`${modelJsonPath}: a LayersModel backbone cannot re-estimate batch-norm statistics; use method.batchNorm "freeze-after-warmup" or "train"`);
      normFrozen = mode === 'frozen';
    },
    apply(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
      return tf.tidy(() => {
        // A LayersModel's `training` flag only switches batch norm (and dropout) to their inference form.
        const output = model.apply(x, { training: training && !normFrozen }) as tf.Tensor;
        return (output.rank === 4 ? tf.mean(output, [1, 2]) : output) as tf.Tensor2D;
      });
    },
    saveWeights(): NamedWeight[] {
      return model.weights.map((weight, index) => ({
        name: layersBackboneWeightName(index, weight),
        shape: [...weight.shape] as number[],
        values: Float32Array.from(weight.read().dataSync() as Float32Array),
      }));
    },
    loadWeights(weights: NamedWeight[]): void {
      const byName = new Map(weights.map((weight) => [weight.name, weight]));
      const updates = model.weights.map((weight, index) => {
        const saved = byName.get(layersBackboneWeightName(index, weight));
        if (!saved) throw new Error(`checkpoint has no weight ${layersBackboneWeightName(index, weight)}`);
        if (saved.shape.join('x') !== weight.shape.join('x')) {
          throw new Error(`checkpoint weight ${saved.name} has shape [${saved.shape.join(', ')}], the model expects [${weight.shape.join(', ')}]`);
        }
        return { weight, saved };
      });
      for (const { weight, saved } of updates) {
        tf.tidy(() => {
          weight.write(tf.tensor(saved.values, saved.shape, 'float32'));
        });
      }
    },
    dispose: () => model.dispose(),
  };
}
