/**
 * Evaluation on the held-out identities: embeds the queries and the gallery (the normalised
 * slices, concatenated and normalised as a whole), measures recall@K, NMI, MAP@R and MAP@5, and turns the nearest
 * neighbours into retrieval results that name the store's image ids and identities.
 */
import type { EvaluationConfig } from '../../protocol/experiment';
import type { MetricsRecord, RetrievalResult } from '../../protocol/records';
import { evaluateEmbeddings } from '../metrics/evaluateEmbeddings';
import type { EmbeddingModel } from '../models/createEmbeddingModel';
import { nonFiniteEvaluation } from './divergence';
import { referenceNormalised } from '../models/sliceEmbedding';
import { embedAll } from './embedAll';

export interface EvaluationImages {
  /** Pixel rows of the queries and of the gallery. */
  query: number[];
  gallery: number[];
  /** Store id and identity of every pixel row. */
  imageIds: number[];
  identities: string[];
}

export interface EvaluateRunInput {
  model: EmbeddingModel;
  images: EvaluationImages;
  loadBatch: (rows: number[]) => Float32Array;
  imageShape: [number, number, number];
  /** The run's K: each of K slices normalised, then the whole (as the reference evaluates). */
  slices: number;
  evaluation: EvaluationConfig;
  newWhaleLabel: string;
  seed: number;
  batchSize: number;
}

export interface RunEvaluation {
  metrics: Omit<MetricsRecord, 'runId' | 'epoch'>;
  retrievals: RetrievalResult[];
  /** What does not look like a trained model (NaN or infinite embeddings or metrics), or null. */
  divergence: string | null;
}

export function evaluateRun(input: EvaluateRunInput): RunEvaluation {
  const { images, evaluation } = input;
  const rows = [...images.query, ...images.gallery];
  const { values, dim } = embedAll({
    model: input.model,
    rows,
    loadBatch: input.loadBatch,
    imageShape: input.imageShape,
    select: ({ embedding }) => referenceNormalised(embedding, input.slices),
    batchSize: input.batchSize,
  });
  const labelOf = new Map<string, number>();
  const labels = Int32Array.from(rows, (row) => {
    const identity = images.identities[row]!;
    let label = labelOf.get(identity);
    if (label === undefined) {
      label = labelOf.size;
      labelOf.set(identity, label);
    }
    return label;
  });
  const queryIndices = images.query.map((_, index) => index);
  const galleryIndices = images.gallery.map((_, index) => images.query.length + index);
  const result = evaluateEmbeddings({
    embeddings: values,
    dim,
    labels,
    queryIndices,
    galleryIndices,
    recallAt: evaluation.recallAt,
    nmi: evaluation.nmi,
    mapAtR: evaluation.mapAtR,
    map5: evaluation.map5 ? { newWhaleLabel: labelOf.get(input.newWhaleLabel) ?? null, threshold: evaluation.newWhaleThreshold } : null,
    topK: evaluation.retrievalTopK,
    seed: input.seed,
  });
  const { k, indices, distances } = result.neighbours;
  const identityNeighbours = result.identityNeighbours;
  const neighbourOf = (neighbour: number, distance: number, rank: number) => {
    const row = rows[neighbour]!;
    return { rank, imageId: images.imageIds[row]!, identity: images.identities[row]!, distance };
  };
  const retrievals = queryIndices.map((queryIndex, position) => {
    const queryRow = rows[queryIndex]!;
    const neighbours = [];
    for (let rank = 0; rank < k; rank++) {
      const neighbour = indices[position * k + rank]!;
      if (neighbour < 0) break;
      neighbours.push(neighbourOf(neighbour, distances[position * k + rank]!, rank + 1));
    }
    const nearestIdentities = [];
    for (let slot = 0; slot < identityNeighbours.k; slot++) {
      const neighbour = identityNeighbours.indices[position * identityNeighbours.k + slot]!;
      if (neighbour < 0) break;
      nearestIdentities.push(neighbourOf(neighbour, identityNeighbours.distances[position * identityNeighbours.k + slot]!, slot + 1));
    }
    return { queryImageId: images.imageIds[queryRow]!, queryIdentity: images.identities[queryRow]!, neighbours, nearestIdentities };
  });
  const metrics = { recallAtK: result.recallAtK, nmi: result.nmi, mapAtR: result.mapAtR, rPrecision: result.rPrecision, map5: result.map5, map5Best: result.map5Best };
  return { metrics, retrievals, divergence: nonFiniteEvaluation(values, metrics) };
}
