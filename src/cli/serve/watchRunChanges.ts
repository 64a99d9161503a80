import type { Store } from '../../store/openStore';
import { reconcileRuns } from '../../store/reconcileRuns';
import { runChangeStamps } from '../../store/runs';

export interface RunChangeWatcher {
  /** Runs this process changed itself; reported at the next poll. */
  markChanged(runIds: number[]): void;
  stop(): void;
}

/**
 * Polls the store about once a second and reports which runs changed: a cheap
 * `PRAGMA data_version` says whether another connection committed; only then are the
 * run stamps compared. Every few polls, runs whose process died are marked crashed, so a
 * killed trainer shows up as crashed without anyone reopening the store.
 */
export function watchRunChanges(store: Store, report: (runIds: number[]) => void, intervalMs = 1000, reconcileEvery = 5): RunChangeWatcher {
  let dataVersion = store.db.pragma('data_version', { simple: true }) as number;
  let stamps = runChangeStamps(store);
  const pending = new Set<number>();
  let polls = 0;
  const poll = () => {
    polls++;
    if (polls % reconcileEvery === 0) for (const id of reconcileRuns(store)) pending.add(id);
    const version = store.db.pragma('data_version', { simple: true }) as number;
    if (version !== dataVersion || pending.size > 0) {
      dataVersion = version;
      const next = runChangeStamps(store);
      for (const [id, stamp] of next) if (stamps.get(id) !== stamp) pending.add(id);
      for (const id of stamps.keys()) if (!next.has(id)) pending.add(id);
      stamps = next;
    }
    if (pending.size > 0) {
      const ids = [...pending].sort((a, b) => a - b);
      pending.clear();
      report(ids);
    }
  };
  const timer = setInterval(() => {
    try {
      poll();
    } catch (error) {
      process.stderr.write(`fluke serve: watching ${store.path} failed once: ${(error as Error).message}\n`);
    }
  }, intervalMs);
  return {
    markChanged(runIds) {
      for (const id of runIds) pending.add(id);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
