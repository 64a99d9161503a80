import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import type { ProjectionConfig } from '../../protocol/experiment';
import { projectEmbeddings, projectionMethodFor } from './projectEmbeddings';

/** Three well-separated blobs of `perBlob` points in `dim` dimensions. */
function blobs(perBlob: number, dim: number, seed: number): { values: Float32Array; blob: number[] } {
  const random = new SeededRandom(seed);
  const values = new Float32Array(3 * perBlob * dim);
  const blob: number[] = [];
  for (let b = 0; b < 3; b++) {
    for (let i = 0; i < perBlob; i++) {
      const row = b * perBlob + i;
      blob.push(b);
      for (let d = 0; d < dim; d++) values[row * dim + d] = (d % 3 === b ? 5 : 0) + 0.3 * random.normal();
    }
  }
  return { values, blob };
}

const config = (method: ProjectionConfig['method']): ProjectionConfig => ({ method, maxPoints: 20000, umapMaxPoints: 3000, trainingPoints: 0 });

test('UMAP gives the same map for the same seed and a different one for another seed', () => {
  const { values } = blobs(30, 8, 1);
  const first = projectEmbeddings(values, 90, 8, config('umap'), 42);
  const again = projectEmbeddings(values, 90, 8, config('umap'), 42);
  const other = projectEmbeddings(values, 90, 8, config('umap'), 43);
  assert.equal(first.method, 'umap');
  assert.deepEqual(Array.from(again.xy), Array.from(first.xy));
  assert.notDeepEqual(Array.from(other.xy), Array.from(first.xy));
  assert.ok(first.xy.every(Number.isFinite));
});

function meanDistance(xy: Float32Array, blob: number[], same: boolean): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < blob.length; i++) {
    for (let j = i + 1; j < blob.length; j++) {
      if ((blob[i] === blob[j]) !== same) continue;
      sum += Math.hypot(xy[2 * i]! - xy[2 * j]!, xy[2 * i + 1]! - xy[2 * j + 1]!);
      count++;
    }
  }
  return sum / count;
}

for (const method of ['umap', 'pca'] as const) {
  test(`${method} keeps separated groups apart on the map`, () => {
    const { values, blob } = blobs(30, 8, 2);
    const { xy } = projectEmbeddings(values, 90, 8, config(method), 7);
    assert.ok(meanDistance(xy, blob, true) * 3 < meanDistance(xy, blob, false));
  });
}

test('PCA is deterministic, centred, and its first axis carries the largest spread', () => {
  // Points on a line along (1, 2, 0) with a little spread along (0, 0, 1).
  const values = new Float32Array(60 * 3);
  for (let i = 0; i < 60; i++) values.set([i, 2 * i, (i % 2) * 0.5], 3 * i);
  const first = projectEmbeddings(values, 60, 3, config('pca'), 1).xy;
  const second = projectEmbeddings(values, 60, 3, config('pca'), 99).xy;
  assert.deepEqual(Array.from(second), Array.from(first));
  const xs = Array.from({ length: 60 }, (_, i) => first[2 * i]!);
  const ys = Array.from({ length: 60 }, (_, i) => first[2 * i + 1]!);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(Math.abs(mean(xs)) < 1e-3);
  assert.ok(Math.abs(xs[59]! - xs[0]! - Math.hypot(59, 118)) < 1e-2, 'the first axis is the line');
  assert.ok(Math.max(...ys.map(Math.abs)) < 0.3, 'the second axis is the small spread');
});

test('auto uses UMAP up to umapMaxPoints and PCA above; tiny sets always get PCA', () => {
  assert.equal(projectionMethodFor(config('auto'), 3000), 'umap');
  assert.equal(projectionMethodFor(config('auto'), 3001), 'pca');
  assert.equal(projectionMethodFor(config('umap'), 10), 'pca');
  assert.equal(projectionMethodFor(config('pca'), 500), 'pca');
});

test('a value count that is not count x dim is refused', () => {
  assert.throws(() => projectEmbeddings(new Float32Array(10), 3, 3, config('pca'), 1), /10 values are not 3 x 3/);
});

test('PCA finds the second axis even when the third spreads almost as much', () => {
  // Points at +-spread on each axis: the covariance is exactly diagonal, its eigenvalues
  // 100, 25, 24.5 and 1, so the axes are the coordinate axes; 25 vs 24.5 converges slowly.
  const spreads = [10, 5, Math.sqrt(24.5), 1];
  const points: number[][] = [];
  for (let d = 0; d < 4; d++) {
    for (const sign of [1, -1]) {
      for (let copy = 0; copy < 5; copy++) points.push(spreads.map((spread, e) => (e === d ? sign * spread : 0)));
    }
  }
  const values = Float32Array.from(points.flat());
  const { xy } = projectEmbeddings(values, points.length, 4, config('pca'), 1);
  const along = (axis: number, dimension: number) => {
    let ab = 0, aa = 0, bb = 0;
    points.forEach((point, i) => {
      ab += xy[2 * i + axis]! * point[dimension]!;
      aa += xy[2 * i + axis]! ** 2;
      bb += point[dimension]! ** 2;
    });
    return Math.abs(ab) / Math.sqrt(aa * bb);
  };
  assert.ok(along(0, 0) > 0.99999, `first axis: correlation ${along(0, 0)} with dimension 0`);
  assert.ok(along(1, 1) > 0.99999, `second axis: correlation ${along(1, 1)} with dimension 1`);
});
