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
  /** Steps SQL alone cannot express (rebuilding a table whatever columns it has by then); after `sql`. */
  apply?: (db: Database.Database) => void;
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
    version: 4,
    description: "the database's own random id, which keys its checkpoint folder (two databases in one folder never share checkpoints)",
    sql: `
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO store_meta (key, value) VALUES ('store_id', lower(hex(randomblob(16))));
    `,
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
  {
    version: 7,
    description: 'embedding maps: the 2-D projection of each evaluation (image ids, x/y, learner of each image)',
    sql: `
      CREATE TABLE embedding_maps (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('umap','pca')),
        candidates INTEGER NOT NULL,
        seconds REAL NOT NULL,
        image_ids BLOB NOT NULL,
        xy BLOB NOT NULL,
        learners BLOB NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    description: "run state 'timeout'; ingest position of each job's run log; the Slurm job of a run",
    sql: '',
    apply: (db) => {
      widenRunStatuses(db, ['timeout']);
      db.exec(`
        CREATE TABLE run_logs (
          run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          ingested_bytes INTEGER NOT NULL DEFAULT 0,
          ingested_seq INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE slurm_jobs (
          run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
          array_job_id TEXT NOT NULL,
          array_task_id INTEGER NOT NULL,
          output_path TEXT NOT NULL,
          state TEXT NOT NULL,
          reason TEXT,
          submitted_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 9,
    description: "per query, the nearest neighbour of each of its 5 nearest distinct identities: what the panel's MAP@5 needs to equal the trainer's",
    sql: `
      ALTER TABLE retrievals ADD COLUMN identity_image_ids BLOB;
      ALTER TABLE retrievals ADD COLUMN identity_distances BLOB;
    `,
  },
  {
    version: 12,
    description: "a stop's mid-epoch checkpoint is its own row (kind 'stop') beside its epoch's end-of-epoch one, which it used to replace",
    sql: `
      CREATE TABLE checkpoints_kinds (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        kind TEXT NOT NULL DEFAULT 'epoch' CHECK (kind IN ('epoch','stop')),
        path TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, epoch, kind)
      ) WITHOUT ROWID;
      INSERT INTO checkpoints_kinds (run_id, epoch, kind, path, created_at)
        SELECT run_id, epoch, CASE WHEN path GLOB '*-batch-[0-9]*.ckpt' THEN 'stop' ELSE 'epoch' END, path, created_at FROM checkpoints;
      DROP TABLE checkpoints;
      ALTER TABLE checkpoints_kinds RENAME TO checkpoints;
    `,
  },
  {
    version: 13,
    description: "each checkpoint's SHA-256 as written, so a file replaced since (by a copy of the database sharing its folder) is refused, never loaded",
    sql: `ALTER TABLE checkpoints ADD COLUMN sha256 TEXT;`,
  },
];

/**
 * Adds states to the CHECK list of runs.status. SQLite cannot alter a CHECK: the table is
 * rebuilt from its own current definition (so columns added by any migration are kept),
 * with its indexes. Foreign keys are off during migrations, so dropping the old table does
 * not cascade into the tables that reference runs.
 */
function widenRunStatuses(db: Database.Database, added: string[]): void {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'runs'").get() as { sql: string };
  const check = /status IN \(([^)]*)\)/.exec(table.sql);
  if (!check) throw new Error('runs.status has no CHECK list to widen');
  const widened = table.sql
    .replace(check[0], `status IN (${[check[1], ...added.map((state) => `'${state}'`)].join(',')})`)
    .replace(/^CREATE TABLE runs/, 'CREATE TABLE runs_rebuilt');
  const indexes = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs' AND sql IS NOT NULL").all() as Array<{ sql: string }>;
  db.exec(widened);
  db.exec('INSERT INTO runs_rebuilt SELECT * FROM runs; DROP TABLE runs; ALTER TABLE runs_rebuilt RENAME TO runs;');
  for (const index of indexes) db.exec(index.sql);
}

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
  // Foreign keys off while migrating (SQLite's procedure for rebuilding a table); each
  // migration checks them before it commits.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrations.filter((m) => m.version > from)) {
      db.transaction(() => {
        // Another process may have migrated between our read and this write lock.
        if (schemaVersionOf(db) >= migration.version) return;
        db.exec(migration.sql);
        migration.apply?.(db);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${migration.version} would break ${broken.length} foreign key(s)`);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
