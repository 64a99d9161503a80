/**
 * One training run, divide and conquer: select the backend, prepare the images, divide the
 * training images among K learners, train epoch by epoch (reclustering every M epochs,
 * evaluating on held-out identities), and write each epoch, its metrics, clusterings,
 * retrievals and checkpoint through the run sink in one write. `fluke train` calls it.
 */
import { join } from 'node:path';
import { augmentBatch } from '../../data/augmentation';
import { wasmFeatureMapProblem } from '../../experiment/featureMapSize';
import type { ExperimentConfig } from '../../protocol/experiment';
import type { TrainerEvent } from '../../protocol/trainerEvents';
import { SeededRandom } from '../../random/seededRandom';
import { selectBackend } from '../backends/selectBackend';
import { checkTrainingData } from './checkTrainingData';
import { nonFiniteWeight } from './divergence';
import { retainCheckpoints } from './checkpointRetention';
import { mapEvaluation } from '../projection/mapEvaluation';
import { evaluateRun } from './evaluateRun';
import { prepareRunData, type RunData } from './prepareRunData';
import { reclusterTrainingImages, type Division } from './recluster';
import type { ClusteringWrite, RunSink } from './runSink';
import type { CheckpointEntry } from './resumableCheckpoint';
import { restoreTrainerCheckpoint, saveTrainerCheckpoint, type CheckpointReader, type PartialEpoch } from './trainerCheckpoint';
import { createTrainerParts, type TrainerParts } from './trainerParts';
import { trainEpoch } from './trainEpoch';
import { planTrainingEpoch } from './planTrainingEpoch';
import { evaluateAfter, trainingSchedule } from './trainingSchedule';
import { emptyHardnessSums, learnerHardness } from './batchHardness';
import { reestimateBatchNorm } from './reestimateBatchNorm';
import { clusterUsage } from '../samplers/clusterUsage';

export interface TrainRunOptions {
  config: ExperimentConfig;
  experimentDir: string;
  sink: RunSink;
  checkpointDir: string;
  /** Recorded in every checkpoint; a resume refuses a checkpoint of another owner. */
  checkpointOwner: CheckpointReader;
  cacheDir: string;
  /** The checkpoint to continue from, and the SHA-256 the database recorded for it (null: none recorded). */
  resume: CheckpointEntry | null;
  /** Checked at every batch boundary. */
  shouldStop: () => boolean;
  /** Epoch, metrics, clustering, checkpoint and log events (the CLI emits run-started/run-ended). */
  emit: (event: TrainerEvent) => void;
}

export interface TrainRunResult {
  status: 'completed' | 'stopped' | 'diverged' | 'failed';
  error: string | null;
  backend: string;
}

const embedBatchSize = 64;

export async function trainRun(options: TrainRunOptions): Promise<TrainRunResult> {
  const { config, sink, emit } = options;
  let backend = 'none';
  let parts: TrainerParts | null = null;
  try {
    const selected = await selectBackend(config.runtime.backend, config.runtime.threads);
    backend = selected.name;
    emit({ type: 'log', runId: sink.runId, level: 'info', message: `backend ${selected.name}: ${selected.detail}` });
    if (selected.warning) emit({ type: 'log', runId: sink.runId, level: 'warning', message: selected.warning });
    // Past this size wasm fails mid-batch with "memory access out of bounds": refuse first, naming the fields.
    const tooLargeForWasm = selected.name === 'wasm' ? wasmFeatureMapProblem(config) : null;
    if (tooLargeForWasm) throw new Error(tooLargeForWasm);
    const data = await prepareRunData(config, options.experimentDir, sink, options.cacheDir);
    emit({
      type: 'log',
      runId: sink.runId,
      level: 'info',
      message: `${data.train.length} training images of ${data.trainClasses} identities; ${data.query.length} queries, ${data.gallery.length} gallery images`,
    });
    for (const warning of checkTrainingData(config, { trainImages: data.train.length, trainClasses: data.trainClasses })) {
      emit({ type: 'log', runId: sink.runId, level: 'warning', message: warning });
    }
    parts = await createTrainerParts(config, data.trainClasses, options.experimentDir);
    const outcome = await trainEpochs(options, data, parts);
    return { ...outcome, backend };
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? error.message : String(error), backend };
  } finally {
    parts?.dispose();
  }
}

