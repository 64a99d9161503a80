import type Database from 'better-sqlite3';

/**
 * The schema, as an ordered list of migrations. `PRAGMA user_version` holds the number of
 * migrations applied; opening a file applies the missing ones in one transaction each, so
 * a fresh file and a file written by an older fluke both end at `currentSchemaVersion`.
 * Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'experiments, runs, epochs, metrics, clusterings, images, retrievals, checkpoints, data problems',
    sql: `
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        grid_values TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL CHECK (status IN ('queued','running','completed','stopped','failed','diverged','crashed')),
        pid INTEGER,
        host TEXT,
        backend TEXT,
        seed INTEGER NOT NULL,
        epochs INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        error TEXT
      );
      CREATE INDEX runs_experiment ON runs(experiment_id);
      CREATE TABLE epochs (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        loss REAL NOT NULL,
        learner_losses TEXT NOT NULL,
        learning_rate REAL NOT NULL,
        seconds REAL NOT NULL,
        images_per_second REAL NOT NULL,
        ended_at TEXT NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) WITHOUT ROWID;
      CREATE TABLE metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        recall_at_k TEXT NOT NULL,
        nmi REAL,
        map_at_r REAL,
        r_precision REAL,
        map5 REAL,
        PRIMARY KEY (run_id, epoch)
      ) WITHOUT ROWID;
      CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        identity TEXT NOT NULL,
        split TEXT NOT NULL CHECK (split IN ('train','query','gallery'))
      );
      CREATE INDEX images_run ON images(run_id);
      -- Assignments of every training image as int32 BLOBs: 100,000 images x 50 reclusterings
      -- would be 5 million rows as a table.
      CREATE TABLE clusterings (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        k INTEGER NOT NULL,
        sizes TEXT NOT NULL,
        features TEXT NOT NULL,
        image_ids BLOB NOT NULL,
        clusters BLOB NOT NULL
      );
      CREATE INDEX clusterings_run ON clusterings(run_id, epoch);
      CREATE TABLE retrievals (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        query_image_id INTEGER NOT NULL,
        neighbour_image_ids BLOB NOT NULL,
        distances BLOB NOT NULL,
        PRIMARY KEY (run_id, epoch, query_image_id)
      ) WITHOUT ROWID;
      CREATE TABLE checkpoints (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        path TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) WITHOUT ROWID;
      CREATE TABLE data_problems (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        problem TEXT NOT NULL
      );
      CREATE INDEX data_problems_run ON data_problems(run_id);
    `,
  },
  {
    version: 2,
    description: 'process identity of a run (boot id + start time) to tell a live process from a reused pid',
    sql: `ALTER TABLE runs ADD COLUMN process_identity TEXT;`,
  },
  {
    version: 3,
    description: 'heartbeat of a running run, to find runs whose host died (a cluster node) from any other host',
    sql: `ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;`,
  },
  {
    version: 5,
    description: 'divide and conquer evidence: churn NMI per reclustering, MAP@5 at the best new_whale threshold, what each epoch\'s batches drew and how hard they were',
    sql: `
      ALTER TABLE clusterings ADD COLUMN churn_nmi REAL;
      ALTER TABLE metrics ADD COLUMN map5_best REAL;
      ALTER TABLE metrics ADD COLUMN map5_best_threshold REAL;
      CREATE TABLE epoch_batches (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        cluster_usage TEXT NOT NULL,
        learner_hardness TEXT NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) WITHOUT ROWID;
    `,
  },
];

export const currentSchemaVersion = migrations[migrations.length - 1]!.version;

/** The schema version of an open database (0 for an empty file). */
export function schemaVersionOf(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration newer than the file; refuses a file written by a newer fluke. */
export function migrate(db: Database.Database, fileName: string): void {
  const from = schemaVersionOf(db);
  if (from > currentSchemaVersion) {
    throw new Error(
      `${fileName}: database schema version ${from} is newer than this fluke understands (${currentSchemaVersion}); update fluke`,
    );
  }
  for (const migration of migrations.filter((m) => m.version > from)) {
    db.transaction(() => {
      // Another process may have migrated between our read and this write lock.
      if (schemaVersionOf(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
