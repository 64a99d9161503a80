/**
 * Runs the model in evaluation mode (no augmentation, batch-norm running statistics) over many
 * images in batches, reading each batch's result back once, and returns the rows row-major.
 */
import * as tf from '@tensorflow/tfjs';
import type { EmbeddingModel } from '../models/createEmbeddingModel';

export interface EmbedAllInput {
  model: EmbeddingModel;
  /** Pixel rows to embed, in the order wanted. */
  rows: number[];
  /** [B, H, W, C] float input of the given rows (un-augmented). */
  loadBatch: (rows: number[]) => Float32Array;
  imageShape: [number, number, number];
  /** Picks (and may normalise) what to keep from the model's outputs: a [B, D] tensor. */
  select: (output: { features: tf.Tensor2D; embedding: tf.Tensor2D }) => tf.Tensor2D;
  batchSize: number;
}

export function embedAll(input: EmbedAllInput): { values: Float32Array; dim: number } {
  const { model, rows, imageShape, batchSize } = input;
  let values = new Float32Array(0);
  let dim = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batchRows = rows.slice(start, start + batchSize);
    const batch = tf.tidy(() => {
      const images = tf.tensor4d(input.loadBatch(batchRows), [batchRows.length, ...imageShape]);
      return input.select(model.apply(images, false));
    });
    const data = batch.dataSync() as Float32Array;
    if (start === 0) {
      dim = batch.shape[1];
      values = new Float32Array(rows.length * dim);
    }
    values.set(data, start * dim);
    batch.dispose();
  }
  return { values, dim };
}
