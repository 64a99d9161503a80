/** Reads of a database file for the fault tests: opened, read, closed (no reconcile of runs). */
import { closeStore, openStore, type Store } from '../../src/store/openStore';
import { listCheckpoints, listEpochs } from '../../src/store/runResults';

export function readStore<T>(db: string, read: (store: Store) => T): T {
  const store = openStore(db, { reconcile: false });
  try {
    return read(store);
  } finally {
    closeStore(store);
  }
}

export function epochLosses(db: string, runId: number): number[] {
  return readStore(db, (store) => listEpochs(store, [runId]).map((epoch) => epoch.loss));
}

/** The run's checkpoint files, oldest first. */
export function checkpointPaths(db: string, runId: number): string[] {
  return readStore(db, (store) => listCheckpoints(store, runId).map((checkpoint) => checkpoint.path));
}
