import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusBarContent } from './statusBarText';

test('hidden when nothing runs or waits', () => {
  assert.equal(statusBarContent([], 0), null);
});

test('one run shows its name and epoch, queued runs are counted', () => {
  const content = statusBarContent([{ name: 'whale-dc k=4', epoch: 3, epochs: 12 }], 2);
  assert.equal(content?.text, '$(loading~spin) whale-dc k=4 epoch 3/12 +2 queued');
  assert.match(content!.tooltip, /whale-dc k=4: epoch 3\/12\n2 waiting for a free slot/);
});

test('several runs are counted; a starting run has no epoch yet', () => {
  const content = statusBarContent([{ name: 'a', epoch: 1, epochs: 4 }, { name: 'b', epoch: null, epochs: null }], 0);
  assert.equal(content?.text, '$(loading~spin) Fluke: 2 runs');
  assert.match(content!.tooltip, /^a: epoch 1\/4\nb: starting\n/);
  assert.equal(statusBarContent([], 3)?.text, '$(clock) Fluke: 3 queued');
});
