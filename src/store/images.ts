import type { ImageRecord, ImageSplit } from '../protocol/records';
import type { Store } from './openStore';

export interface NewImage {
  path: string;
  identity: string;
  split: ImageSplit;
}

/** Stores a run's images in one transaction; returns their ids in the same order. */
export function registerImages(store: Store, runId: number, images: NewImage[]): number[] {
  const insert = store.db.prepare('INSERT INTO images (run_id, path, identity, split) VALUES (?, ?, ?, ?)');
  return store.db
    .transaction(() => images.map((image) => Number(insert.run(runId, image.path, image.identity, image.split).lastInsertRowid)))
    .immediate();
}

interface ImageRow {
  id: number;
  run_id: number;
  path: string;
  identity: string;
  split: ImageSplit;
}

function toRecord(row: ImageRow): ImageRecord {
  return { id: row.id, runId: row.run_id, path: row.path, identity: row.identity, split: row.split };
}

/** Images of a run in registration order; only those with the given ids when asked. */
export function listImages(store: Store, runId: number, imageIds?: number[]): ImageRecord[] {
  if (imageIds === undefined) {
    const rows = store.db.prepare('SELECT * FROM images WHERE run_id = ? ORDER BY id').all(runId) as ImageRow[];
    return rows.map(toRecord);
  }
  if (imageIds.length === 0) return [];
  // json_each keeps the query one statement however many ids are asked for.
  const rows = store.db
    .prepare('SELECT i.* FROM images i JOIN json_each(?) j ON j.value = i.id WHERE i.run_id = ? ORDER BY i.id')
    .all(JSON.stringify(imageIds), runId) as ImageRow[];
  return rows.map(toRecord);
}
