import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapRequestFromArgument } from './mapRequest';

test('a cluster or a set of images to pick out, with the run and epoch', () => {
  assert.deepEqual(mapRequestFromArgument({ runId: 2, epoch: 4, highlight: { kind: 'cluster', cluster: 1, label: 'c' } }), {
    runId: 2, epoch: 4, highlight: { kind: 'cluster', cluster: 1, label: 'c' },
  });
  assert.deepEqual(mapRequestFromArgument({ runId: 2, highlight: { kind: 'images', imageIds: [5, 6] } }), {
    runId: 2, epoch: null, highlight: { kind: 'images', imageIds: [5, 6], label: '' },
  });
  assert.deepEqual(mapRequestFromArgument({ runId: 2, epoch: 'latest' }), { runId: 2, epoch: null, highlight: null });
});

test('a bad run id or highlight is refused with a message naming it', () => {
  assert.throws(() => mapRequestFromArgument(undefined), /needs \{ runId, epoch, highlight \}/);
  assert.throws(() => mapRequestFromArgument({ runId: 0 }), /runId must be a positive integer/);
  assert.throws(() => mapRequestFromArgument({ runId: 1, highlight: { kind: 'images', imageIds: ['x'] } }), /highlight must be/);
});
