/**
 * Minimum-cost perfect assignment on a square cost matrix (Hungarian / Kuhn-Munkres with
 * row and column potentials, O(n^3)). `cost` is row-major [n, n]; returns, for each row, the
 * column assigned to it.
 */
export function hungarian(cost: ArrayLike<number>, n: number): Int32Array {
  if (!Number.isInteger(n) || n < 0 || cost.length !== n * n) throw new Error(`hungarian: ${cost.length} costs do not form a ${n} x ${n} matrix`);
  for (let i = 0; i < cost.length; i++) {
    if (!Number.isFinite(cost[i]!)) throw new Error(`hungarian: cost at row ${Math.floor(i / n)}, column ${i % n} is not finite`);
  }
  // 1-based arrays with a virtual column 0 that holds the row being added.
  const rowPotential = new Float64Array(n + 1);
  const columnPotential = new Float64Array(n + 1);
  const rowOfColumn = new Int32Array(n + 1);
  const previousColumn = new Int32Array(n + 1);
  const minSlack = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let row = 1; row <= n; row++) {
    rowOfColumn[0] = row;
    let column = 0;
    minSlack.fill(Infinity);
    used.fill(0);
    do {
      used[column] = 1;
      const currentRow = rowOfColumn[column]!;
      let delta = Infinity;
      let nextColumn = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const slack = cost[(currentRow - 1) * n + (j - 1)]! - rowPotential[currentRow]! - columnPotential[j]!;
        if (slack < minSlack[j]!) {
          minSlack[j] = slack;
          previousColumn[j] = column;
        }
        if (minSlack[j]! < delta) {
          delta = minSlack[j]!;
          nextColumn = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          rowPotential[rowOfColumn[j]!] += delta;
          columnPotential[j] -= delta;
        } else {
          minSlack[j] -= delta;
        }
      }
      column = nextColumn;
    } while (rowOfColumn[column] !== 0);
    // Flip the augmenting path back to the virtual column.
    do {
      const before = previousColumn[column]!;
      rowOfColumn[column] = rowOfColumn[before]!;
      column = before;
    } while (column !== 0);
  }
  const columnOfRow = new Int32Array(n);
  for (let j = 1; j <= n; j++) columnOfRow[rowOfColumn[j]! - 1] = j - 1;
  return columnOfRow;
}
