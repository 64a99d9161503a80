/**
 * Training throughput (images/s, forward + backward + Adam update) and embedding throughput
 * (forward only) of one CNN on each available TF.js backend against PyTorch on 2 threads,
 * measured back to back in the same run (bench/reference/training_reference.py holds the
 * same network). Medians of a few repetitions: the machine is shared and noisy, so CPU time
 * per image (all threads) is reported beside wall-clock throughput.
 */
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BenchContext, BenchRow, BenchSuite } from '../benchRow';
import { benchRatio } from '../benchRow';
import { runPythonReference } from '../python';
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
const referenceName = 'PyTorch 1.13, 2 threads';

interface ReferenceResult {
  trainImagesPerSecond: number;
  embedImagesPerSecond: number;
  /** CPU time of all the process's threads per image: less skewed by other load than wall time. */
  trainCpuMsPerImage: number;
  embedCpuMsPerImage: number;
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
async function measureOurs(steps: Steps): Promise<ReferenceResult> {
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
  await trainStep(); // warm-up: kernel setup, XNNPACK operator creation
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

function measureReference(context: BenchContext, steps: Steps): { value: ReferenceResult | null; error: string | null } {
  return runPythonReference<ReferenceResult>(context.python, 'training_reference.py', [
    '--threads', '2', '--batch', String(batch), '--size', String(size),
    '--train-steps', String(steps.train), '--embed-steps', String(steps.embed),
  ]);
}

async function benchBackend(context: BenchContext, backend: ConcreteBackend, steps: Steps, repetitions: number): Promise<BenchRow[]> {
  const ours: ReferenceResult[] = [];
  const reference: ReferenceResult[] = [];
  let referenceError: string | null = null;
  let detail = '';
  for (let repetition = 0; repetition < repetitions; repetition++) {
    // Reference and ours back to back, so both see the same load on the shared machine.
    const measured = measureReference(context, steps);
    if (measured.value) reference.push(measured.value);
    else referenceError = measured.error;
    detail = (await selectBackend(backend, null)).detail;
    const result = await measureOurs(steps);
    ours.push(result);
    const summary = (r: ReferenceResult) =>
      `train ${r.trainImagesPerSecond.toFixed(1)} img/s (${r.trainCpuMsPerImage.toFixed(1)} CPU ms/img), embed ${r.embedImagesPerSecond.toFixed(1)} img/s (${r.embedCpuMsPerImage.toFixed(1)} CPU ms/img)`;
    context.log(`training ${backend} #${repetition + 1}: ours ${summary(result)}; reference ${measured.value ? summary(measured.value) : measured.error}`);
  }
  // The load average says how much the other processes on the machine skewed both sides.
  const note = `${detail}; batch ${batch}, ${size}x${size}x3, conv-BN-ReLU-maxpool x4 (32-64-128-256); median of ${repetitions}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores${referenceError ? `; reference failed: ${referenceError}` : ''}`;
  const row = (name: string, key: keyof ReferenceResult, unit: string, higherIsBetter: boolean): BenchRow => {
    const oursValue = median(ours.map((r) => r[key]));
    const referenceValue = median(reference.map((r) => r[key]));
    return {
      group: 'training',
      name,
      unit,
      higherIsBetter,
      ours: oursValue,
      reference: referenceName,
      referenceValue,
      ratio: benchRatio(oursValue, referenceValue, higherIsBetter),
      note,
    };
  };
  return [
    row(`train step (${backend})`, 'trainImagesPerSecond', 'images/s', true),
    row(`embed (${backend})`, 'embedImagesPerSecond', 'images/s', true),
    row(`train step CPU time (${backend})`, 'trainCpuMsPerImage', 'CPU ms/image', false),
    row(`embed CPU time (${backend})`, 'embedCpuMsPerImage', 'CPU ms/image', false),
  ];
}

function skippedRow(name: string, note: string): BenchRow {
  return { group: 'training', name, unit: 'images/s', higherIsBetter: true, ours: null, reference: referenceName, referenceValue: null, ratio: null, note };
}

export const trainingSuite: BenchSuite = async (context) => {
  const steps = context.quick ? { train: 2, embed: 2 } : { train: 5, embed: 5 };
  const repetitions = context.quick ? 1 : 3;
  const rows: BenchRow[] = [];
  for (const probe of (await probeBackends()).filter((p) => p.name === 'tensorflow-gpu' || p.name === 'tensorflow')) {
    if (probe.available) rows.push(...(await benchBackend(context, probe.name as 'tensorflow' | 'tensorflow-gpu', steps, repetitions)));
    else rows.push(skippedRow(`train step (${probe.name})`, `not available here: ${probe.detail}`));
  }
  rows.push(...(await benchBackend(context, 'wasm', steps, repetitions)));
  // One cpu step takes minutes here (1.4 images/s with a fast filter gradient, far less with
  // the stock one): the pure-JS backend is the last fallback, not something to tune.
  rows.push(skippedRow('train step (cpu)', 'skipped: the pure-JS cpu backend trains at ~1 image/s on this network, one step takes minutes'));
  return rows;
};
