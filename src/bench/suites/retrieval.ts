/**
 * Exact kNN retrieval (recall@1,2,4,8, every item querying all others; search and recall timed
 * on both sides) and k-means, ours against faiss (IndexFlatL2; Kmeans on every point, its
 * subsampling turned off), numpy and scikit-learn on the same embeddings, written to .npy files
 * (bench/reference/retrieval_reference.py), both sides on the same thread count. Rounds
 * alternate the reference and ours; rows give medians with each side's range, check that both
 * found the same neighbours and equal recall, and compare k-means inertia.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../benchRow';
import { benchRatio } from '../benchRow';
import { runPythonReference } from '../python';
import { blasNote, referenceName, type ReferenceEnvironment } from '../referenceEnvironment';
import { median, roundsNote } from '../roundStatistics';
import { readNpy, writeNpy } from '../../data/npy';
import { kmeans } from '../../engine/clustering/kmeans';
import { evaluateEmbeddings } from '../../engine/metrics/evaluateEmbeddings';
import { SeededRandom } from '../../random/seededRandom';

const dim = 128;
const imagesPerIdentity = 10;
const recallAt = [1, 2, 4, 8];
const iterations = 20;

interface ReferenceResult {
  environment: ReferenceEnvironment;
  threads: number;
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

interface OurKMeans {
  seconds: number;
  cpuSeconds: number;
  inertia: number;
  iterations: number;
}

function measureSize(context: BenchContext, count: number, withKMeans: boolean, rounds: number): BenchRow[] {
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
    const args = ['--embeddings', embeddingsPath, '--labels', labelsPath, '--ks', recallAt.join(','), '--kmeans-k', kmeansKs.join(','), '--iterations', String(iterations), '--threads', String(context.threads)];
    if (count <= 20_000) args.push('--numpy');
    const size = count.toLocaleString('en-US');
    const references: ReferenceResult[] = [];
    let referenceError = '';
    const knn: Array<{ seconds: number; cpuSeconds: number; value: ReturnType<typeof evaluateEmbeddings> }> = [];
    const ourKMeans = new Map<number, OurKMeans[]>(kmeansKs.map((k) => [k, []]));
    for (let round = 0; round < rounds; round++) {
      context.log(`retrieval: round ${round + 1}/${rounds}, reference on ${count} x ${dim}`);
      const reference = runPythonReference<ReferenceResult>(context.python, 'retrieval_reference.py', args, 1_800_000);
      if (reference.value) references.push(reference.value);
      else referenceError = reference.error ?? 'no result';
      context.log(`retrieval: round ${round + 1}/${rounds}, our kNN and k-means on ${count} x ${dim}`);
      knn.push(timed(() => evaluateEmbeddings({ embeddings, dim, labels, queryIndices: null, galleryIndices: null, recallAt, nmi: false, mapAtR: false, map5: null, topK: 8, seed: 0 })));
      for (const k of kmeansKs) {
        const { value, seconds, cpuSeconds } = timed(() => kmeans(embeddings, dim, k, { random: new SeededRandom(1), maxIterations: iterations }));
        ourKMeans.get(k)!.push({ seconds, cpuSeconds, inertia: value.inertia, iterations: value.iterations });
      }
    }
    const ours = knn.at(-1)!.value;
    const ourSeconds = knn.map((round) => round.seconds);
    const ourCpu = median(knn.map((round) => round.cpuSeconds));
    const threadsNote = `${context.threads} threads each side`;
    const rows: BenchRow[] = [];
    const reference = references.at(-1);
    if (!reference) {
      rows.push(row(`kNN recall@1-8, ${size} x ${dim}`, 's', median(ourSeconds), 'faiss IndexFlatL2', null, `reference not run: ${referenceError}`));
      return rows;
    }
    const environment = reference.environment;
    const faissNeighbours = readNpy(reference.faiss.neighbours).values as Int32Array;
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
    const sameRecall = recallAt.every((k) => Math.abs(ours.recallAtK[String(k)]! - reference.faiss.recall[String(k)]!) < 1e-9);
    const agreement = `same top-8 set for ${((100 * sameLists) / count).toFixed(2)}% of queries (${((100 * sameItems) / (8 * count)).toFixed(3)}% of neighbours); recall@1/2/4/8 ours ${recallText(ours.recallAtK)}, faiss ${recallText(reference.faiss.recall)}${sameRecall ? ' (equal)' : ' (DIFFER)'}`;
    const faissSeconds = references.map((r) => r.faiss.seconds);
    rows.push(row(`kNN recall@1-8, ${size} x ${dim}`, 's', median(ourSeconds), `${referenceName(environment, 'faiss')} IndexFlatL2, ${threadsNote}`, median(faissSeconds),
      `${roundsNote(ourSeconds, faissSeconds)}; ${agreement}; ${cpuNote(ourCpu, 'faiss', median(references.map((r) => r.faiss.cpuSeconds)))}`));
    if (reference.numpy) {
      const numpySeconds = references.map((r) => r.numpy!.seconds);
      rows.push(row(`kNN recall@1-8, ${size} x ${dim}`, 's', median(ourSeconds), `${referenceName(environment, 'numpy')} blocked matmul, ${threadsNote}`, median(numpySeconds),
        `${roundsNote(ourSeconds, numpySeconds)}; numpy recall ${recallText(reference.numpy.recall)}; ${blasNote(environment)}; ${cpuNote(ourCpu, 'numpy', median(references.map((r) => r.numpy!.cpuSeconds)))}`));
    }
    for (const k of kmeansKs) {
      const theirs = references.map((r) => r.kmeans.find((result) => result.k === k)!);
      const oursK = ourKMeans.get(k)!;
      const seconds = oursK.map((r) => r.seconds);
      const cpu = median(oursK.map((r) => r.cpuSeconds));
      const name = `k-means k=${k}, ${iterations} iterations, ${size} x ${dim}`;
      const inertia = `inertia ours ${oursK.at(-1)!.inertia.toFixed(1)} (${oursK.at(-1)!.iterations} iterations, k-means++ seeding)`;
      const faiss = theirs.map((r) => r.faissSeconds);
      const sklearn = theirs.map((r) => r.sklearnSeconds);
      rows.push(row(name, 's', median(seconds), `${referenceName(environment, 'faiss')} Kmeans, every point (no subsampling), ${threadsNote}`, median(faiss),
        `${roundsNote(seconds, faiss)}; ${inertia}, faiss ${theirs.at(-1)!.faissInertia.toFixed(1)} (20 iterations); ${cpuNote(cpu, 'faiss', median(theirs.map((r) => r.faissCpuSeconds)))}`));
      rows.push(row(name, 's', median(seconds), `${referenceName(environment, 'sklearn', 'scikit-learn')} KMeans k-means++, ${threadsNote}`, median(sklearn),
        `${roundsNote(seconds, sklearn)}; ${inertia}, scikit-learn ${theirs.at(-1)!.sklearnInertia.toFixed(1)}; ${blasNote(environment)}; ${cpuNote(cpu, 'scikit-learn', median(theirs.map((r) => r.sklearnCpuSeconds)))}`));
    }
    return rows;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export const retrievalSuite: BenchSuite = async (context) => {
  const rows = measureSize(context, 20_000, true, context.quick ? 1 : 3);
  // One round at 100,000: each side takes minutes.
  if (!context.quick) rows.push(...measureSize(context, 100_000, false, 1));
  return rows;
};
