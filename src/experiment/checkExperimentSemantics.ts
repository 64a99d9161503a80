import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ExperimentConfig } from '../protocol/experiment';
import { wasmFeatureMapProblem } from './featureMapSize';
import { trainingSchedule } from '../engine/trainer/trainingSchedule';

export interface SemanticProblem {
  /** JSON pointer of the field the problem is about. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** A path in the config resolved the way the trainer resolves it: against the file's folder. */
export function resolveExperimentPath(experimentDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(experimentDir, path);
}

/**
 * What the schema cannot say: fields that are valid alone but wrong together, and paths
 * that do not exist. Runs on one complete config (one run of a grid).
 */
export function checkExperimentSemantics(config: ExperimentConfig, experimentDir: string): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const error = (path: string, message: string) => problems.push({ path, message, severity: 'error' });
  const warning = (path: string, message: string) => problems.push({ path, message, severity: 'warning' });
  const { data, model, method, sampling, evaluation, loss } = config;

  const dataPath = resolveExperimentPath(experimentDir, data.path);
  if (!existsSync(dataPath)) {
    error('/data/path', `dataset path ${dataPath} does not exist (make one with \`fluke data generate\`, or fix the path)`);
  }
  if (model.backbone === 'layers-model') {
    if (model.layersModelPath === null) error('/model/layersModelPath', 'backbone "layers-model" needs layersModelPath (a model.json)');
    else if (!existsSync(resolveExperimentPath(experimentDir, model.layersModelPath))) {
      error('/model/layersModelPath', `model file ${resolveExperimentPath(experimentDir, model.layersModelPath)} does not exist`);
    }
  }
  const tooLargeForWasm = wasmFeatureMapProblem(config);
  // auto falls back to wasm where no native backend loads: a warning there, an error when wasm is asked for.
  if (tooLargeForWasm && config.runtime.backend === 'wasm') error('/data/imageHeight', tooLargeForWasm);
  else if (tooLargeForWasm && config.runtime.backend === 'auto') warning('/data/imageHeight', `${tooLargeForWasm} (runtime.backend "auto" uses wasm where no native backend loads)`);
  if (method.clusters > model.embeddingSize) {
    error('/method/clusters', `${method.clusters} clusters need at least ${method.clusters} embedding dimensions (embeddingSize is ${model.embeddingSize})`);
  } else if (model.embeddingSize % method.clusters !== 0) {
    warning(
      '/model/embeddingSize',
      `embeddingSize ${model.embeddingSize} is not divisible by method.clusters ${method.clusters}: the last learner gets a smaller slice`,
    );
  }
  if (typeof method.divideFromEpoch === 'number' && method.clusters > 1 && method.divideFromEpoch > config.epochs) {
    warning('/method/divideFromEpoch', `divideFromEpoch ${method.divideFromEpoch} is after the last epoch (${config.epochs}): the data is never divided`);
  }
  if (typeof method.finetuneEpoch === 'number' && method.finetuneEpoch > config.epochs) {
    warning('/method/finetuneEpoch', `finetuneEpoch ${method.finetuneEpoch} is after the last epoch (${config.epochs}): it never happens`);
  }
  if (typeof method.fullEmbeddingEpoch === 'number' && method.fullEmbeddingEpoch > config.epochs) {
    warning('/method/fullEmbeddingEpoch', `fullEmbeddingEpoch ${method.fullEmbeddingEpoch} is after the last epoch (${config.epochs}): it never happens`);
  }
  if (method.clusters > 1) {
    const schedule = trainingSchedule(method, config.epochs);
    const slicesEnd = Math.min(schedule.fullEmbeddingFrom ?? Infinity, schedule.finetuneFrom ?? Infinity, config.epochs + 1);
    if (schedule.divideFrom <= config.epochs && slicesEnd <= schedule.divideFrom) {
      warning('/method/divideFromEpoch', `no epoch trains the ${method.clusters} slices on their own: the division starts at epoch ${schedule.divideFrom}, the conquer phase at epoch ${slicesEnd}`);
    }
  }
  if (method.clusters > 1 && method.reclusterEvery > config.epochs) {
    warning('/method/reclusterEvery', `reclusterEvery ${method.reclusterEvery} is more than the ${config.epochs} epochs: the clusters are never remade`);
  }
  if (sampling.classesPerBatch < 2) error('/sampling/classesPerBatch', 'a batch needs at least 2 classes, or there are no negatives');
  if (sampling.imagesPerClass < 2) error('/sampling/imagesPerClass', 'a batch needs at least 2 images per class, or there are no positives');
  if (sampling.classesPerBatch * sampling.imagesPerClass < 8 && sampling.classesPerBatch >= 2 && sampling.imagesPerClass >= 2) {
    warning('/sampling/classesPerBatch', `batches of ${sampling.classesPerBatch * sampling.imagesPerClass} images are too small for mining to find useful pairs`);
  }
  if (sampling.nonzeroLossCutoff <= sampling.cutoff) {
    error('/sampling/nonzeroLossCutoff', `nonzeroLossCutoff (${sampling.nonzeroLossCutoff}) must be above cutoff (${sampling.cutoff}), or no negative is ever sampled`);
  }
  const [cropMin, cropMax] = data.augmentation.cropScale;
  if (cropMin > cropMax) error('/data/augmentation/cropScale', `cropScale [${cropMin}, ${cropMax}]: the minimum is above the maximum`);
  if (loss.classSpecificBeta && !loss.learnBeta) warning('/loss/classSpecificBeta', 'classSpecificBeta has no effect unless learnBeta is true');
  if (evaluation.newWhaleThreshold !== null && !evaluation.map5) {
    warning('/evaluation/newWhaleThreshold', 'newWhaleThreshold is only used by MAP@5, which is off (evaluation.map5)');
  }
  const selectedRecall = /^recall@(\d+)$/.exec(evaluation.selectBy);
  const selectedOff =
    (selectedRecall !== null && !evaluation.recallAt.includes(Number(selectedRecall[1]))) ||
    (evaluation.selectBy === 'nmi' && !evaluation.nmi) ||
    (evaluation.selectBy === 'mapAtR' && !evaluation.mapAtR) ||
    (evaluation.selectBy === 'map5' && !evaluation.map5);
  if (selectedOff) error('/evaluation/selectBy', `selectBy ${evaluation.selectBy} is not computed (see evaluation.recallAt, nmi, mapAtR, map5): no epoch could be marked best`);
  if (data.trainIdentities !== null && data.trainIdentities.length === 0) {
    error('/data/trainIdentities', 'trainIdentities is empty: nothing would be trained on (use null to split by testIdentityFraction)');
  }
  return problems;
}
