/**
 * Euclidean distance matrix [count, count] (row-major) of the rows of a plain [count, dim]
 * array, computed from differences (exact 0 on the diagonal): the miners' input where no
 * gradient is needed.
 */
export function distanceMatrix(rows: Float32Array, count: number, dim: number): Float32Array {
  if (rows.length !== count * dim) throw new Error(`distanceMatrix: ${rows.length} values for ${count} x ${dim}`);
  const distances = new Float32Array(count * count);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      let sum = 0;
      for (let a = i * dim, b = j * dim, end = a + dim; a < end; a++, b++) {
        const difference = rows[a]! - rows[b]!;
        sum += difference * difference;
      }
      const distance = Math.sqrt(sum);
      distances[i * count + j] = distance;
      distances[j * count + i] = distance;
    }
  }
  return distances;
}
