/**
 * Projects embeddings to 2-D with the configured method: UMAP for sets up to
 * `umapMaxPoints` under `auto`, PCA above (and when asked for). The caller caps the set.
 */
import type { ProjectionConfig } from '../../protocol/experiment';
import { pcaProjection } from './pcaProjection';
import { umapProjection } from './umapProjection';

export type ProjectedWith = 'umap' | 'pca';

/** UMAP needs more points than neighbours; below that PCA is the only choice. */
const umapMinPoints = 16;

export function projectionMethodFor(config: ProjectionConfig, count: number): ProjectedWith {
  if (config.method === 'pca' || count <= umapMinPoints) return 'pca';
  if (config.method === 'umap') return 'umap';
  return count <= config.umapMaxPoints ? 'umap' : 'pca';
}

export function projectEmbeddings(
  values: Float32Array,
  count: number,
  dim: number,
  config: ProjectionConfig,
  seed: number,
): { method: ProjectedWith; xy: Float32Array } {
  if (values.length !== count * dim) throw new Error(`projectEmbeddings: ${values.length} values are not ${count} x ${dim}`);
  const method = projectionMethodFor(config, count);
  return { method, xy: method === 'umap' ? umapProjection(values, count, dim, seed) : pcaProjection(values, count, dim) };
}
