import { followSlurmJobs } from '../../scheduler/slurm/followSlurmJobs';
import type { Store } from '../../store/openStore';

/** How often serve asks Slurm about the workspace's jobs and reads their logs (FLUKE_SLURM_POLL_MS overrides). */
const defaultIntervalMs = 3000;

/**
 * Serve's part in running on Slurm: every few seconds, jobs' logs into the store and the
 * scheduler's states onto the runs (src/scheduler/slurm/followSlurmJobs.ts); a round is two
 * queries while the workspace has no job to follow. A round runs only after the previous ended.
 */
export function followJobs(store: Store, report: (runIds: number[]) => void): { stop(): void } {
  const intervalMs = Number(process.env.FLUKE_SLURM_POLL_MS ?? defaultIntervalMs);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let lastError = '';
  const round = async () => {
    try {
      const result = await followSlurmJobs(store);
      if (result.changed.length > 0) report(result.changed);
      const errors = result.errors.join('; ');
      // The same failure every round (cluster unreachable) is said once.
      if (errors !== '' && errors !== lastError) process.stderr.write(`fluke serve: following Slurm jobs: ${errors}\n`);
      lastError = errors;
    } catch (error) {
      process.stderr.write(`fluke serve: following Slurm jobs failed once: ${(error as Error).message}\n`);
    }
    if (!stopped) timer = setTimeout(() => void round(), intervalMs);
  };
  timer = setTimeout(() => void round(), 0);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
