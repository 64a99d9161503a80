import type { SamplingConfig } from '../../protocol/experiment';
import { BatchHardMiner } from './batchHardMiner';
import { ClosestBeyondCutoffMiner } from './closestBeyondCutoffMiner';
import { DistanceWeightedMiner } from './distanceWeightedMiner';
import { HardMiner } from './hardMiner';
import type { Miner } from './miner';
import { RandomMiner } from './randomMiner';
import { SemiHardMiner } from './semiHardMiner';

/**
 * The miner an experiment's `sampling` section asks for. embeddingDim: the dimension of the
 * vectors mined on (a learner's slice), which distance-weighted sampling needs; margin: the
 * semi-hard window (the loss margin).
 */
export function createMiner(config: SamplingConfig, embeddingDim: number, margin = 0.2): Miner {
  switch (config.miner) {
    case 'distance-weighted':
      return new DistanceWeightedMiner({ dimension: embeddingDim, cutoff: config.cutoff, nonzeroLossCutoff: config.nonzeroLossCutoff });
    case 'semi-hard':
      return new SemiHardMiner(margin);
    case 'hard':
      return new HardMiner();
    case 'batch-hard':
      return new BatchHardMiner();
    case 'closest-beyond-cutoff':
      return new ClosestBeyondCutoffMiner(config.cutoff);
    case 'random':
      return new RandomMiner();
    default:
      throw new Error(`sampling.miner: unknown miner "${String((config as { miner: unknown }).miner)}" (distance-weighted, semi-hard, hard, batch-hard, closest-beyond-cutoff, random)`);
  }
}
