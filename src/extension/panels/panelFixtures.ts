/**
 * Made-up store records for the panel models' unit tests: runs, epochs, metrics, clusterings
 * and retrieval results, reproducible from a seed.
 */
import type { ExperimentConfig } from '../../protocol/experiment';
import type {
  ClusterAssignments,
  ClusteringRecord,
  EpochBatchesRecord,
  EpochRecord,
  MetricsRecord,
  RetrievalResult,
  RunRecord,
} from '../../protocol/records';
import { SeededRandom } from '../../random/seededRandom';
import { normalizedMutualInformation } from '../../engine/metrics/normalizedMutualInformation';

export function fixtureConfig(clusters: number, changes: { learningRate?: number; embeddingSize?: number } = {}): ExperimentConfig {
  return {
    name: `k${clusters}`,
    description: '',
    data: {
      path: 'data/flukes',
      format: 'kaggle',
      imageHeight: 64,
      imageWidth: 128,
      channels: 3,
      fit: 'pad',
      testIdentityFraction: 0.2,
      queryFraction: 0.5,
      newWhaleLabel: 'new_whale',
      trainIdentities: null,
      limit: null,
      augmentation: {
        randomResizedCrop: true,
        cropScale: [0.8, 1],
        rotationDegrees: 5,
        brightness: 0.2,
        contrast: 0.2,
        horizontalFlip: false,
        flipAsNewIdentity: false,
      },
    },
    model: { backbone: 'resnet', width: 16, blocksPerStage: [1, 1, 1], layersModelPath: null, embeddingSize: changes.embeddingSize ?? 128 },
    method: {
      clusters,
      reclusterEvery: 2,
      clusterOn: 'backbone',
      clusterAssignment: 'kmeans',
      divideFromEpoch: 1,
      finetuneEpoch: null,
      fullEmbeddingEpoch: null,
      kmeansRestarts: 1,
      kmeansMaxIterations: 20,
      batchNorm: 'train',
    },
    loss: { type: 'margin', margin: 0.2, beta: 1.2, learnBeta: false, classSpecificBeta: false, betaLearningRate: 0.0005, nu: 0 },
    sampling: {
      miner: 'distance-weighted',
      classesPerBatch: 8,
      imagesPerClass: 4,
      cutoff: 0.5,
      nonzeroLossCutoff: 1.4,
      batchesPerEpoch: null,
    },
    optimizer: { type: 'adam', learningRate: changes.learningRate ?? 0.001, weightDecay: 0.0001, momentum: 0.9 },
    epochs: 200,
    evaluation: { every: 1, recallAt: [1, 2, 4, 8], nmi: true, mapAtR: true, map5: true, newWhaleThreshold: null, retrievalTopK: 10, selectBy: 'recall@1', projection: { method: 'auto', maxPoints: 20000, umapMaxPoints: 1000, trainingPoints: 1000 } },
    runtime: { backend: 'wasm', seed: 1, threads: null, keepCheckpoints: 'last-and-best' },
  };
}

export function fixtureRun(id: number, clusters: number, epochs: number, changes: Parameters<typeof fixtureConfig>[1] = {}): RunRecord {
  return {
    id,
    experimentId: 1,
    experimentPath: '/work/flukes.experiment.json',
    name: `flukes k=${clusters} #${id}`,
    config: fixtureConfig(clusters, changes),
    gridValues: { 'method.clusters': clusters },
    status: 'running',
    pid: null,
    host: null,
    backend: 'wasm',
    seed: 1,
    epochs,
    lastEpoch: epochs,
    bestRecallAt1: null,
    createdAt: '2026-11-28T10:00:00.000Z',
    startedAt: '2026-11-28T10:00:00.000Z',
    endedAt: null,
    error: null,
  };
}

