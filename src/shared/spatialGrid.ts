/**
 * Hit testing for the Embedding Map's canvas (webview-ui/embeddingMap), kept here, free of the
 * DOM, so that it is tested like the panels' other pure logic.
 *
 * Points bucketed into square cells of screen space (a counting sort into one index array), so
 * that finding the point under the pointer looks at a few cells instead of 20,000 points.
 */
export class SpatialGrid {
  private readonly columns: number;
  private readonly rows: number;
  private readonly cellStarts: Int32Array;
  private readonly cellPoints: Int32Array;

  constructor(
    private readonly xs: Float32Array,
    private readonly ys: Float32Array,
    width: number,
    height: number,
    private readonly cellSize = 16,
  ) {
    this.columns = Math.max(1, Math.ceil(width / cellSize));
    this.rows = Math.max(1, Math.ceil(height / cellSize));
    const cells = this.columns * this.rows;
    const cellOf = new Int32Array(xs.length);
    const counts = new Int32Array(cells + 1);
    for (let i = 0; i < xs.length; i++) {
      const cell = this.cellAt(xs[i]!, ys[i]!);
      cellOf[i] = cell;
      if (cell >= 0) counts[cell + 1]!++;
    }
    for (let c = 0; c < cells; c++) counts[c + 1]! += counts[c]!;
    this.cellStarts = counts;
    this.cellPoints = new Int32Array(counts[cells]!);
    const next = counts.slice(0, cells);
    for (let i = 0; i < xs.length; i++) if (cellOf[i]! >= 0) this.cellPoints[next[cellOf[i]!]!++] = i;
  }

  /**
   * The cell of a screen position; points up to one cell beyond an edge go into the edge cell
   * (a pointer at the edge can be nearest to them), points farther off screen nowhere (-1).
   */
  private cellAt(x: number, y: number): number {
    const column = Math.floor(x / this.cellSize);
    const row = Math.floor(y / this.cellSize);
    if (!(column >= -1 && column <= this.columns && row >= -1 && row <= this.rows)) return -1;
    return Math.min(this.rows - 1, Math.max(0, row)) * this.columns + Math.min(this.columns - 1, Math.max(0, column));
  }

  /** The point nearest (x, y) within `radius` pixels, or -1. */
  nearest(x: number, y: number, radius: number): number {
    let best = -1;
    let bestDistance = radius * radius;
    const reach = Math.ceil(radius / this.cellSize);
    const column = Math.floor(x / this.cellSize);
    const row = Math.floor(y / this.cellSize);
    for (let r = Math.max(0, row - reach); r <= Math.min(this.rows - 1, row + reach); r++) {
      for (let c = Math.max(0, column - reach); c <= Math.min(this.columns - 1, column + reach); c++) {
        const cell = r * this.columns + c;
        for (let k = this.cellStarts[cell]!; k < this.cellStarts[cell + 1]!; k++) {
          const i = this.cellPoints[k]!;
          const distance = (this.xs[i]! - x) ** 2 + (this.ys[i]! - y) ** 2;
          if (distance <= bestDistance) {
            bestDistance = distance;
            best = i;
          }
        }
      }
    }
    return best;
  }

  /** Points inside a screen rectangle. */
  within(left: number, top: number, right: number, bottom: number): number[] {
    const found: number[] = [];
    const firstColumn = Math.max(0, Math.floor(left / this.cellSize));
    const lastColumn = Math.min(this.columns - 1, Math.floor(right / this.cellSize));
    const firstRow = Math.max(0, Math.floor(top / this.cellSize));
    const lastRow = Math.min(this.rows - 1, Math.floor(bottom / this.cellSize));
    for (let r = firstRow; r <= lastRow; r++) {
      for (let c = firstColumn; c <= lastColumn; c++) {
        const cell = r * this.columns + c;
        for (let k = this.cellStarts[cell]!; k < this.cellStarts[cell + 1]!; k++) {
          const i = this.cellPoints[k]!;
          if (this.xs[i]! >= left && this.xs[i]! <= right && this.ys[i]! >= top && this.ys[i]! <= bottom) found.push(i);
        }
      }
    }
    return found.sort((a, b) => a - b);
  }
}
