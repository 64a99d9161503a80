/**
 * Checks, once the training images are known, a configuration that would train on nothing
 * while looking fine: more learners than training identities (a learner with one identity has
 * no negatives and its loss stays exactly 0), or a batch budget that draws each training image
 * many times per epoch.
 */
import type { ExperimentConfig } from '../../protocol/experiment';

/** How many times the training images one epoch may draw before it is worth a warning. */
const drawsPerImageWarning = 10;

/** Throws for a configuration that cannot train on this data; returns warnings for one that trains oddly. */
export function checkTrainingData(config: ExperimentConfig, data: { trainImages: number; trainClasses: number }): string[] {
  const { clusters } = config.method;
  if (clusters > data.trainClasses) {
    throw new Error(
      `method.clusters is ${clusters} but the training set has only ${data.trainClasses} identities: a learner needs at least two, ` +
        `or it has no negatives and its loss stays 0; use method.clusters ${Math.max(1, Math.floor(data.trainClasses / 2))} or less, or more identities`,
    );
  }
  const warnings: string[] = [];
  if (clusters > 1 && clusters * 2 > data.trainClasses) {
    warnings.push(`method.clusters ${clusters} with ${data.trainClasses} training identities: some learners get a single identity, so no negatives and a loss of 0`);
  }
  const { batchesPerEpoch, classesPerBatch, imagesPerClass } = config.sampling;
  if (batchesPerEpoch !== null) {
    const drawn = batchesPerEpoch * classesPerBatch * imagesPerClass;
    if (drawn > drawsPerImageWarning * data.trainImages) {
      warnings.push(
        `sampling.batchesPerEpoch ${batchesPerEpoch} draws ${drawn} images an epoch from ${data.trainImages} training images ` +
          `(each about ${Math.round(drawn / data.trainImages)} times): an "epoch" is many passes over the data; null draws each about once`,
      );
    }
  }
  return warnings;
}
