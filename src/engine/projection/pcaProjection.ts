/**
 * Principal component analysis down to two dimensions: the fast projection for sets too large
 * for UMAP. Power iteration on the D x D covariance (D is the embedding size, a few hundred at
 * most), the second component deflated against the first. Each component's sign is fixed (its
 * largest loading positive), so the same points always give the same map.
 */
/** Power iteration stops when the vector moves less than this, or after maxIterations (close eigenvalues converge slowly). */
const tolerance = 1e-12;
const maxIterations = 5000;

export function pcaProjection(values: Float32Array, count: number, dim: number): Float32Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let d = 0; d < dim; d++) mean[d]! += values[i * dim + d]! / count;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dim; d++) centred[d] = values[i * dim + d]! - mean[d]!;
    for (let a = 0; a < dim; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      for (let b = a; b < dim; b++) covariance[a * dim + b]! += ca * centred[b]!;
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) covariance[a * dim + b] = covariance[b * dim + a]!;

  const first = leadingComponent(covariance, dim, null);
  const second = leadingComponent(covariance, dim, first);
  const xy = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    let x = 0;
    let y = 0;
    for (let d = 0; d < dim; d++) {
      const c = values[i * dim + d]! - mean[d]!;
      x += c * first[d]!;
      y += c * second[d]!;
    }
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
  }
  return xy;
}

/** The unit vector the covariance stretches most, orthogonal to `orthogonalTo` when given. */
function leadingComponent(covariance: Float64Array, dim: number, orthogonalTo: Float64Array | null): Float64Array {
  // A fixed, non-degenerate start: deterministic, and never orthogonal to every component.
  let vector = Float64Array.from({ length: dim }, (_, d) => 1 + d / dim);
  const next = new Float64Array(dim);
  for (let step = 0; step < maxIterations; step++) {
    if (orthogonalTo) removeComponent(vector, orthogonalTo);
    next.fill(0);
    for (let a = 0; a < dim; a++) {
      let sum = 0;
      for (let b = 0; b < dim; b++) sum += covariance[a * dim + b]! * vector[b]!;
      next[a] = sum;
    }
    if (orthogonalTo) removeComponent(next, orthogonalTo);
    const norm = Math.sqrt(dot(next, next));
    if (norm === 0) break;
    let moved = 0;
    for (let d = 0; d < dim; d++) moved += (next[d]! / norm - vector[d]!) ** 2;
    vector = Float64Array.from(next, (value) => value / norm);
    if (moved < tolerance) break;
  }
  const norm = Math.sqrt(dot(vector, vector));
  if (norm === 0 || (orthogonalTo !== null && Math.abs(dot(vector, orthogonalTo)) > 1e-6 * norm)) return new Float64Array(dim);
  let largest = 0;
  for (let d = 1; d < dim; d++) if (Math.abs(vector[d]!) > Math.abs(vector[largest]!)) largest = d;
  const sign = vector[largest]! < 0 ? -1 : 1;
  return Float64Array.from(vector, (value) => (sign * value) / norm);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += a[d]! * b[d]!;
  return sum;
}

function removeComponent(vector: Float64Array, unit: Float64Array): void {
  const along = dot(vector, unit);
  for (let d = 0; d < vector.length; d++) vector[d]! -= along * unit[d]!;
}
