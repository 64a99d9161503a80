/** B of a batch, checking that the distances form a B x B matrix for the B labels. */
export function checkedBatchSize(distances: Float32Array, labels: Int32Array): number {
  const size = labels.length;
  if (distances.length !== size * size) throw new Error(`miner: ${distances.length} distances for a batch of ${size} (expected ${size * size})`);
  return size;
}
