import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runIdsFromArguments } from './commandArguments';

test('no argument (command palette): no runs', () => {
  assert.deepEqual(runIdsFromArguments(), []);
  assert.deepEqual(runIdsFromArguments(undefined, undefined), []);
});

test('one clicked tree item', () => {
  assert.deepEqual(runIdsFromArguments({ runId: 4, label: 'x' }), [4]);
});

test('a multi-selection, the clicked run first; items without a run id are skipped', () => {
  assert.deepEqual(runIdsFromArguments({ runId: 5 }, [{ runId: 2 }, { experiment: 'e' }, { runId: 5 }, { runId: 2 }]), [5, 2]);
});

test('bad run ids are ignored', () => {
  assert.deepEqual(runIdsFromArguments({ runId: '3' }, [{ runId: -1 }, { runId: 1.5 }, null, 7]), [7]);
});