/** Loss that falls and recall that rises with noise, one record per epoch. */
export function fixtureHistory(run: RunRecord, seed: number): { epochs: EpochRecord[]; metrics: MetricsRecord[]; epochBatches: EpochBatchesRecord[] } {
  const random = new SeededRandom(seed);
  const k = run.config.method.clusters;
  const started = Date.parse(run.startedAt!);
  const epochs: EpochRecord[] = [];
  const metrics: MetricsRecord[] = [];
  const epochBatches: EpochBatchesRecord[] = [];
  let elapsed = 0;
  for (let epoch = 1; epoch <= run.lastEpoch; epoch++) {
    const progress = 1 - Math.exp(-epoch / (20 + seed));
    const loss = 0.9 - 0.6 * progress + 0.05 * random.normal();
    const seconds = 10 + random.uniform(0, 2);
    elapsed += seconds;
    epochs.push({
      runId: run.id,
      epoch,
      loss,
      learnerLosses: Array.from({ length: k }, (_, learner) => loss * (0.9 + 0.05 * learner) + 0.02 * random.normal()),
      learningRate: run.config.optimizer.learningRate,
      seconds,
      imagesPerSecond: 200 + random.uniform(-10, 10),
      endedAt: new Date(started + elapsed * 1000).toISOString(),
    });
    const recall1 = Math.min(1, 0.2 + 0.5 * progress + 0.03 * k + 0.02 * random.normal());
    metrics.push({
      runId: run.id,
      epoch,
      recallAtK: { '1': recall1, '2': Math.min(1, recall1 + 0.1), '4': Math.min(1, recall1 + 0.18), '8': Math.min(1, recall1 + 0.24) },
      nmi: 0.5 + 0.3 * progress,
      mapAtR: 0.1 + 0.3 * progress,
      rPrecision: 0.2 + 0.3 * progress,
      map5: 0.3 + 0.4 * progress,
      map5Best: { threshold: 1.1 - 0.2 * progress, value: 0.35 + 0.4 * progress },
    });
    epochBatches.push({
      runId: run.id,
      epoch,
      clusterUsage: Array.from({ length: k }, (_, cluster) => ({ cluster, batches: 10, images: 280 + random.int(40), classes: 70 + random.int(10) })),
      learnerHardness: Array.from({ length: k }, (_, learner) => ({
        learner,
        nonZeroLossShare: Math.min(1, 0.5 + 0.05 * k - 0.2 * progress + 0.02 * random.normal()),
        meanNegativeDistance: 0.9 + 0.2 * progress - 0.03 * k + 0.01 * random.normal(),
      })),
    });
  }
  return { epochs, metrics, epochBatches };
}

/**
 * Queries of `identities` whales plus some new_whale ones; each has `topK` neighbours, and
 * the right identity is nearest with probability `skill`.
 */
export function fixtureRetrievals(queries: number, topK: number, skill: number, seed: number): RetrievalResult[] {
  const random = new SeededRandom(seed);
  const identityCount = Math.max(10, Math.floor(queries / 3));
  const identity = (index: number) => `w_${(index * 7919).toString(16).padStart(6, '0').slice(-6)}`;
  return Array.from({ length: queries }, (_, query) => {
    const queryIdentity = query % 10 === 9 ? 'new_whale' : identity(query % identityCount);
    const correctRank = random.next() < skill ? 0 : random.next() < 0.5 ? 1 + random.int(topK - 1) : -1;
    let distance = 0.3 + random.uniform(0, 0.3);
    return {
      queryImageId: 10_000 + query,
      queryIdentity,
      neighbours: Array.from({ length: topK }, (_, rank) => {
        distance += random.uniform(0.01, 0.08);
        const neighbourIdentity = rank === correctRank && queryIdentity !== 'new_whale'
          ? queryIdentity
          : random.next() < 0.1
            ? 'new_whale'
            : identity(random.int(identityCount) + identityCount);
        return { rank: rank + 1, imageId: 20_000 + random.int(5000), identity: neighbourIdentity, distance };
      }),
    };
  });
}

/** Reclusterings every two epochs of `images` training images into k clusters, with some images moving each time. */
export function fixtureClusterings(
  runId: number,
  k: number,
  images: number,
  reclusterings: number,
  seed: number,
): { clusterings: ClusteringRecord[]; assignments: ClusterAssignments[]; identities: Map<number, string> } {
  const random = new SeededRandom(seed);
  const imageIds = Array.from({ length: images }, (_, i) => i + 1);
  const identities = new Map(imageIds.map((imageId) => [imageId, `w_${(imageId % 40).toString().padStart(3, '0')}`]));
  let clusters = imageIds.map((imageId) => (imageId % 40) % k);
  const clusterings: ClusteringRecord[] = [];
  const assignments: ClusterAssignments[] = [];
  for (let index = 0; index < reclusterings; index++) {
    if (index > 0) clusters = clusters.map((cluster) => (random.next() < 0.15 ? random.int(k) : cluster));
    const id = runId * 100 + index + 1;
    const sizes = new Array<number>(k).fill(0);
    for (const cluster of clusters) sizes[cluster]! += 1;
    const previous = assignments.at(-1)?.clusters;
    const churnNmi = previous ? normalizedMutualInformation(Int32Array.from(previous), Int32Array.from(clusters)) : null;
    clusterings.push({ id, runId, epoch: index * 2, k, sizes, features: 'backbone', churnNmi });
    assignments.push({ clusteringId: id, imageIds: imageIds.slice(), clusters: clusters.slice() });
  }
  return { clusterings, assignments, identities };
}
