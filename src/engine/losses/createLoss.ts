import type { LossConfig } from '../../protocol/experiment';
import { ContrastiveLoss } from './contrastiveLoss';
import { MarginLoss } from './marginLoss';
import type { MetricLoss } from './metricLoss';
import { TripletLoss } from './tripletLoss';

/** The loss an experiment's `loss` section asks for; numClasses sizes class-specific beta. */
export function createLoss(config: LossConfig, numClasses: number): MetricLoss {
  switch (config.type) {
    case 'margin':
      return new MarginLoss({
        margin: config.margin,
        beta: config.beta,
        learnBeta: config.learnBeta,
        classSpecificBeta: config.classSpecificBeta,
        betaLearningRate: config.betaLearningRate,
        nu: config.nu,
        numClasses,
      });
    case 'triplet':
      return new TripletLoss(config.margin);
    case 'contrastive':
      return new ContrastiveLoss(config.margin);
    default:
      throw new Error(`loss.type: unknown loss "${String((config as { type: unknown }).type)}" (margin, triplet, contrastive)`);
  }
}
