import type Database from 'better-sqlite3';

/** An open fluke database. Every query function in src/store takes one of these. */
export interface Store {
  readonly db: Database.Database;
  /** Absolute path of the database file. */
  readonly path: string;
}
