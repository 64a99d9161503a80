import type { CheckpointReader } from '../engine/trainer/resumableCheckpoint';
import type { Store } from './openStore';
import { storeMetaValue } from './storeMeta';

/**
 * The database's own id, made at random when the file was created (migration 4). It names the
 * database's checkpoint folder and is recorded in every checkpoint, so a checkpoint is never
 * taken for another database's. A copy of the file gets a new id when first opened for
 * writing (recordStorePath).
 */
export function storeId(store: Store): string {
  const id = storeMetaValue(store.db, 'store_id');
  if (id === undefined) throw new Error(`${store.path}: the database has no store id (schema older than version 4)`);
  return id;
}

/** The ids the database had before it was copied, oldest first (empty for one never copied). */
export function formerStoreIds(store: Store): string[] {
  return JSON.parse(storeMetaValue(store.db, 'former_store_ids') ?? '[]') as string[];
}

/** The run of this database that loads a checkpoint, as the checkpoint owner check needs it. */
export function checkpointReader(store: Store, runId: number): CheckpointReader {
  return { storeId: storeId(store), runId, formerStoreIds: formerStoreIds(store) };
}
