import type { RunRecord } from '../../protocol/records';

export interface ReattachEnvironment {
  hostname: string;
  isAlive(pid: number): boolean;
  /** The run's log file when it exists (runs started from VS Code have one). */
  logPathOf(runId: number): string | null;
}

export interface ReattachPlan {
  /** Still going here: follow them again (tail the log when there is one, watch the pid). */
  follow: Array<{ run: RunRecord; logPath: string | null }>;
  /** Said to be running, but their process is gone: `runs/reconcile` marks them crashed. */
  crashed: RunRecord[];
  /** Running on another machine writing to the same store: nothing to check from here. */
  elsewhere: RunRecord[];
}

/** After activation (a window reload, VS Code restarted): which runs to follow again. */
export function planReattach(runs: RunRecord[], environment: ReattachEnvironment): ReattachPlan {
  const plan: ReattachPlan = { follow: [], crashed: [], elsewhere: [] };
  for (const run of runs) {
    if (run.status !== 'running') continue;
    if (run.host !== null && run.host !== environment.hostname) plan.elsewhere.push(run);
    else if (run.pid !== null && environment.isAlive(run.pid)) plan.follow.push({ run, logPath: environment.logPathOf(run.id) });
    else plan.crashed.push(run);
  }
  return plan;
}
