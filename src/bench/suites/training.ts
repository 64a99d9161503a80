/**
 * Training throughput (images/s, forward + backward + Adam update) and embedding throughput
 * (forward only) of one CNN on the tensorflow and wasm backends, each against PyTorch 2.x
 * (pip wheel) and Debian's PyTorch 1.13, all on 2 threads, set explicitly on every side
 * (bench/reference/training_reference.py holds the same network). Rounds alternate
 * reference, ours, reference so that all sides see the same load on the shared machine; each
 * row is the median of the rounds, with CPU time per image (all threads) beside wall time.
 */
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BenchContext, BenchRow, BenchSuite } from '../benchRow';
import { benchRatio } from '../benchRow';
import { runPythonReference } from '../python';
import { type TorchReference, torchReferences } from '../torchReferences';
import { probeBackends } from '../../engine/backends/probeBackends';
import { type ConcreteBackend, selectBackend } from '../../engine/backends/selectBackend';
import { BatchNormalization } from '../../engine/models/batchNormalization';
import { Convolution } from '../../engine/models/convolution';
import { convolutionWithNorm } from '../../engine/models/convolutionWithNorm';
import { EmbeddingHead } from '../../engine/models/embeddingHead';
import { VariableRegistry } from '../../engine/models/variableRegistry';
import { SeededRandom } from '../../random/seededRandom';

const batch = 64;
const size = 64;
const channels = [32, 64, 128, 256];
const embeddingSize = 128;
const threads = 2;

interface Throughput {
  trainImagesPerSecond: number;
  embedImagesPerSecond: number;
  /** CPU time of all the process's threads per image: less skewed by other load than wall time. */
  trainCpuMsPerImage: number;
  embedCpuMsPerImage: number;
}

interface ReferenceThroughput extends Throughput {
  torch: string;
  threads: number;
  config: string;
}

interface Steps {
  train: number;
  embed: number;
}

/** The bench network: four blocks of conv3x3, batch norm, ReLU, 2x2 max pool; pooled; dense to 128. */
function createBenchNetwork(random: SeededRandom) {
  const registry = new VariableRegistry();
  const blocks = channels.map((out, i) => ({
    conv: new Convolution(registry, `block${i}/conv`, random, 3, i === 0 ? 3 : channels[i - 1]!, out),
    norm: new BatchNormalization(registry, `block${i}/norm`, out),
  }));
  const head = new EmbeddingHead(registry, random, channels[channels.length - 1]!, embeddingSize);
  const apply = (x: tf.Tensor4D, training: boolean): tf.Tensor2D => {
    let y = x;
    for (const { conv, norm } of blocks) y = tf.maxPool(convolutionWithNorm(conv, norm, y, training, true), 2, 2, 'valid');
    return head.apply(tf.mean(y, [1, 2]) as tf.Tensor2D);
  };
  return { registry, apply };
}

function randomTensor(random: SeededRandom, shape: number[]): tf.Tensor {
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal()), shape);
}

