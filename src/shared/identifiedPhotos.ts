/**
 * Photos identified by `fluke predict` as the Retrieval Preview shows them: queries without a
 * known identity, and the submission their top 5 make at a threshold. Pure and free of Node:
 * the webview and the host both import it.
 */
import { kaggleSubmissionCsv } from './kaggleSubmission';
import { topFiveIdentities } from './mapAt5';
import type { PredictionReport } from '../protocol/predictions';
import type { RetrievalResult } from '../protocol/records';
import type { ThumbnailSource } from '../protocol/retrievalContract';
import { identifiedPhotosRunId } from '../protocol/retrievalContract';

/** The identity of an identified photo: unknown (no neighbour can match it). */
export const unknownIdentity = '';

/** One result per photo, its position in the report as query id. */
export function identifiedResults(report: PredictionReport): RetrievalResult[] {
  return report.predictions.map((prediction, index) => ({
    queryImageId: index,
    queryIdentity: unknownIdentity,
    neighbours: prediction.neighbours.map((neighbour, rank) => ({ rank: rank + 1, ...neighbour })),
  }));
}

/** The photos' own thumbnails, in both sizes the page asks for. */
export function identifiedThumbnails(report: PredictionReport): ThumbnailSource[] {
  return report.predictions.flatMap((prediction, index) =>
    (['small', 'large'] as const).map((size) => ({ runId: identifiedPhotosRunId, imageId: index, size, src: prediction.thumbnail ?? null })),
  );
}

/** The Kaggle submission of the photos with new_whale inserted at `threshold` (null: not inserted). */
export function identifiedSubmission(report: PredictionReport, threshold: number | null): string {
  return kaggleSubmissionCsv(
    report.predictions.map((prediction) => ({
      image: prediction.image,
      identities: topFiveIdentities(
        {
          identity: unknownIdentity,
          neighbourIdentities: prediction.neighbours.map((neighbour) => neighbour.identity),
          neighbourDistances: prediction.neighbours.map((neighbour) => neighbour.distance),
        },
        { newWhale: report.newWhaleLabel, threshold },
      ),
    })),
  );
}
