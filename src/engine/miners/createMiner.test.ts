import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SamplingConfig } from '../../protocol/experiment';
import { BatchHardMiner } from './batchHardMiner';
import { ClosestBeyondCutoffMiner } from './closestBeyondCutoffMiner';
import { createMiner } from './createMiner';
import { DistanceWeightedMiner } from './distanceWeightedMiner';
import { HardMiner } from './hardMiner';
import { RandomMiner } from './randomMiner';
import { SemiHardMiner } from './semiHardMiner';

const base: SamplingConfig = { miner: 'distance-weighted', classesPerBatch: 20, imagesPerClass: 4, cutoff: 0.6, nonzeroLossCutoff: 1.3, batchesPerEpoch: null };

test('createMiner builds each miner with its settings', () => {
  const weighted = createMiner(base, 32);
  assert.ok(weighted instanceof DistanceWeightedMiner);
  assert.deepEqual([weighted.dimension, weighted.cutoff, weighted.nonzeroLossCutoff], [32, 0.6, 1.3]);
  const semiHard = createMiner({ ...base, miner: 'semi-hard' }, 32, 0.3);
  assert.ok(semiHard instanceof SemiHardMiner && semiHard.margin === 0.3);
  assert.ok(createMiner({ ...base, miner: 'hard' }, 32) instanceof HardMiner);
  assert.ok(createMiner({ ...base, miner: 'batch-hard' }, 32) instanceof BatchHardMiner);
  const closest = createMiner({ ...base, miner: 'closest-beyond-cutoff' }, 32);
  assert.ok(closest instanceof ClosestBeyondCutoffMiner && closest.cutoff === 0.6);
  assert.ok(createMiner({ ...base, miner: 'random' }, 32) instanceof RandomMiner);
  assert.throws(() => createMiner({ ...base, miner: 'easy' as SamplingConfig['miner'] }, 32), /sampling.miner: unknown miner "easy"/);
});
