/**
 * The JSON-RPC methods of `fluke serve` for running on Slurm (beside src/protocol/rpc.ts).
 * serve runs on the host VS Code is attached to (the cluster's login node), where sbatch is.
 */
import { RequestType } from 'vscode-jsonrpc';
import type { RunTarget } from './target';

/** Target fields the user may change for one submission (Run on Slurm's quick pick). */
export type TargetOverrides = Partial<Omit<RunTarget, 'kind'>>;

export interface SubmitParams {
  experimentPath: string;
  /** One grid run, or all of them when absent. */
  gridIndex?: number;
  overrides: TargetOverrides;
}

export interface SubmitResult {
  arrayJobId: string;
  runs: Array<{ runId: number; name: string; taskIndex: number; outputPath: string }>;
}

/** Creates the runs queued and submits them as one job array; errors carry Slurm's own message. */
export const submitToSlurm = new RequestType<SubmitParams, SubmitResult, void>('slurm/submit');
/** scancel of the run's job. */
export const cancelSlurmRun = new RequestType<{ runId: number }, { jobId: string }, void>('slurm/cancel');
/** Resume: submits the run's task again; it continues from its newest checkpoint. */
export const resubmitSlurmRun = new RequestType<{ runId: number }, { jobId: string }, void>('slurm/resubmit');
/** The experiment file's target with defaults filled, for the quick pick. */
export const experimentTarget = new RequestType<{ experimentPath: string }, RunTarget, void>('slurm/target');
