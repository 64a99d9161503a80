import { firstOfEachIdentity } from './firstOfEachIdentity';
import { bestMapAt5Threshold, mapAt5, type MapAt5Query } from '../../shared/mapAt5';
import { mapAtR } from './mapAtR';
import { nearestNeighbours } from './nearestNeighbours';
import { embeddingNmi } from './embeddingNmi';
import { recallAtK } from './recallAtK';

/** Neighbours MAP@5 looks at per query. */
const MAP5_NEIGHBOURS = 25;
/** MAP@5 ranks 5 identities. */
const IDENTITIES_RANKED = 5;

export interface EvaluationInput {
  /** Row-major [N, dim]. */
  embeddings: Float32Array;
  dim: number;
  /** Identity id of each of the N items. */
  labels: Int32Array;
  /** Items that query; null: every item queries all others. */
  queryIndices: number[] | null;
  /** Items searched; null: all items. An item is never its own neighbour. */
  galleryIndices: number[] | null;
  recallAt: number[];
  nmi: boolean;
  mapAtR: boolean;
  /** MAP@5 settings; newWhaleLabel is the label id of never-identified photos (null if none). */
  map5: { newWhaleLabel: number | null; threshold: number | null } | null;
  /** Neighbours kept per query in the result (for the Retrieval Preview). */
  topK: number;
  /** Seed of the k-means behind NMI. */
  seed: number;
}

export interface EvaluationResult {
  /** Keyed by K as a string ("1", "2", ...), in [0, 1]. */
  recallAtK: Record<string, number>;
  nmi: number | null;
  mapAtR: number | null;
  rPrecision: number | null;
  map5: number | null;
  /** MAP@5 at the new_whale threshold best for these queries (see bestMapAt5Threshold); null without new_whale. */
  map5Best: { threshold: number; value: number } | null;
  /** topK neighbours per query (in query order), row-major; indices into the full embeddings array. */
  neighbours: { k: number; indices: Int32Array; distances: Float32Array };
  /**
   * Per query, the nearest neighbour of each of its 5 nearest distinct identities (new_whale
   * counts as one) among all neighbours searched (25 or more with MAP@5): what MAP@5 at any
   * threshold needs. [queries, 5] row-major, -1 / Infinity where fewer identities were found.
   */
  identityNeighbours: { k: number; indices: Int32Array; distances: Float32Array };
}

/**
 * Every retrieval metric of one evaluation from one exact kNN search.
 * - Recall@K and MAP@R count only answerable queries: those with at least one other item of
 *   their identity in the gallery. Items labelled new_whale (map5.newWhaleLabel) are different
 *   whales: they never query there and never count as a match.
 * - NMI clusters the query and gallery items together, new_whale items left out.
 * - MAP@5 counts every query, new_whale ones included (correct when new_whale is ranked), and
 *   ranks the distinct identities among each query's 25 nearest neighbours (or topK, if more).
 */
