/**
 * Divides the training images among the learners: k-means on their (L2-normalised) backbone
 * features or embeddings (or random clusters, an ablation), then, when there was a previous
 * division, the new clusters are matched to the old ones (Hungarian) so that learner c keeps
 * roughly the same images; the churn is the NMI between the two divisions.
 */
import type { MethodConfig } from '../../protocol/experiment';
import type { SeededRandom } from '../../random/seededRandom';
import { kmeans } from '../clustering/kmeans';
import { matchClusters } from '../clustering/matchClusters';
import { normalizedMutualInformation } from '../metrics/normalizedMutualInformation';
import type { EmbeddingModel } from '../models/createEmbeddingModel';
import { normaliseSlices } from '../models/sliceEmbedding';
import { embedAll } from './embedAll';

export interface Division {
  /** Cluster of each training image (by train position). */
  assignments: Int32Array;
  sizes: number[];
  /** NMI between the previous division and this one (1 = nothing moved); null for the first division. */
  churnNmi: number | null;
}

export function divideTrainingImages(
  vectors: Float32Array,
  dim: number,
  k: number,
  method: Pick<MethodConfig, 'kmeansRestarts' | 'kmeansMaxIterations' | 'clusterAssignment'>,
  random: SeededRandom,
  previous: Int32Array | null,
): Division {
  const count = vectors.length / dim;
  let assignments: Int32Array;
  if (k === 1) {
    assignments = new Int32Array(count);
  } else {
    const fresh =
      method.clusterAssignment === 'random'
        ? Int32Array.from({ length: count }, () => random.int(k))
        : kmeans(vectors, dim, k, { restarts: method.kmeansRestarts, maxIterations: method.kmeansMaxIterations, random }).assignments;
    assignments = previous === null ? fresh : matchClusters(previous, fresh, k);
  }
  const sizes = new Array<number>(k).fill(0);
  for (const cluster of assignments) sizes[cluster]! += 1;
  const churnNmi = previous !== null && k > 1 && previous.some((cluster) => cluster !== 0) ? normalizedMutualInformation(previous, assignments) : null;
  return { assignments, sizes, churnNmi };
}

/**
 * Embeds every training image in evaluation mode and divides them into k clusters: on the
 * L2-normalised backbone features (`clusterOn: "backbone"`) or the embedding as the k learners
 * see it, the concatenation of k normalised slices (`"embedding"`).
 */
export function reclusterTrainingImages(input: {
  model: EmbeddingModel;
  rows: number[];
  loadBatch: (rows: number[]) => Float32Array;
  imageShape: [number, number, number];
  method: MethodConfig;
  k: number;
  random: SeededRandom;
  previous: Int32Array | null;
}): Division {
  const { method, k } = input;
  // Neither needs features: K = 1 is everything in one cluster, random clusters ignore them.
  if (k === 1 || method.clusterAssignment === 'random') return divideTrainingImages(new Float32Array(input.rows.length), 1, k, method, input.random, input.previous);
  const { values, dim } = embedAll({
    model: input.model,
    rows: input.rows,
    loadBatch: input.loadBatch,
    imageShape: input.imageShape,
    select: ({ features, embedding }) => (method.clusterOn === 'backbone' ? normaliseSlices(features, 1) : normaliseSlices(embedding, k)),
    batchSize: 64,
  });
  return divideTrainingImages(values, dim, k, method, input.random, input.previous);
}
