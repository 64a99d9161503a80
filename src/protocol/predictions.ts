/**
 * What `fluke predict --json` prints: the extension's "Identify Photos" reads it from the
 * child process, so both sides import this file.
 */

export interface PredictedPhoto {
  /** As the submission's Image column names it. */
  image: string;
  path: string;
  /** Five identities, most likely first, new_whale inserted at the threshold. */
  identities: string[];
  /** Nearest gallery photos (store image ids of the run), nearest first. */
  neighbours: Array<{ imageId: number; identity: string; distance: number }>;
  /** A small PNG of the photo as a data: URI (with --thumbnails), for panels that cannot read the file. */
  thumbnail?: string;
}

export interface PredictionReport {
  runId: number;
  runName: string;
  checkpoint: { epoch: number; path: string; choice: string };
  gallery: { mode: 'train' | 'gallery' | 'all'; images: number };
  newWhaleLabel: string;
  /** The threshold used (null: new_whale not inserted) and where it came from. */
  threshold: { value: number | null; source: string };
  predictions: PredictedPhoto[];
  /** Photos that could not be read, skipped. */
  failed: Array<{ path: string; problem: string }>;
}

/** `fluke predict`'s exit status when it predicted the readable photos but some could not be read. */
export const somePhotosFailedExitCode = 3;
