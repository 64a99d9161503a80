import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../random/seededRandom';
import { embeddingNmi } from './embeddingNmi';

test('separated identities score 1, an embedding that mixes them scores lower', () => {
  const random = new SeededRandom(2);
  const labels = Int32Array.from({ length: 120 }, (_, i) => i % 4);
  const separated = Float32Array.from({ length: 120 * 2 }, (_, v) => (v % 2 === 0 ? labels[v >> 1]! * 10 : 0) + random.normal() * 0.3);
  assert.ok(Math.abs(embeddingNmi(separated, 2, labels, 1) - 1) < 1e-12);
  const mixed = Float32Array.from({ length: 120 * 2 }, () => random.normal());
  const score = embeddingNmi(mixed, 2, labels, 1);
  assert.ok(score >= 0 && score < 0.3, `random embedding NMI ${score}`);
});
