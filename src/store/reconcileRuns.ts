import type { RunRecord } from '../protocol/records';
import type { Store } from './store';
import { currentHost, isProcessAlive } from './processIdentity';

/**
 * A running run on another host is taken for dead when its heartbeat is older than this.
 * Generous: a long synchronous phase (k-means, evaluation of a large set) delays heartbeats.
 */
export const heartbeatStaleMs = 30 * 60 * 1000;

interface DeadRun {
  id: number;
  pid: number;
  heartbeatAt: string | null;
  reason: string;
}

/**
 * Runs still marked queued or running whose process is gone. On this host the process is
 * checked directly (pid + start time); a run of another host (a cluster node) is taken for dead
 * when it stopped sending heartbeats. Reads only.
 */
function findDeadRuns(store: Store, now: Date): DeadRun[] {
  const host = currentHost();
  const candidates = store.db
    .prepare(
      `SELECT id, pid, host, process_identity AS identity, heartbeat_at AS heartbeatAt FROM runs
       WHERE status IN ('queued', 'running') AND pid IS NOT NULL`,
    )
    .all() as Array<{ id: number; pid: number; host: string | null; identity: string | null; heartbeatAt: string | null }>;
  return candidates.flatMap((run) => {
    if (run.host === host) {
      return isProcessAlive(run.pid, run.identity) ? [] : [{ ...run, reason: `the training process (pid ${run.pid} on ${host}) ended without finishing the run (killed, or the machine stopped)` }];
    }
    if (run.heartbeatAt === null || now.getTime() - Date.parse(run.heartbeatAt) <= heartbeatStaleMs) return [];
    return [{ ...run, reason: `no sign of life from the training process (pid ${run.pid} on ${run.host}) since ${run.heartbeatAt}` }];
  });
}

/** Marks the runs whose process is gone crashed (see findDeadRuns). Returns the ids it marked. */
export function reconcileRuns(store: Store, now: Date = new Date()): number[] {
  const dead = findDeadRuns(store, now);
  if (dead.length === 0) return [];
  const mark = store.db.prepare(
    `UPDATE runs SET status = 'crashed', ended_at = ?, error = ?
     WHERE id = ? AND status IN ('queued', 'running') AND pid = ? AND heartbeat_at IS ?`,
  );
  const crashed: number[] = [];
  store.db
    .transaction(() => {
      for (const run of dead) {
        if (mark.run(now.toISOString(), run.reason, run.id, run.pid, run.heartbeatAt).changes > 0) crashed.push(run.id);
      }
    })
    .immediate();
  return crashed;
}

/**
 * The runs as reconcileRuns would leave them, without writing: for readers of a database
 * opened read-only (runs whose process is gone are shown crashed, with the reason).
 */
export function asReconciled(store: Store, runs: RunRecord[], now: Date = new Date()): RunRecord[] {
  const dead = new Map(findDeadRuns(store, now).map((run) => [run.id, run.reason]));
  return runs.map((run) => {
    const reason = dead.get(run.id);
    return reason === undefined ? run : { ...run, status: 'crashed', endedAt: run.endedAt ?? now.toISOString(), error: reason };
  });
}
