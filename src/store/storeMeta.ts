import type Database from 'better-sqlite3';

/** A value of the database's own facts (`store_meta`: its id, where it is, its former ids); undefined when unset. */
export function storeMetaValue(db: Database.Database, key: string): string | undefined {
  return (db.prepare('SELECT value FROM store_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setStoreMetaValue(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)').run(key, value);
}
