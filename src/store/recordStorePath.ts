import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { realpathSync, statSync, type Stats } from 'node:fs';
import { setStoreMetaValue, storeMetaValue } from './storeMeta';

/**
 * Records where the database file is (store_meta `store_path`) and gives a copy its own id.
 * `cp a.db b.db` copies the store id, and with it the checkpoint folder: a writable open that
 * finds the recorded path is another file (not the same one through a link or another mount
 * path) holding a Fluke database with the same id takes a new id, and the old one joins
 * `former_store_ids`. A file moved or renamed (nothing, or another database, at the recorded
 * path) keeps its id.
 */
export function recordStorePath(db: Database.Database, absolute: string): void {
  const here = realpathSync(absolute);
  if (storeMetaValue(db, 'store_path') === here) return;
  db.transaction(() => {
    // Read again under the write lock: another process opening the same copy may have renewed the id.
    const recorded = storeMetaValue(db, 'store_path');
    if (recorded === here) return;
    const id = storeMetaValue(db, 'store_id')!;
    if (recorded !== undefined && isOtherFileWithId(recorded, here, id)) {
      const former = JSON.parse(storeMetaValue(db, 'former_store_ids') ?? '[]') as string[];
      setStoreMetaValue(db, 'former_store_ids', JSON.stringify([...former, id]));
      setStoreMetaValue(db, 'store_id', randomBytes(16).toString('hex'));
    }
    setStoreMetaValue(db, 'store_path', here);
  }).immediate();
}

function isOtherFileWithId(recorded: string, here: string, id: string): boolean {
  const original = statOrNull(recorded);
  const copy = statSync(here);
  // Only a regular file is opened: a FIFO or device recorded there would block or read forever.
  if (!original?.isFile() || (original.dev === copy.dev && original.ino === copy.ino)) return false;
  return storeIdOfFile(recorded) === id;
}

/** Nothing there for any reason (gone, a file where a folder was, no permission): the file was moved. */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The store id of the database at `path`, or null when it is not a readable Fluke database. */
function storeIdOfFile(path: string): string | null {
  let other: Database.Database;
  try {
    other = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
  try {
    return storeMetaValue(other, 'store_id') ?? null;
  } catch {
    return null;
  } finally {
    other.close();
  }
}
