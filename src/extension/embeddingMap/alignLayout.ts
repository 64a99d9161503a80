/**
 * Puts the maps of different epochs in one frame, so that the epoch slider moves each image
 * rather than spinning the whole picture: UMAP and PCA fix no orientation, and PCA's axes
 * can flip from one epoch to the next. Each layout is centred and scaled to unit spread, then
 * turned (a rotation, or a rotation with a mirror) to best match a reference layout on the
 * images both show (orthogonal Procrustes in 2-D).
 */
export interface Layout {
  imageIds: readonly number[];
  /** x0, y0, x1, y1, ... */
  xy: ArrayLike<number>;
}

/** Centred, root-mean-square distance to the centre 1 (all zeros when every point is at one place). */
export function normaliseLayout(xy: ArrayLike<number>): Float64Array {
  const count = xy.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < count; i++) {
    cx += xy[2 * i]! / count;
    cy += xy[2 * i + 1]! / count;
  }
  let spread = 0;
  for (let i = 0; i < count; i++) spread += ((xy[2 * i]! - cx) ** 2 + (xy[2 * i + 1]! - cy) ** 2) / count;
  const scale = spread > 0 ? 1 / Math.sqrt(spread) : 0;
  const out = new Float64Array(xy.length);
  for (let i = 0; i < count; i++) {
    out[2 * i] = (xy[2 * i]! - cx) * scale;
    out[2 * i + 1] = (xy[2 * i + 1]! - cy) * scale;
  }
  return out;
}

/** `layout` normalised and turned to match `reference` (itself normalised) on their shared images. */
export function alignLayout(layout: Layout, reference: Layout | null): number[] {
  const points = normaliseLayout(layout.xy);
  if (!reference) return Array.from(points);
  const target = normaliseLayout(reference.xy);
  const referenceIndex = new Map(reference.imageIds.map((id, index) => [id, index]));
  // Sums for the best rotation of (x, y) and of the mirrored (x, -y) onto the reference.
  let dotSum = 0;
  let crossSum = 0;
  let mirroredDot = 0;
  let mirroredCross = 0;
  layout.imageIds.forEach((id, i) => {
    const j = referenceIndex.get(id);
    if (j === undefined) return;
    const [x, y] = [points[2 * i]!, points[2 * i + 1]!];
    const [u, v] = [target[2 * j]!, target[2 * j + 1]!];
    dotSum += x * u + y * v;
    crossSum += x * v - y * u;
    mirroredDot += x * u - y * v;
    mirroredCross += x * v + y * u;
  });
  const mirror = Math.hypot(mirroredDot, mirroredCross) > Math.hypot(dotSum, crossSum);
  const angle = mirror ? Math.atan2(mirroredCross, mirroredDot) : Math.atan2(crossSum, dotSum);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const out = new Array<number>(points.length);
  for (let i = 0; i < points.length / 2; i++) {
    const x = points[2 * i]!;
    const y = mirror ? -points[2 * i + 1]! : points[2 * i + 1]!;
    out[2 * i] = cos * x - sin * y;
    out[2 * i + 1] = sin * x + cos * y;
  }
  return out;
}
