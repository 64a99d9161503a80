/**
 * Identifies photos against a run's gallery: embeds both with the run's model exactly as the
 * run's evaluation did (un-augmented cached pixels, slices L2-normalised), finds each photo's
 * nearest gallery photos, and ranks the five most likely identities, with new_whale inserted
 * at the threshold as the competition's MAP@5 does.
 */
import type { ImageSize } from '../../data/imageSource';
import { augmentBatch } from '../../data/augmentation';
import type { AugmentationConfig } from '../../protocol/experiment';
import { SeededRandom } from '../../random/seededRandom';
import { topFiveIdentities } from '../../shared/mapAt5';
import { nearestNeighbours } from '../metrics/nearestNeighbours';
import { referenceNormalised } from '../models/sliceEmbedding';
import { embedAll } from '../trainer/embedAll';
import type { CheckpointModel } from './loadCheckpointModel';

export interface PhotoPixels {
  /** N*H*W*C uint8, as the image cache returns them. */
  pixels: Uint8Array;
  count: number;
}

export interface GalleryPhotos extends PhotoPixels {
  imageIds: number[];
  identities: string[];
}

export interface PhotoIdentification {
  /** Nearest gallery photos, nearest first. */
  neighbours: Array<{ imageId: number; identity: string; distance: number }>;
  /** Five distinct identities, most likely first (new_whale among them when a threshold is set). */
  identities: string[];
}

/** Neighbours searched for the five identities (several neighbours often share one). */
const rankingDepth = 25;
const batchSize = 64;

export function identifyPhotos(input: {
  checkpoint: CheckpointModel;
  size: ImageSize;
  augmentation: AugmentationConfig;
  photos: PhotoPixels;
  gallery: GalleryPhotos;
  newWhaleLabel: string;
  threshold: number | null;
  neighboursKept: number;
  onProgress?: (embedded: number, total: number) => void;
}): PhotoIdentification[] {
  const { checkpoint, size, photos, gallery } = input;
  const imageShape: [number, number, number] = [size.height, size.width, size.channels];
  const unused = new SeededRandom(0);
  const total = photos.count + gallery.count;
  const embed = (source: PhotoPixels, done: number) => {
    const rows = Array.from({ length: source.count }, (_, row) => row);
    const result = { values: new Float32Array(0), dim: 0 };
    // In chunks, so that progress can be told between them.
    for (let start = 0; start < rows.length; start += batchSize * 8) {
      const chunk = embedAll({
        model: checkpoint.model,
        rows: rows.slice(start, start + batchSize * 8),
        loadBatch: (batch) => augmentBatch(source.pixels, batch, size, input.augmentation, unused, false),
        imageShape,
        select: ({ embedding }) => referenceNormalised(embedding, checkpoint.slices),
        batchSize,
      });
      if (start === 0) {
        result.dim = chunk.dim;
        result.values = new Float32Array(source.count * chunk.dim);
      }
      result.values.set(chunk.values, start * chunk.dim);
      input.onProgress?.(done + Math.min(start + batchSize * 8, source.count), total);
    }
    return result;
  };
  if (photos.count === 0) return [];
  const queries = embed(photos, 0);
  const searched = embed(gallery, photos.count);
  const dim = queries.dim;
  const all = new Float32Array((photos.count + gallery.count) * dim);
  all.set(queries.values, 0);
  all.set(searched.values, photos.count * dim);
  const queryIndices = Array.from({ length: photos.count }, (_, i) => i);
  const galleryIndices = Array.from({ length: gallery.count }, (_, i) => photos.count + i);
  const found = nearestNeighbours(all, dim, queryIndices, galleryIndices, Math.max(rankingDepth, input.neighboursKept));
  return queryIndices.map((_, q) => {
    const ranked: Array<{ imageId: number; identity: string; distance: number }> = [];
    for (let r = 0; r < found.k; r++) {
      const index = found.indices[q * found.k + r]!;
      if (index < 0) break;
      const row = index - photos.count;
      ranked.push({ imageId: gallery.imageIds[row]!, identity: gallery.identities[row]!, distance: found.distances[q * found.k + r]! });
    }
    const identities = topFiveIdentities(
      { identity: '', neighbourIdentities: ranked.map((n) => n.identity), neighbourDistances: ranked.map((n) => n.distance) },
      { newWhale: input.newWhaleLabel, threshold: input.threshold },
    );
    return { neighbours: ranked.slice(0, input.neighboursKept), identities };
  });
}
