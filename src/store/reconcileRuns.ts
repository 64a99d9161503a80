import type { Store } from './openStore';
import { currentHost, isProcessAlive } from './processIdentity';

/**
 * Finds runs still marked queued or running on this host whose process is gone (killed,
 * power loss) and marks them crashed. Runs of other hosts are left alone: their processes
 * cannot be checked from here. Returns the ids it marked.
 */
export function reconcileRuns(store: Store): number[] {
  const host = currentHost();
  const candidates = store.db
    .prepare(
      `SELECT id, pid, process_identity AS identity FROM runs
       WHERE status IN ('queued', 'running') AND pid IS NOT NULL AND host = ?`,
    )
    .all(host) as Array<{ id: number; pid: number; identity: string | null }>;
  const dead = candidates.filter((run) => !isProcessAlive(run.pid, run.identity));
  if (dead.length === 0) return [];
  const mark = store.db.prepare(
    `UPDATE runs SET status = 'crashed', ended_at = ?, error = ?
     WHERE id = ? AND status IN ('queued', 'running') AND pid = ?`,
  );
  const crashed: number[] = [];
  store.db
    .transaction(() => {
      const now = new Date().toISOString();
      for (const run of dead) {
        const message = `the training process (pid ${run.pid} on ${host}) ended without finishing the run (killed, or the machine stopped)`;
        if (mark.run(now, message, run.id, run.pid).changes > 0) crashed.push(run.id);
      }
    })
    .immediate();
  return crashed;
}
