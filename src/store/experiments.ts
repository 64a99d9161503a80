import type { ExperimentRecord } from '../protocol/records';
import type { Store } from './openStore';

interface ExperimentRow {
  id: number;
  path: string;
  name: string;
  created_at: string;
}

function toRecord(row: ExperimentRow): ExperimentRecord {
  return { id: row.id, path: row.path, name: row.name, createdAt: row.created_at };
}

/** The experiment of a file (by absolute path), created on first use; its name follows the file. */
export function ensureExperiment(store: Store, path: string, name: string): ExperimentRecord {
  const row = store.db
    .prepare(
      `INSERT INTO experiments (path, name, created_at) VALUES (?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET name = excluded.name
       RETURNING id, path, name, created_at`,
    )
    .get(path, name, new Date().toISOString()) as ExperimentRow;
  return toRecord(row);
}

export function listExperiments(store: Store): ExperimentRecord[] {
  const rows = store.db.prepare('SELECT id, path, name, created_at FROM experiments ORDER BY id').all() as ExperimentRow[];
  return rows.map(toRecord);
}
