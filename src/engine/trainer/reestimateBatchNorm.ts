/**
 * Re-estimates batch norm's running statistics on batches mixed over all training images
 * (method.batchNorm "reestimate-mixed", method.md decision 9): under divide and conquer every
 * training batch holds one cluster, so the running statistics describe single clusters while
 * reclustering and evaluation embed all of them together.
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seededRandom';
import type { EmbedAllInput } from './embedAll';

/** At most this many batches: enough for stable per-channel means and variances. */
const maxBatches = 50;

export function reestimateBatchNorm(input: Pick<EmbedAllInput, 'model' | 'rows' | 'loadBatch' | 'imageShape' | 'batchSize'> & { random: SeededRandom }): void {
  const { model, batchSize } = input;
  const order = input.random.shuffle([...input.rows]);
  const batches = Math.min(maxBatches, Math.floor(order.length / batchSize));
  if (batches === 0) return;
  model.setBatchNormStatistics('reestimating');
  try {
    for (let b = 0; b < batches; b++) {
      const rows = order.slice(b * batchSize, (b + 1) * batchSize);
      tf.tidy(() => {
        model.apply(tf.tensor4d(input.loadBatch(rows), [rows.length, ...input.imageShape]), true);
      });
    }
  } finally {
    model.setBatchNormStatistics('batch');
  }
}
