import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from './seededRandom';

test('the same seed gives the same sequence, another seed another', () => {
  const first = new SeededRandom(42);
  const second = new SeededRandom(42);
  const other = new SeededRandom(43);
  const a = Array.from({ length: 20 }, () => first.next());
  const b = Array.from({ length: 20 }, () => second.next());
  const c = Array.from({ length: 20 }, () => other.next());
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.every((value) => value >= 0 && value < 1));
});

test('a saved state resumes the same sequence', () => {
  const random = new SeededRandom(7);
  random.normal();
  const saved = random.saveState();
  const expected = [random.normal(), random.next(), random.int(10)];
  const restored = new SeededRandom(0);
  restored.restoreState(saved);
  assert.deepEqual([restored.normal(), restored.next(), restored.int(10)], expected);
});

test('int stays in range and normal has mean near 0 and variance near 1', () => {
  const random = new SeededRandom(1);
  const ints = Array.from({ length: 1000 }, () => random.int(5));
  assert.ok(ints.every((value) => Number.isInteger(value) && value >= 0 && value < 5));
  assert.equal(new Set(ints).size, 5);
  const normals = Array.from({ length: 20000 }, () => random.normal());
  const mean = normals.reduce((sum, value) => sum + value, 0) / normals.length;
  const variance = normals.reduce((sum, value) => sum + (value - mean) ** 2, 0) / normals.length;
  assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
});

test('shuffle is a permutation', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const shuffled = new SeededRandom(3).shuffle([...items]);
  assert.notDeepEqual(shuffled, items);
  assert.deepEqual([...shuffled].sort((x, y) => x - y), items);
});