/** Images per second for training and for embedding, on the active backend. */
async function measureOurs(steps: Steps): Promise<Throughput> {
  const random = new SeededRandom(0);
  const network = createBenchNetwork(random);
  const x = randomTensor(random, [batch, size, size, 3]) as tf.Tensor4D;
  const target = randomTensor(random, [batch, embeddingSize]);
  const optimizer = tf.train.adam(1e-3);
  const variables = network.registry.trainableVariables;
  const trainStep = async () => {
    const loss = optimizer.minimize(() => tf.mean(tf.square(tf.sub(network.apply(x, true), target))), true, variables)!;
    await loss.data();
    loss.dispose();
  };
  const embedStep = async () => {
    const embedding = tf.tidy(() => network.apply(x, false));
    await embedding.data();
    embedding.dispose();
  };
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  await trainStep(); // warm-up: kernel setup, XNNPACK operator creation, oneDNN primitives
  let start = performance.now();
  let cpuStart = process.cpuUsage();
  for (let i = 0; i < steps.train; i++) await trainStep();
  const trainSeconds = (performance.now() - start) / 1000;
  const trainCpuMs = cpuMs(cpuStart);
  await embedStep();
  start = performance.now();
  cpuStart = process.cpuUsage();
  for (let i = 0; i < steps.embed; i++) await embedStep();
  const embedSeconds = (performance.now() - start) / 1000;
  const embedCpuMs = cpuMs(cpuStart);
  optimizer.dispose();
  network.registry.dispose();
  tf.dispose([x, target]);
  return {
    trainImagesPerSecond: (batch * steps.train) / trainSeconds,
    embedImagesPerSecond: (batch * steps.embed) / embedSeconds,
    trainCpuMsPerImage: trainCpuMs / (batch * steps.train),
    embedCpuMsPerImage: embedCpuMs / (batch * steps.embed),
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function measureReference(reference: TorchReference, steps: Steps): { value: ReferenceThroughput | null; error: string | null } {
  if (reference.missing) return { value: null, error: reference.missing };
  return runPythonReference<ReferenceThroughput>(reference.python, 'training_reference.py', [
    '--threads', String(threads), '--batch', String(batch), '--size', String(size),
    '--train-steps', String(steps.train), '--embed-steps', String(steps.embed),
  ]);
}

const summary = (r: Throughput) =>
  `train ${r.trainImagesPerSecond.toFixed(1)} img/s (${r.trainCpuMsPerImage.toFixed(1)} CPU ms/img), embed ${r.embedImagesPerSecond.toFixed(1)} img/s (${r.embedCpuMsPerImage.toFixed(1)} CPU ms/img)`;

async function benchBackend(context: BenchContext, backend: ConcreteBackend, steps: Steps, rounds: number): Promise<BenchRow[]> {
  const references = torchReferences();
  const ours: Throughput[] = [];
  const measured = references.map(() => ({ results: [] as ReferenceThroughput[], error: null as string | null }));
  let detail = '';
  for (let round = 0; round < rounds; round++) {
    // Reference, ours, reference (the two references swap sides each round): every side
    // runs next to every other under the same load.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    const runReference = (index: number) => {
      const result = measureReference(references[index]!, steps);
      if (result.value) measured[index]!.results.push(result.value);
      else measured[index]!.error = result.error;
      context.log(`training ${backend} round ${round + 1}: ${references[index]!.label} ${result.value ? summary(result.value) : result.error}`);
    };
    runReference(order[0]!);
    detail = (await selectBackend(backend, threads)).detail;
    const result = await measureOurs(steps);
    ours.push(result);
    context.log(`training ${backend} round ${round + 1}: ours ${summary(result)}`);
    runReference(order[1]!);
  }
  const load = `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
  const rows: BenchRow[] = [];
  references.forEach((reference, index) => {
    const { results, error } = measured[index]!;
    const first = results[0];
    const referenceName = first ? `${reference.label}: torch ${first.torch}, ${first.threads} threads (${first.config})` : reference.label;
    const note = `${detail}; ${threads} threads both sides; batch ${batch}, ${size}x${size}x3, conv-BN-ReLU-maxpool x4 (32-64-128-256); median of ${rounds} alternating rounds (${ours.length} ours, ${results.length} reference); ${load}${error ? `; reference: ${error}` : ''}`;
    const row = (name: string, key: keyof Throughput, unit: string, higherIsBetter: boolean): BenchRow => {
      const oursValue = median(ours.map((r) => r[key]));
      const referenceValue = median(results.map((r) => r[key]));
      return { group: 'training', name, unit, higherIsBetter, ours: oursValue, reference: referenceName, referenceValue, ratio: benchRatio(oursValue, referenceValue, higherIsBetter), note };
    };
    rows.push(
      row(`train step (${backend})`, 'trainImagesPerSecond', 'images/s', true),
      row(`embed (${backend})`, 'embedImagesPerSecond', 'images/s', true),
      row(`train step CPU time (${backend})`, 'trainCpuMsPerImage', 'CPU ms/image', false),
      row(`embed CPU time (${backend})`, 'embedCpuMsPerImage', 'CPU ms/image', false),
    );
  });
  return rows;
}

function skippedRow(name: string, note: string): BenchRow {
  return { group: 'training', name, unit: 'images/s', higherIsBetter: true, ours: null, reference: 'PyTorch', referenceValue: null, ratio: null, note };
}

export const trainingSuite: BenchSuite = async (context) => {
  const steps = context.quick ? { train: 2, embed: 2 } : { train: 5, embed: 5 };
  const rounds = context.quick ? 1 : 3;
  // TensorFlow reads these when its runtime starts (on the binding's first op): set before probing.
  process.env.TF_NUM_INTRAOP_THREADS = String(threads);
  process.env.TF_NUM_INTEROP_THREADS = '1';
  const rows: BenchRow[] = [];
  for (const probe of (await probeBackends()).filter((p) => p.name === 'tensorflow-gpu' || p.name === 'tensorflow')) {
    if (probe.available) rows.push(...(await benchBackend(context, probe.name as 'tensorflow' | 'tensorflow-gpu', steps, rounds)));
    else rows.push(skippedRow(`train step (${probe.name})`, `not available here: ${probe.detail}`));
  }
  rows.push(...(await benchBackend(context, 'wasm', steps, rounds)));
  // One cpu step takes minutes here (1.4 images/s with a fast filter gradient, far less with
  // the stock one): the pure-JS backend is the last fallback, not something to tune.
  rows.push(skippedRow('train step (cpu)', 'skipped: the pure-JS cpu backend trains at ~1 image/s on this network, one step takes minutes'));
  return rows;
};
