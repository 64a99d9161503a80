/**
 * The Embedding Map's projection: our PCA against scikit-learn's PCA, and our UMAP (umap-js)
 * against umap-learn where that is installed (it is pip-only, not in Debian), on the same
 * embeddings written to .npy (bench/reference/projection_reference.py; FLUKE_BENCH_UMAP_PYTHON
 * names a python with umap-learn, e.g. a venv with --system-site-packages). Both sides on one
 * thread; each time is the median of rounds that alternate ours and the reference. The PCA
 * rows check that both found the same two axes (correlation of each coordinate, up to sign).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../benchRow';
import { benchRatio } from '../benchRow';
import { runPythonReference } from '../python';
import { readNpy, writeNpy } from '../../data/npy';
import { pcaProjection } from '../../engine/projection/pcaProjection';
import { umapProjection } from '../../engine/projection/umapProjection';
import { SeededRandom } from '../../random/seededRandom';

const dim = 128;
const identities = 200;

/** Unit embeddings around one random centre per identity: what a trained model's evaluation looks like. */
function identityEmbeddings(count: number, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  const centres = Array.from({ length: identities }, () => Float64Array.from({ length: dim }, () => random.normal()));
  const values = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const centre = centres[i % identities]!;
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const value = centre[d]! + 0.8 * random.normal();
      values[i * dim + d] = value;
      norm += value * value;
    }
    for (let d = 0; d < dim; d++) values[i * dim + d]! /= Math.sqrt(norm);
  }
  return values;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** |Pearson correlation| of coordinate `axis` of two layouts (PCA's sign is arbitrary). */
function axisAgreement(ours: Float32Array, theirs: Float32Array, axis: number): number {
  const count = ours.length / 2;
  let sumA = 0, sumB = 0, sumAB = 0, sumAA = 0, sumBB = 0;
  for (let i = 0; i < count; i++) {
    const a = ours[2 * i + axis]!;
    const b = theirs[2 * i + axis]!;
    sumA += a;
    sumB += b;
    sumAB += a * b;
    sumAA += a * a;
    sumBB += b * b;
  }
  const covariance = sumAB - (sumA * sumB) / count;
  return Math.abs(covariance) / Math.sqrt((sumAA - (sumA * sumA) / count) * (sumBB - (sumB * sumB) / count));
}

interface ReferenceTiming {
  seconds: number;
  library: string;
}

/** umap-learn is pip-only: FLUKE_BENCH_UMAP_PYTHON names a python that has it (e.g. a venv). */
function referencePython(context: BenchContext, method: 'pca' | 'umap'): string {
  return method === 'umap' ? (process.env.FLUKE_BENCH_UMAP_PYTHON ?? context.python) : context.python;
}

function measure(context: BenchContext, method: 'pca' | 'umap', count: number, rounds: number): BenchRow {
  const values = identityEmbeddings(count, count);
  const folder = mkdtempSync(join(tmpdir(), 'fluke-bench-projection-'));
  const size = count.toLocaleString('en-US');
  const name = `Embedding Map ${method.toUpperCase()} to 2-D, ${size} x ${dim}`;
  try {
    const embeddingsPath = join(folder, 'embeddings.npy');
    writeNpy(embeddingsPath, [count, dim], values);
    const ours: number[] = [];
    const theirs: number[] = [];
    let library = method === 'pca' ? 'scikit-learn PCA' : 'umap-learn';
    let referenceError: string | null = null;
    let xy: Float32Array = new Float32Array(0);
    for (let round = 0; round < rounds; round++) {
      context.log(`projection: ${method} on ${size} x ${dim}, round ${round + 1} of ${rounds}`);
      const started = performance.now();
      xy = method === 'pca' ? pcaProjection(values, count, dim) : umapProjection(values, count, dim, 1);
      ours.push((performance.now() - started) / 1000);
      if (referenceError !== null) continue;
      const reference = runPythonReference<ReferenceTiming>(referencePython(context, method), 'projection_reference.py', ['--embeddings', embeddingsPath, '--method', method]);
      if (reference.value === null) referenceError = reference.error;
      else {
        theirs.push(reference.value.seconds);
        library = reference.value.library;
      }
    }
    const oursSeconds = medianOf(ours);
    const referenceSeconds = theirs.length ? medianOf(theirs) : null;
    let note = `median of ${rounds} alternating rounds, one thread each side`;
    if (referenceError !== null) note = `reference not run: ${referenceError}`;
    else if (method === 'pca') {
      const reference = readNpy(join(folder, 'reference_xy.npy')).values as Float32Array;
      note += `; same axes: |correlation| x ${axisAgreement(xy, reference, 0).toFixed(6)}, y ${axisAgreement(xy, reference, 1).toFixed(6)}`;
    } else {
      note += '; layouts differ by design (different random streams), not compared';
    }
    return {
      group: 'projection',
      name,
      unit: 's',
      higherIsBetter: false,
      ours: oursSeconds,
      reference: `${library}, 1 thread`,
      referenceValue: referenceSeconds,
      ratio: benchRatio(oursSeconds, referenceSeconds, false),
      note,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export const projectionSuite: BenchSuite = async (context) => {
  const rounds = context.quick ? 1 : 5;
  const rows = [measure(context, 'pca', 2_000, rounds), measure(context, 'pca', 20_000, rounds)];
  // UMAP at the size auto hands it at most (evaluation.projection.umapMaxPoints).
  rows.push(measure(context, 'umap', context.quick ? 300 : 1_000, context.quick ? 1 : 3));
  return rows;
};
