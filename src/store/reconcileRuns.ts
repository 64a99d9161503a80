import type { Store } from './store';
import { currentHost, isProcessAlive } from './processIdentity';

/**
 * A running run on another host is taken for dead when its heartbeat is older than this.
 * Generous: a long synchronous phase (k-means, evaluation of a large set) delays heartbeats.
 */
export const heartbeatStaleMs = 30 * 60 * 1000;

/**
 * Finds runs still marked queued or running whose process is gone and marks them crashed.
 * On this host the process is checked directly (pid + start time); a run of another host
 * (a cluster node) is taken for dead when it stopped sending heartbeats. Returns the ids
 * it marked.
 */
export function reconcileRuns(store: Store, now: Date = new Date()): number[] {
  const host = currentHost();
  const candidates = store.db
    .prepare(
      `SELECT id, pid, host, process_identity AS identity, heartbeat_at AS heartbeatAt FROM runs
       WHERE status IN ('queued', 'running') AND pid IS NOT NULL`,
    )
    .all() as Array<{ id: number; pid: number; host: string | null; identity: string | null; heartbeatAt: string | null }>;
  const dead = candidates.flatMap((run) => {
    if (run.host === host) {
      return isProcessAlive(run.pid, run.identity) ? [] : [{ ...run, reason: `the training process (pid ${run.pid} on ${host}) ended without finishing the run (killed, or the machine stopped)` }];
    }
    if (run.heartbeatAt === null || now.getTime() - Date.parse(run.heartbeatAt) <= heartbeatStaleMs) return [];
    return [{ ...run, reason: `no sign of life from the training process (pid ${run.pid} on ${run.host}) since ${run.heartbeatAt}` }];
  });
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