export function evaluateEmbeddings(input: EvaluationInput): EvaluationResult {
  const { embeddings, dim, labels } = input;
  if (!Number.isInteger(dim) || dim <= 0 || embeddings.length % dim !== 0) throw new Error(`evaluateEmbeddings: ${embeddings.length} values do not form rows of dim ${dim}`);
  const itemCount = embeddings.length / dim;
  if (labels.length !== itemCount) throw new Error(`evaluateEmbeddings: ${labels.length} labels for ${itemCount} embeddings`);
  if (!Number.isInteger(input.topK) || input.topK < 0) throw new Error(`evaluateEmbeddings: topK must be a non-negative integer, got ${input.topK}`);
  const newWhale = input.map5?.newWhaleLabel ?? null;
  const queries = input.queryIndices ?? Array.from({ length: itemCount }, (_, i) => i);
  const gallery = input.galleryIndices ?? Array.from({ length: itemCount }, (_, i) => i);

  const galleryCountByLabel = new Map<number, number>();
  const inGallery = new Uint8Array(itemCount);
  for (const item of gallery) {
    inGallery[item] = 1;
    galleryCountByLabel.set(labels[item]!, (galleryCountByLabel.get(labels[item]!) ?? 0) + 1);
  }
  // R: other items of the query's identity in the gallery.
  const relevant = queries.map((item) =>
    labels[item] === newWhale ? 0 : (galleryCountByLabel.get(labels[item]!) ?? 0) - (inGallery[item] ? 1 : 0),
  );
  const maxRelevant = input.mapAtR ? relevant.reduce((most, count) => Math.max(most, count), 0) : 0;
  // MAP@5 ranks 5 distinct identities: look deeper than 5 neighbours, as several can share one.
  const depth = Math.max(input.topK, input.map5 ? MAP5_NEIGHBOURS : 0, maxRelevant, ...input.recallAt);
  const found = nearestNeighbours(embeddings, dim, input.queryIndices, input.galleryIndices, depth);
  const k = found.k;
  // Labels as seen by matching: a new_whale neighbour matches no query.
  const neighbourLabels = new Int32Array(found.indices.length);
  for (let i = 0; i < found.indices.length; i++) {
    const item = found.indices[i]!;
    neighbourLabels[i] = item < 0 || labels[item] === newWhale ? -1 : labels[item]!;
  }

  const answerable = queries.map((_, q) => q).filter((q) => relevant[q]! > 0);
  const answerableLabels = Int32Array.from(answerable, (q) => labels[queries[q]!]!);
  const answerableNeighbours = new Int32Array(answerable.length * k);
  answerable.forEach((q, row) => answerableNeighbours.set(neighbourLabels.subarray(q * k, q * k + k), row * k));

  const recall = recallAtK(answerableNeighbours, k, answerableLabels, input.recallAt);
  let mapR: number | null = null;
  let rPrecision: number | null = null;
  if (input.mapAtR) {
    const result = mapAtR(answerableNeighbours, k, answerableLabels, Int32Array.from(answerable, (q) => relevant[q]!));
    mapR = result.mapAtR;
    rPrecision = result.rPrecision;
  }

  let nmiValue: number | null = null;
  if (input.nmi) {
    const members = [...new Set([...queries, ...gallery])].filter((item) => labels[item] !== newWhale).sort((a, b) => a - b);
    const vectors = new Float32Array(members.length * dim);
    members.forEach((item, row) => vectors.set(embeddings.subarray(item * dim, item * dim + dim), row * dim));
    nmiValue = members.length === 0 ? null : embeddingNmi(vectors, dim, Int32Array.from(members, (item) => labels[item]!), input.seed);
  }

  let map5Value: number | null = null;
  let map5Best: EvaluationResult['map5Best'] = null;
  if (input.map5) {
    const map5Queries: Array<MapAt5Query<number>> = queries.map((item, q) => ({
      identity: labels[item]!,
      neighbourIdentities: Array.from(found.indices.subarray(q * k, q * k + k), (neighbour) => (neighbour < 0 ? -1 : labels[neighbour]!)).filter((_, r) => found.indices[q * k + r]! >= 0),
      neighbourDistances: found.distances.subarray(q * k, q * k + k),
    }));
    map5Value = mapAt5(map5Queries, { newWhale: input.map5.newWhaleLabel, threshold: input.map5.threshold });
    map5Best = bestMapAt5Threshold(map5Queries, input.map5.newWhaleLabel);
  }

  const keptK = Math.min(input.topK, k);
  const indices = new Int32Array(queries.length * keptK);
  const distances = new Float32Array(queries.length * keptK);
  for (let q = 0; q < queries.length; q++) {
    indices.set(found.indices.subarray(q * k, q * k + keptK), q * keptK);
    distances.set(found.distances.subarray(q * k, q * k + keptK), q * keptK);
  }
  const identityIndices = new Int32Array(queries.length * IDENTITIES_RANKED).fill(-1);
  const identityDistances = new Float32Array(queries.length * IDENTITIES_RANKED).fill(Infinity);
  for (let q = 0; q < queries.length; q++) {
    const row = found.indices.subarray(q * k, q * k + k);
    const positions = firstOfEachIdentity(Array.from(row, (neighbour) => (neighbour < 0 ? -1 : labels[neighbour]!)), IDENTITIES_RANKED);
    positions.forEach((position, slot) => {
      identityIndices[q * IDENTITIES_RANKED + slot] = row[position]!;
      identityDistances[q * IDENTITIES_RANKED + slot] = found.distances[q * k + position]!;
    });
  }
  return {
    recallAtK: recall, nmi: nmiValue, mapAtR: mapR, rPrecision, map5: map5Value, map5Best,
    neighbours: { k: keptK, indices, distances },
    identityNeighbours: { k: IDENTITIES_RANKED, indices: identityIndices, distances: identityDistances },
  };
}
