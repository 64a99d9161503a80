/**
 * The experiment file (`*.experiment.json`) after validation: every default filled in, so a
 * run's stored config is complete and reproducible. The JSON schema in
 * schemas/experiment.schema.json is the source of the defaults; these types mirror it.
 */

export type DatasetFormat = 'auto' | 'kaggle' | 'happywhale' | 'folders' | 'fashion-mnist';
export type ImageFit = 'pad' | 'crop';

export interface AugmentationConfig {
  /** Random resized crop: share of the image area kept, [min, max]. */
  randomResizedCrop: boolean;
  cropScale: [number, number];
  /** Maximum rotation either way, in degrees. */
  rotationDegrees: number;
  /** Maximum brightness/contrast change, as a share (0.2 = +-20 %). */
  brightness: number;
  contrast: number;
  /** Off by default for flukes: a flip swaps the lobes and so changes what the whale looks like. */
  horizontalFlip: boolean;
  /** Trains flipped photos as new identities (a trick of the whale competition's top solutions). */
  flipAsNewIdentity: boolean;
}

export interface DataConfig {
  /** Dataset root, relative to the experiment file's folder (or absolute). */
  path: string;
  format: DatasetFormat;
  /** Images are cached at this size; fluke photos are wide, so the default is 1:2 (64 x 128). */
  imageHeight: number;
  imageWidth: number;
  channels: 1 | 3;
  fit: ImageFit;
  /** Share of identities held out of training for evaluation (split by identity, seeded). */
  testIdentityFraction: number;
  /** Share of each test identity's photos used as queries; the rest form the gallery. */
  queryFraction: number;
  /** Label of photos of whales never identified (never trained on; distractor queries). */
  newWhaleLabel: string;
  /** Fashion-MNIST style: identities (class names or ids) used for training; the rest are test. */
  trainIdentities: string[] | null;
  /** Cap on the number of images read (null = all); for quick runs. */
  limit: number | null;
  augmentation: AugmentationConfig;
}

export type BackboneKind = 'resnet' | 'layers-model';

export interface ModelConfig {
  backbone: BackboneKind;
  /** Channels of the first stage of the residual CNN; doubled at each later stage. */
  width: number;
  /** Residual blocks per stage; the number of stages is its length. */
  blocksPerStage: number[];
  /** A TF.js LayersModel (model.json) used as backbone, for `backbone: "layers-model"`. */
  layersModelPath: string | null;
  /** Embedding size d, split into `method.clusters` contiguous slices. */
  embeddingSize: number;
}

export type ClusterFeatures = 'backbone' | 'embedding';
export type ClusterAssignment = 'kmeans' | 'random';
export type BatchNormUnderDivision = 'freeze-after-warmup' | 'reestimate-mixed' | 'train';
/** An epoch number, or `auto`: a share of `epochs` (see trainingSchedule). */
export type PhaseEpoch = number | 'auto';

export interface MethodConfig {
  /** K: number of clusters and of learners (embedding slices). K = 1 is the baseline. */
  clusters: number;
  /** Re-embed and re-cluster every M epochs (0 = never after the first clustering). */
  reclusterEvery: number;
  clusterOn: ClusterFeatures;
  /** k-means (the method) or random clusters (an ablation). */
  clusterAssignment: ClusterAssignment;
  /** From this epoch on, K learners; before it K = 1 on all data (a warm-up). */
  divideFromEpoch: PhaseEpoch;
  /** From this epoch on, K becomes 1 (one loader, loss on the whole embedding); null = never. */
  finetuneEpoch: PhaseEpoch | null;
  /** From this epoch on, the loss is on the full embedding while batches stay per cluster. */
  fullEmbeddingEpoch: PhaseEpoch | null;
  kmeansRestarts: number;
  kmeansMaxIterations: number;
  /** What batch norm does once batches hold one cluster each. */
  batchNorm: BatchNormUnderDivision;
}

export type LossKind = 'margin' | 'triplet' | 'contrastive';

