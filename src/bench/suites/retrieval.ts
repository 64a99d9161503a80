/**
 * Exact kNN retrieval (recall@1,2,4,8, every item querying all others) and k-means, ours
 * against faiss (IndexFlatL2, Kmeans), numpy and scikit-learn on the same embeddings, written
 * to .npy files (bench/reference/retrieval_reference.py). Rows check that both found the
 * same neighbours and equal recall, and compare k-means inertia.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../benchRow';
import { benchRatio } from '../benchRow';
import { runPythonReference } from '../python';
import { readNpy, writeNpy } from '../../data/npy';
import { kmeans } from '../../engine/clustering/kmeans';
import { evaluateEmbeddings } from '../../engine/metrics/evaluateEmbeddings';
import { SeededRandom } from '../../random/seededRandom';

const dim = 128;
const imagesPerIdentity = 10;
const recallAt = [1, 2, 4, 8];
const iterations = 20;

interface ReferenceResult {
  faiss: { seconds: number; cpuSeconds: number; recall: Record<string, number>; neighbours: string };
  numpy?: { seconds: number; cpuSeconds: number; recall: Record<string, number> };
  kmeans: Array<{ k: number; faissSeconds: number; faissCpuSeconds: number; faissInertia: number; sklearnSeconds: number; sklearnCpuSeconds: number; sklearnInertia: number }>;
}

/** Wall and CPU seconds (every thread of the process, workers included) of one call. */
function timed<T>(run: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** CPU time says more than wall time on a shared, loaded machine. */
function cpuNote(ours: number, name: string, theirs: number): string {
  return `CPU s ours ${ours.toFixed(2)}, ${name} ${theirs.toFixed(2)}`;
}

/** Identities as noisy copies of a random unit vector, each embedding L2-normalised. */
function syntheticEmbeddings(count: number, random: SeededRandom): { embeddings: Float32Array; labels: Int32Array } {
  const embeddings = new Float32Array(count * dim);
  const labels = new Int32Array(count);
  const centre = new Float64Array(dim);
  for (let item = 0; item < count; item++) {
    const identity = Math.floor(item / imagesPerIdentity);
    labels[item] = identity;
    if (item % imagesPerIdentity === 0) for (let a = 0; a < dim; a++) centre[a] = random.normal() / Math.sqrt(dim);
    let norm = 0;
    for (let a = 0; a < dim; a++) {
      const value = centre[a]! + (random.normal() * 1.5) / Math.sqrt(dim);
      embeddings[item * dim + a] = value;
      norm += value * value;
    }
    for (let a = 0; a < dim; a++) embeddings[item * dim + a]! /= Math.sqrt(norm);
  }
  return { embeddings, labels };
}

function row(name: string, unit: string, ours: number | null, reference: string, referenceValue: number | null, note: string): BenchRow {
  return { group: 'retrieval', name, unit, higherIsBetter: false, ours, reference, referenceValue, ratio: benchRatio(ours, referenceValue, false), note };
}

function measureSize(context: BenchContext, count: number, withKMeans: boolean): BenchRow[] {
  const random = new SeededRandom(count);
  const { embeddings, labels } = syntheticEmbeddings(count, random);
  const identities = count / imagesPerIdentity;
  const folder = mkdtempSync(join(tmpdir(), 'fluke-bench-retrieval-'));
  try {
    const embeddingsPath = join(folder, 'embeddings.npy');
    const labelsPath = join(folder, 'labels.npy');
    writeNpy(embeddingsPath, [count, dim], embeddings);
    writeNpy(labelsPath, [count], labels);
    const kmeansKs = withKMeans ? [8, identities] : [];
    context.log(`retrieval: reference on ${count} x ${dim}`);
    const args = ['--embeddings', embeddingsPath, '--labels', labelsPath, '--ks', recallAt.join(','), '--kmeans-k', kmeansKs.join(','), '--iterations', String(iterations)];
    if (count <= 20_000) args.push('--numpy');
    const reference = runPythonReference<ReferenceResult>(context.python, 'retrieval_reference.py', args, 1_800_000);

    context.log(`retrieval: our kNN on ${count} x ${dim}`);
    const { value: ours, seconds, cpuSeconds } = timed(() =>
      evaluateEmbeddings({ embeddings, dim, labels, queryIndices: null, galleryIndices: null, recallAt, nmi: false, mapAtR: false, map5: null, topK: 8, seed: 0 }),
    );
    const size = count.toLocaleString('en-US');
    const rows: BenchRow[] = [];
    if (reference.value === null) {
      rows.push(row(`kNN recall@1-8, ${size} x ${dim}`, 's', seconds, 'faiss IndexFlatL2', null, `reference not run: ${reference.error}`));
      return rows;
    }
    const faissNeighbours = readNpy(reference.value.faiss.neighbours).values as Int32Array;
    let sameLists = 0;
    let sameItems = 0;
    for (let q = 0; q < count; q++) {
      const ourRow = ours.neighbours.indices.subarray(q * 8, q * 8 + 8);
      const theirs = new Set(faissNeighbours.subarray(q * 8, q * 8 + 8));
      let shared = 0;
      for (const item of ourRow) if (theirs.has(item)) shared++;
      sameItems += shared;
      if (shared === 8) sameLists++;
    }
    const recallText = (recall: Record<string, number>) => recallAt.map((k) => recall[String(k)]!.toFixed(4)).join('/');
    const sameRecall = recallAt.every((k) => Math.abs(ours.recallAtK[String(k)]! - reference.value!.faiss.recall[String(k)]!) < 1e-9);
    const agreement = `same top-8 set for ${((100 * sameLists) / count).toFixed(2)}% of queries (${((100 * sameItems) / (8 * count)).toFixed(3)}% of neighbours); recall@1/2/4/8 ours ${recallText(ours.recallAtK)}, faiss ${recallText(reference.value.faiss.recall)}${sameRecall ? ' (equal)' : ' (DIFFER)'}`;
    rows.push(row(`kNN recall@1-8, ${size} x ${dim}`, 's', seconds, 'faiss IndexFlatL2 (all cores)', reference.value.faiss.seconds, `${agreement}; ${cpuNote(cpuSeconds, 'faiss', reference.value.faiss.cpuSeconds)}`));
    if (reference.value.numpy) {
      const numpy = reference.value.numpy;
      rows.push(row(`kNN recall@1-8, ${size} x ${dim}`, 's', seconds, 'numpy blocked matmul', numpy.seconds, `numpy recall ${recallText(numpy.recall)}; ${cpuNote(cpuSeconds, 'numpy', numpy.cpuSeconds)}`));
    }
    for (const result of reference.value.kmeans) {
      context.log(`retrieval: our k-means k=${result.k} on ${count} x ${dim}`);
      const { value: clustering, seconds: kmeansSeconds, cpuSeconds: kmeansCpu } = timed(() =>
        kmeans(embeddings, dim, result.k, { random: new SeededRandom(1), maxIterations: iterations }),
      );
      const name = `k-means k=${result.k}, ${iterations} iterations, ${size} x ${dim}`;
      const inertia = `inertia ours ${clustering.inertia.toFixed(1)} (${clustering.iterations} iterations, k-means++ seeding)`;
      rows.push(row(name, 's', kmeansSeconds, 'faiss Kmeans (all cores)', result.faissSeconds, `${inertia}, faiss ${result.faissInertia.toFixed(1)} (20 iterations); ${cpuNote(kmeansCpu, 'faiss', result.faissCpuSeconds)}`));
      rows.push(row(name, 's', kmeansSeconds, 'scikit-learn KMeans k-means++', result.sklearnSeconds, `${inertia}, scikit-learn ${result.sklearnInertia.toFixed(1)}; ${cpuNote(kmeansCpu, 'scikit-learn', result.sklearnCpuSeconds)}`));
    }
    return rows;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export const retrievalSuite: BenchSuite = async (context) => {
  const rows = measureSize(context, 20_000, true);
  if (!context.quick) rows.push(...measureSize(context, 100_000, false));
  return rows;
};
