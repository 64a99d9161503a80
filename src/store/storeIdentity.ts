import type { Store } from './openStore';

/**
 * The database's own id, made at random when the file was created (migration 4). It names the
 * database's checkpoint folder and is recorded in every checkpoint, so a checkpoint is never
 * taken for another database's.
 */
export function storeId(store: Store): string {
  const row = store.db.prepare("SELECT value FROM store_meta WHERE key = 'store_id'").get() as { value: string } | undefined;
  if (!row) throw new Error(`${store.path}: the database has no store id (schema older than version 4)`);
  return row.value;
}
