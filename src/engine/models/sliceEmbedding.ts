import * as tf from '@tensorflow/tfjs';

/** Slice c of K covers [c*ceil(d/K), min((c+1)*ceil(d/K), d)) (the method's convention). */
export function sliceBounds(embeddingSize: number, k: number, c: number): [start: number, end: number] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`number of slices must be a positive integer, got ${k}`);
  if (!Number.isInteger(c) || c < 0 || c >= k) throw new Error(`slice index ${c} out of range for ${k} slices`);
  if (k > embeddingSize) throw new Error(`cannot split an embedding of size ${embeddingSize} into ${k} slices`);
  const width = Math.ceil(embeddingSize / k);
  const start = Math.min(c * width, embeddingSize);
  return [start, Math.min((c + 1) * width, embeddingSize)];
}

/** Slice c of the raw embedding, L2-normalised row by row. */
export function normalisedSlice(embedding: tf.Tensor2D, k: number, c: number): tf.Tensor2D {
  const [start, end] = sliceBounds(embedding.shape[1], k, c);
  return tf.tidy(() => {
    const slice = k === 1 ? embedding : tf.slice(embedding, [0, start], [-1, end - start]);
    return l2NormaliseRows(slice);
  });
}

/** The full embedding: the concatenation of the K slices, each L2-normalised on its own (norm sqrt(K)). */
export function normaliseSlices(embedding: tf.Tensor2D, k: number): tf.Tensor2D {
  if (k === 1) return normalisedSlice(embedding, 1, 0);
  return tf.tidy(() => tf.concat(Array.from({ length: k }, (_, c) => normalisedSlice(embedding, k, c)), 1));
}

/**
 * The full embedding as the reference normalises it (model.py): each of the K slices on its
 * own, then the concatenation as a whole (unit norm). Used wherever a loss or a distance is on
 * the full embedding, so the geometry does not jump when the loss moves to it.
 */
export function referenceNormalised(embedding: tf.Tensor2D, k: number): tf.Tensor2D {
  if (k === 1) return normalisedSlice(embedding, 1, 0);
  return tf.tidy(() => l2NormaliseRows(normaliseSlices(embedding, k)));
}

function l2NormaliseRows(x: tf.Tensor2D): tf.Tensor2D {
  // The epsilon keeps the gradient finite for an all-zero row.
  return tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12)));
}
