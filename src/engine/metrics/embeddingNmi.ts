import { SeededRandom } from '../../random/seededRandom';
import { kmeans } from '../clustering/kmeans';
import { normalizedMutualInformation } from './normalizedMutualInformation';

/**
 * NMI of an embedding: k-means with k = the number of identities, then the normalised mutual
 * information between cluster ids and identities (arithmetic-mean normalisation). k-means
 * runs at most 20 Lloyd iterations to bound the cost, as k grows with the data.
 */
export function embeddingNmi(embeddings: Float32Array, dim: number, labels: Int32Array, seed: number): number {
  const identities = new Set(labels).size;
  if (identities === 0) throw new Error('nmi: no items');
  const clusters = kmeans(embeddings, dim, identities, { random: new SeededRandom(seed), maxIterations: 20 });
  return normalizedMutualInformation(clusters.assignments, labels);
}
