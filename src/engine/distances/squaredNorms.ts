/** Squared L2 norm of each row of a row-major [count, dim] array, in double precision. */
export function squaredNorms(rows: Float32Array, count: number, dim: number): Float64Array {
  const norms = new Float64Array(count);
  for (let r = 0; r < count; r++) {
    let sum = 0;
    for (let c = r * dim, end = c + dim; c < end; c++) sum += rows[c]! * rows[c]!;
    norms[r] = sum;
  }
  return norms;
}