async function trainEpochs(options: TrainRunOptions, data: RunData, parts: TrainerParts): Promise<Omit<TrainRunResult, 'backend'>> {
  const { config, sink, emit } = options;
  const runId = sink.runId;
  const { method } = config;
  const schedule = trainingSchedule(method, config.epochs);
  // One generator for sampling, augmentation, mining and k-means, saved in every checkpoint.
  const random = new SeededRandom(config.runtime.seed).fork();
  const imageShape: [number, number, number] = [data.size.height, data.size.width, data.size.channels];
  const loadBatch = (rows: number[]) => augmentBatch(data.pixels, rows, data.size, config.data.augmentation, random, false);
  const trainImageIds = data.train.map((row) => data.imageIds[row]!);
  const trainRows = data.train;

  const recluster = (epoch: number, k: number, previous: Int32Array | null): { division: Division; write: ClusteringWrite } => {
    const division = reclusterTrainingImages({ model: parts.model, rows: trainRows, loadBatch, imageShape, method, k, random, previous });
    emit({ type: 'clustering', runId, epoch, k, sizes: division.sizes, churnNmi: division.churnNmi });
    return {
      division,
      write: { epoch, k, sizes: division.sizes, features: method.clusterOn, imageIds: trainImageIds, clusters: Array.from(division.assignments), churnNmi: division.churnNmi },
    };
  };
  const checkpointPath = (name: string) => join(options.checkpointDir, `run-${runId}-${name}.ckpt`);

  let assignments: Int32Array;
  let startEpoch: number;
  let progress: PartialEpoch | null = null;
  let unwrittenClusterings: ClusteringWrite[] = [];
  if (options.resume) {
    const meta = restoreTrainerCheckpoint(options.resume.path, parts, options.checkpointOwner, options.resume.sha256);
    if (meta.owner === undefined) {
      emit({ type: 'log', runId, level: 'warning', message: `${options.resume.path} was written before checkpoints recorded their run and database: it is taken as this run's` });
    }
    random.restoreState(meta.random);
    assignments = Int32Array.from(meta.assignments);
    startEpoch = meta.epoch + 1;
    progress = meta.partial;
    unwrittenClusterings = meta.unwrittenClusterings;
    if (assignments.length !== trainRows.length) {
      throw new Error(`${options.resume.path}: checkpoint divides ${assignments.length} training images, the run has ${trainRows.length}`);
    }
    emit({ type: 'log', runId, level: 'info', message: `resuming after epoch ${meta.epoch}${progress ? ` (epoch ${progress.epoch} at batch ${progress.batchesDone})` : ''}` });
  } else {
    const first = recluster(0, schedule.clustersAt(1), null);
    assignments = first.division.assignments;
    unwrittenClusterings.push(first.write);
    startEpoch = 1;
  }

  for (let epoch = startEpoch; epoch <= config.epochs; epoch++) {
    const k = schedule.clustersAt(epoch);
    if (k === 1 && assignments.some((cluster) => cluster !== 0)) assignments = new Int32Array(trainRows.length);
    if (progress === null || progress.epoch !== epoch) {
      progress = {
        epoch,
        batches: planTrainingEpoch(assignments, k, data.trainLabels, config.sampling, random),
        batchesDone: 0,
        lossSums: new Array<number>(k).fill(0),
        lossCounts: new Array<number>(k).fill(0),
        hardness: Array.from({ length: k }, emptyHardnessSums),
        seconds: 0,
      };
    }
    const outcome = await trainEpoch({ config, data, parts, random, schedule, shouldStop: options.shouldStop }, progress);
    if (outcome.status === 'diverged') return { status: 'diverged', error: outcome.error };
    if (outcome.status === 'stopped') {
      const path = checkpointPath(`epoch-${epoch}-batch-${progress.batchesDone}`);
      const sha256 = saveTrainerCheckpoint(path, parts, { owner: options.checkpointOwner, epoch: epoch - 1, random, assignments, partial: progress, unwrittenClusterings });
      emit({ type: 'checkpoint', runId, epoch: epoch - 1, kind: 'stop', path, sha256 });
      return { status: 'stopped', error: null };
    }
    // The loss can stay finite (even 0) while the weights are already NaN or infinite.
    const brokenWeight = nonFiniteWeight(parts.model.saveWeights());
    if (brokenWeight !== null) return { status: 'diverged', error: `${brokenWeight} at epoch ${epoch} (the loss was still finite)` };
    const trainingSeconds = progress.seconds;
    const started = performance.now();
    const reclustering = schedule.reclusterAfter(epoch);
    const evaluating = evaluateAfter(config.evaluation, epoch, config.epochs);
    if (method.batchNorm === 'reestimate-mixed' && epoch >= schedule.divideFrom && (reclustering || evaluating)) {
      reestimateBatchNorm({ model: parts.model, rows: trainRows, loadBatch, imageShape, batchSize: config.sampling.classesPerBatch * config.sampling.imagesPerClass, random });
    }
    if (reclustering) {
      // Coming out of the warm-up there is no division to match the new clusters to.
      const next = recluster(epoch, schedule.clustersAt(epoch + 1), k === 1 ? null : assignments);
      assignments = next.division.assignments;
      unwrittenClusterings.push(next.write);
    }
    const evaluation = evaluating
      ? evaluateRun({
          model: parts.model,
          images: { query: data.query, gallery: data.gallery, imageIds: data.imageIds, identities: data.identities },
          loadBatch,
          imageShape,
          slices: method.clusters,
          evaluation: config.evaluation,
          newWhaleLabel: config.data.newWhaleLabel,
          seed: config.runtime.seed,
          batchSize: embedBatchSize,
        })
      : null;
    if (evaluation?.divergence) return { status: 'diverged', error: `${evaluation.divergence} at epoch ${epoch}` };
    const embeddingMap = evaluation
      ? mapEvaluation({
          epoch,
          model: parts.model,
          evaluatedRows: [...data.query, ...data.gallery],
          trainRows,
          imageIds: data.imageIds,
          assignments,
          loadBatch,
          imageShape,
          slices: method.clusters,
          config: config.evaluation.projection,
          seed: config.runtime.seed,
          batchSize: embedBatchSize,
        })
      : null;
    const path = checkpointPath(`epoch-${epoch}`);
    const sha256 = saveTrainerCheckpoint(path, parts, { owner: options.checkpointOwner, epoch, random, assignments, partial: null, unwrittenClusterings: [] });
    const imagesTrained = progress.batches.reduce((sum, batch) => sum + batch.indices.length, 0);
    const totalCount = progress.lossCounts.reduce((sum, count) => sum + count, 0);
    const epochRecord = {
      epoch,
      loss: totalCount > 0 ? progress.lossSums.reduce((sum, value) => sum + value, 0) / totalCount : 0,
      learnerLosses: progress.lossSums.map((sum, learner) => (progress!.lossCounts[learner]! > 0 ? sum / progress!.lossCounts[learner]! : 0)),
      learningRate: config.optimizer.learningRate,
      seconds: trainingSeconds + (performance.now() - started) / 1000,
      imagesPerSecond: trainingSeconds > 0 ? imagesTrained / trainingSeconds : 0,
      endedAt: new Date().toISOString(),
    };
    const metrics = evaluation ? { epoch, ...evaluation.metrics } : null;
    const batches = { epoch, clusterUsage: clusterUsage(progress.batches, data.trainLabels, k), learnerHardness: learnerHardness(progress.hardness) };
    sink.writeEpoch({ epoch: epochRecord, metrics, batches, clusterings: unwrittenClusterings, retrievals: evaluation?.retrievals ?? null, checkpointPath: path, checkpointSha256: sha256, embeddingMap });
    retainCheckpoints(sink, config.evaluation.selectBy, config.runtime.keepCheckpoints, options.checkpointDir);
    unwrittenClusterings = [];
    progress = null;
    emit({ type: 'epoch', runId, epochs: config.epochs, ...epochRecord });
    emit({ type: 'epoch-batches', runId, ...batches });
    if (metrics) emit({ type: 'metrics', runId, ...metrics });
    emit({ type: 'checkpoint', runId, epoch, kind: 'epoch', path, sha256 });
  }
  return { status: 'completed', error: null };
}
