import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { DistanceWeightedMiner } from './distanceWeightedMiner';

// Anchor 0 with positive 1; negatives 2 (0.4, clamped to the 0.5 cutoff), 3 (1.0), 4 (1.3) and
// 5 (1.5, past the 1.4 non-zero-loss cutoff).
const labels = Int32Array.of(0, 0, 1, 2, 3, 4);
function batchDistances(): Float32Array {
  const distances = new Float32Array(36).fill(1.2);
  const row = [0, 0.3, 0.4, 1.0, 1.3, 1.5];
  for (let j = 0; j < 6; j++) {
    distances[j] = row[j]!;
    distances[j * 6] = row[j]!;
    distances[j * 7] = 0;
  }
  return distances;
}

test('n = 3: weight 1/q(d) = 1/d, so the draws follow 2 : 1 : 1/1.3 : 0', () => {
  const miner = new DistanceWeightedMiner({ dimension: 3 });
  const weights = miner.negativeWeights(batchDistances(), labels, 0)!;
  const total = 2 + 1 + 1 / 1.3;
  const expected = [0, 0, 2 / total, 1 / total, 1 / 1.3 / total, 0];
  expected.forEach((p, j) => assert.ok(Math.abs(weights[j]! - p) < 1e-6, `weight ${j}: ${weights[j]} vs ${p}`));

  const random = new SeededRandom(11);
  const counts = [0, 0, 0, 0, 0, 0];
  const draws = 20000;
  for (let i = 0; i < draws; i++) {
    const triplets = miner.mine(batchDistances(), labels, random);
    // Only anchors 0 and 1 have a positive: one triplet each.
    assert.deepEqual(Array.from(triplets.anchors), [0, 1]);
    counts[triplets.negatives[0]!]++;
  }
  // Binomial standard error at 20,000 draws is below 0.0036: 0.015 is over 4 of them.
  expected.forEach((p, j) => assert.ok(Math.abs(counts[j]! / draws - p) < 0.015, `negative ${j}: ${counts[j]! / draws} vs ${p}`));
});

test('n = 4: weight d^-2 (1 - d^2/4)^(-1/2)', () => {
  const weights = new DistanceWeightedMiner({ dimension: 4 }).negativeWeights(batchDistances(), labels, 0)!;
  const raw = [0.5, 1.0, 1.3].map((d) => d ** -2 * (1 - (d * d) / 4) ** -0.5);
  const total = raw.reduce((a, b) => a + b);
  raw.forEach((w, i) => assert.ok(Math.abs(weights[i + 2]! - w / total) < 1e-6));
});

test('n = 128 stays finite in log space and favours the nearest allowed negative', () => {
  const weights = new DistanceWeightedMiner({ dimension: 128 }).negativeWeights(batchDistances(), labels, 0)!;
  assert.ok(Array.from(weights).every(Number.isFinite));
  assert.ok(weights[2]! > 0.99, `weight of the clamped negative ${weights[2]}`);
  assert.ok(Math.abs(weights.reduce((a, b) => a + b) - 1) < 1e-12);
});

test('with every negative past the non-zero-loss cutoff, a negative is drawn uniformly', () => {
  const distances = new Float32Array(16).fill(1.8);
  for (let i = 0; i < 4; i++) distances[i * 5] = 0;
  const labelsFar = Int32Array.of(0, 0, 1, 2);
  const miner = new DistanceWeightedMiner({ dimension: 16 });
  assert.equal(miner.negativeWeights(distances, labelsFar, 0), null);
  const random = new SeededRandom(5);
  const seen = new Set<number>();
  for (let i = 0; i < 100; i++) seen.add(miner.mine(distances, labelsFar, random).negatives[0]!);
  assert.deepEqual([...seen].sort(), [2, 3]);
});
