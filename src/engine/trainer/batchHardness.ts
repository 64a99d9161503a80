/**
 * How hard a learner's batches were in an epoch: the share of mined pairs or triplets with a
 * non-zero loss, and the mean anchor-negative distance. Divide and conquer claims that a
 * cluster's batches hold harder negatives than random ones; these show whether they do.
 */
import type { LearnerHardness } from '../../protocol/records';
import type { StepResult } from './trainStep';

export interface LearnerHardnessSums {
  nonZeroTerms: number;
  terms: number;
  negativeDistanceSum: number;
  negatives: number;
}

export function emptyHardnessSums(): LearnerHardnessSums {
  return { nonZeroTerms: 0, terms: 0, negativeDistanceSum: 0, negatives: 0 };
}

export function addStepHardness(sums: LearnerHardnessSums, step: StepResult): void {
  sums.nonZeroTerms += step.nonZeroTerms;
  sums.terms += step.terms;
  sums.negativeDistanceSum += step.negativeDistanceSum;
  sums.negatives += step.negatives;
}

/** Per learner: null shares where the learner mined nothing this epoch. */
export function learnerHardness(sums: LearnerHardnessSums[]): LearnerHardness[] {
  return sums.map((learner, index) => ({
    learner: index,
    nonZeroLossShare: learner.terms > 0 ? learner.nonZeroTerms / learner.terms : null,
    meanNegativeDistance: learner.negatives > 0 ? learner.negativeDistanceSum / learner.negatives : null,
  }));
}
