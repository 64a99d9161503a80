import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import type { RunRecord } from '../../protocol/records';
import { cancelSlurmRun, resubmitSlurmRun } from '../../protocol/slurmRpc';
import type { CommandServices } from '../commands/commandServices';

/** Stop Run for a Slurm run: scancel (through serve); the job checkpoints as it ends. */
export async function cancelSlurmJob(services: CommandServices, run: RunRecord): Promise<string> {
  try {
    const { jobId } = await services.serve.request(cancelSlurmRun, { runId: run.id });
    services.log.info(`scancel ${jobId} (run ${run.id})`);
    return `cancelled (Slurm job ${jobId})`;
  } catch (error) {
    void vscode.window.showErrorMessage(`Fluke: could not cancel the Slurm job of run ${run.id}: ${(error as Error).message}`);
    return 'not cancelled';
  }
}

/** Resume for a Slurm run: its task is submitted again and continues from its newest checkpoint. */
export async function resubmitSlurmJob(services: CommandServices, run: RunRecord): Promise<void> {
  try {
    const { jobId } = await services.serve.request(resubmitSlurmRun, { runId: run.id });
    services.log.info(`run ${run.id} resubmitted as Slurm job ${jobId}`);
    services.tree.refreshSoon();
  } catch (error) {
    void vscode.window.showErrorMessage(`Fluke: Slurm did not take run ${run.id} again: ${(error as Error).message}`);
  }
}

/** Show Run Log for a Slurm run: the job's output file (appended across requeues). */
export async function showSlurmJobOutput(run: RunRecord): Promise<void> {
  const path = run.slurmJob!.outputPath;
  if (!existsSync(path)) {
    void vscode.window.showInformationMessage(`Fluke: Slurm job ${run.slurmJob!.jobId} has written no output yet (${path}).`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: true });
}
