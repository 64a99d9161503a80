import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignLayout, normaliseLayout } from './alignLayout';

const reference = { imageIds: [1, 2, 3, 4, 5], xy: [0, 0, 4, 0, 4, 1, 0, 3, -2, -1] };

function transformed(angle: number, mirror: boolean, scale: number, shift: [number, number]): number[] {
  const out: number[] = [];
  for (let i = 0; i < reference.xy.length / 2; i++) {
    const x = reference.xy[2 * i]!;
    const y = mirror ? -reference.xy[2 * i + 1]! : reference.xy[2 * i + 1]!;
    out.push(scale * (Math.cos(angle) * x - Math.sin(angle) * y) + shift[0], scale * (Math.sin(angle) * x + Math.cos(angle) * y) + shift[1]);
  }
  return out;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) assert.ok(Math.abs(actual[i]! - expected[i]!) < 1e-9, `at ${i}: ${actual[i]} vs ${expected[i]}`);
}

test('a turned, scaled and moved copy of the reference is brought back onto it', () => {
  const expected = normaliseLayout(reference.xy);
  assertClose(alignLayout({ imageIds: reference.imageIds, xy: transformed(1.2, false, 3, [5, -7]) }, reference), expected);
});

test('a mirrored copy is mirrored back', () => {
  const expected = normaliseLayout(reference.xy);
  assertClose(alignLayout({ imageIds: reference.imageIds, xy: transformed(-2.5, true, 0.5, [1, 1]) }, reference), expected);
});

test('images in another order and images only one layout has: matched by id', () => {
  const copy = transformed(0.7, true, 2, [0, 0]);
  // Reversed order, plus an image (99) the reference lacks: the fit uses the five shared ones.
  const ids = [...reference.imageIds].reverse();
  const xy = ids.flatMap((id) => [copy[2 * (id - 1)]!, copy[2 * (id - 1) + 1]!]);
  const aligned = alignLayout({ imageIds: [...ids, 99], xy: [...xy, 0, 0] }, reference);
  const backToReference = normaliseLayout(reference.xy);
  const first = ids.indexOf(1);
  const second = ids.indexOf(2);
  const distance = (a: number, b: number) => Math.hypot(aligned[2 * a]! - aligned[2 * b]!, aligned[2 * a + 1]! - aligned[2 * b + 1]!);
  const referenceDistance = Math.hypot(backToReference[0]! - backToReference[2]!, backToReference[1]! - backToReference[3]!);
  // Shapes agree up to the scale change the extra image brings; directions agree exactly.
  const direction = Math.atan2(aligned[2 * second + 1]! - aligned[2 * first + 1]!, aligned[2 * second]! - aligned[2 * first]!);
  const referenceDirection = Math.atan2(backToReference[3]! - backToReference[1]!, backToReference[2]! - backToReference[0]!);
  assert.ok(Math.abs(direction - referenceDirection) < 1e-9);
  assert.ok(distance(first, second) > 0 && referenceDistance > 0);
});

test('without a reference the layout is only centred and scaled to unit spread', () => {
  const aligned = alignLayout({ imageIds: [1, 2], xy: [10, 10, 14, 10] }, null);
  assertClose(aligned, [-1, 0, 1, 0]);
});
