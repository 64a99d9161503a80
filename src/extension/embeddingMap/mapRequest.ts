import type { MapHighlight } from '../../protocol/embeddingMapContract';

export interface MapRequest {
  runId: number;
  epoch: number | null;
  highlight: MapHighlight | null;
}

const isWhole = (value: unknown, min: number): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

/**
 * The argument of `fluke.showOnEmbeddingMap` (from the Clusters and Retrieval Preview panels,
 * or anyone calling the command): checked, since a command can be run with anything.
 */
export function mapRequestFromArgument(argument: unknown): MapRequest {
  if (argument === null || typeof argument !== 'object') throw new Error('fluke.showOnEmbeddingMap needs { runId, epoch, highlight }');
  const { runId, epoch, highlight } = argument as Record<string, unknown>;
  if (!isWhole(runId, 1)) throw new Error('fluke.showOnEmbeddingMap: runId must be a positive integer');
  return { runId, epoch: isWhole(epoch, 0) ? epoch : null, highlight: highlightOf(highlight) };
}

function highlightOf(value: unknown): MapHighlight | null {
  if (value === null || typeof value !== 'object') return null;
  const fields = value as Record<string, unknown>;
  const label = typeof fields.label === 'string' ? fields.label.slice(0, 200) : '';
  if (fields.kind === 'cluster' && isWhole(fields.cluster, 0)) return { kind: 'cluster', cluster: fields.cluster, label };
  if (fields.kind === 'images' && Array.isArray(fields.imageIds) && fields.imageIds.every((id) => isWhole(id, 1))) {
    return { kind: 'images', imageIds: fields.imageIds as number[], label };
  }
  throw new Error('fluke.showOnEmbeddingMap: highlight must be { kind: "cluster", cluster } or { kind: "images", imageIds }');
}
