import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Emitter } from './emitter';

test('listeners get each value until they dispose; a throwing listener does not stop the others', () => {
  const failures: unknown[] = [];
  const emitter = new Emitter<number>((error) => failures.push(error));
  const seen: number[] = [];
  const disposables: Array<{ dispose(): void }> = [];
  emitter.event(() => {
    throw new Error('listener bug');
  });
  const subscription = emitter.event((value) => seen.push(value), undefined, disposables);
  emitter.fire(1);
  subscription.dispose();
  emitter.fire(2);
  assert.deepEqual(seen, [1]);
  assert.equal(disposables.length, 1);
  assert.deepEqual(failures.map(String), ['Error: listener bug', 'Error: listener bug']);
});
