import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunQueue } from './runQueue';

function queueWith(limit: number) {
  const started: string[] = [];
  const queue = new RunQueue<string>(limit, (key) => started.push(key));
  return { queue, started };
}

test('starts up to the limit and holds the rest in order', () => {
  const { queue, started } = queueWith(2);
  for (const key of ['a', 'b', 'c', 'd']) queue.enqueue(key, key.toUpperCase());
  assert.deepEqual(started, ['a', 'b']);
  assert.deepEqual(queue.snapshot().queued.map((entry) => entry.key), ['c', 'd']);
  queue.finished('b');
  assert.deepEqual(started, ['a', 'b', 'c']);
  queue.finished('a');
  queue.finished('c');
  assert.deepEqual(started, ['a', 'b', 'c', 'd']);
  assert.deepEqual(queue.snapshot().running.map((entry) => entry.item), ['D']);
});

test('adopted runs take slots without being started', () => {
  const { queue, started } = queueWith(1);
  queue.adopt('old', 'reattached');
  queue.enqueue('new', 'fresh');
  assert.deepEqual(started, []);
  queue.finished('old');
  assert.deepEqual(started, ['new']);
});

test('cancel removes only waiting runs', () => {
  const { queue, started } = queueWith(1);
  queue.enqueue('a', 'a');
  queue.enqueue('b', 'b');
  assert.equal(queue.cancel('a'), false);
  assert.equal(queue.cancel('b'), true);
  queue.finished('a');
  assert.deepEqual(started, ['a']);
  assert.deepEqual(queue.snapshot(), { running: [], queued: [] });
});

test('raising the limit starts waiting runs at once; a bad limit counts as 1', () => {
  const { queue, started } = queueWith(0);
  queue.enqueue('a', 'a');
  queue.enqueue('b', 'b');
  queue.enqueue('c', 'c');
  assert.deepEqual(started, ['a']);
  queue.setMaxConcurrent(3);
  assert.deepEqual(started, ['a', 'b', 'c']);
});

test('refuses a key twice and tells listeners of every change', () => {
  const { queue } = queueWith(1);
  let changes = 0;
  queue.onChange(() => changes++);
  queue.enqueue('a', 'a');
  assert.throws(() => queue.enqueue('a', 'a'), /already queued or running/);
  queue.finished('a');
  queue.finished('a');
  assert.equal(changes, 2);
});
