import { PointRetrieval, pointSplits, type MapPoints } from '../../protocol/embeddingMapContract';
import type { EmbeddingMapRecord, ImageRecord, RetrievalResult } from '../../protocol/records';
import { alignLayout, type Layout } from './alignLayout';

/**
 * What the page draws for one stored map: each image's place (aligned to `reference`, the
 * run's latest map), identity, split, learner and whether its nearest neighbour is right.
 */
export function mapPoints(map: EmbeddingMapRecord, images: readonly ImageRecord[], retrievals: readonly RetrievalResult[], reference: Layout | null): MapPoints {
  const imageOf = new Map(images.map((image) => [image.id, image]));
  const correct = new Map(retrievals.map((result) => [result.queryImageId, result.neighbours[0]?.identity === result.queryIdentity]));
  const identityIndex = new Map<string, number>();
  const identities = map.imageIds.map((id) => {
    const identity = imageOf.get(id)?.identity ?? '';
    let index = identityIndex.get(identity);
    if (index === undefined) {
      index = identityIndex.size;
      identityIndex.set(identity, index);
    }
    return index;
  });
  return {
    runId: map.runId,
    epoch: map.epoch,
    method: map.method,
    candidates: map.candidates,
    imageIds: map.imageIds,
    xy: alignLayout(map, reference),
    identities,
    identityNames: [...identityIndex.keys()],
    splits: map.imageIds.map((id) => Math.max(0, pointSplits.indexOf(imageOf.get(id)?.split ?? 'train'))),
    learners: map.learners,
    retrieval: map.imageIds.map((id) => {
      const right = correct.get(id);
      return right === undefined ? PointRetrieval.NotAQuery : right ? PointRetrieval.Correct : PointRetrieval.Incorrect;
    }),
  };
}