export interface LossConfig {
  type: LossKind;
  /** Margin loss alpha, triplet margin, or contrastive negative margin. */
  margin: number;
  /** Margin loss beta (initial value when learnt). */
  beta: number;
  learnBeta: boolean;
  classSpecificBeta: boolean;
  betaLearningRate: number;
  /** Weight of the nu * beta regulariser. */
  nu: number;
}

export type MinerKind =
  | 'distance-weighted'
  | 'semi-hard'
  | 'hard'
  | 'batch-hard'
  | 'closest-beyond-cutoff'
  | 'random';

export interface SamplingConfig {
  miner: MinerKind;
  /** P classes x m images per batch. */
  classesPerBatch: number;
  imagesPerClass: number;
  /** Distance-weighted sampling: distances below are clamped to it. */
  cutoff: number;
  /** Negatives at or beyond this distance give no loss (beta + alpha). */
  nonzeroLossCutoff: number;
  /** Batches per epoch; null = enough to visit every training image once. */
  batchesPerEpoch: number | null;
}

export type OptimizerKind = 'adam' | 'sgd';

export interface OptimizerConfig {
  type: OptimizerKind;
  learningRate: number;
  weightDecay: number;
  momentum: number;
}

export interface EvaluationConfig {
  /** Evaluate every E epochs (and always after the last). */
  every: number;
  recallAt: number[];
  nmi: boolean;
  mapAtR: boolean;
  map5: boolean;
  /** Distance at which "new_whale" is inserted into the MAP@5 ranking; null = not inserted. */
  newWhaleThreshold: number | null;
  /** Neighbours stored per query for the Retrieval Preview. */
  retrievalTopK: number;
  /** The metric that marks the best epoch: `recall@K`, `nmi`, `mapAtR` or `map5` (higher is better). */
  selectBy: string;
  projection: ProjectionConfig;
}

export const projectionMethods = ['auto', 'umap', 'pca', 'off'] as const;
export type ProjectionMethod = (typeof projectionMethods)[number];

/** The 2-D map of the embedding stored at each evaluation (the Embedding Map panel). */
export interface ProjectionConfig {
  /** `auto`: UMAP up to `umapMaxPoints` points, PCA above; `off`: no map. */
  method: ProjectionMethod;
  /** Cap on the points of one map; above it a seeded sample (the same images at every epoch). */
  maxPoints: number;
  /** Largest set `auto` gives to UMAP (its cost grows faster than PCA's). */
  umapMaxPoints: number;
  /** Training images (a seeded sample) mapped with the evaluated ones, to show the clusters. */
  trainingPoints: number;
}

export const backendNames = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];

export function isBackendName(value: string): value is BackendName {
  return (backendNames as readonly string[]).includes(value);
}

export interface RuntimeConfig {
  backend: BackendName;
  seed: number;
  /** Threads for the wasm backend; null = all cores. */
  threads: number | null;
  /** Checkpoints kept as training goes: the newest and the best, all, or the newest N and the best. */
  keepCheckpoints: 'last-and-best' | 'all' | number;
}

export interface ExperimentConfig {
  name: string;
  description: string;
  data: DataConfig;
  model: ModelConfig;
  method: MethodConfig;
  loss: LossConfig;
  sampling: SamplingConfig;
  optimizer: OptimizerConfig;
  epochs: number;
  evaluation: EvaluationConfig;
  runtime: RuntimeConfig;
}

/** A sweep: dotted config paths to the values each takes; the runs are the cross product. */
export type GridSpec = Record<string, Array<string | number | boolean | null>>;

/** The file as written: every section optional (defaults fill it), plus an optional grid. */
export type ExperimentFile = DeepPartial<ExperimentConfig> & { grid?: GridSpec };

export type DeepPartial<T> = T extends Array<unknown>
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** One run of an experiment file: the full config and the grid values that made it. */
export interface PlannedRun {
  name: string;
  config: ExperimentConfig;
  gridValues: Record<string, string | number | boolean | null>;
}
