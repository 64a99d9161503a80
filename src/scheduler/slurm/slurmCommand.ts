import { execFile } from 'node:child_process';

export interface SlurmCommandResult {
  stdout: string;
  stderr: string;
}

/** A Slurm command failed: the message is the scheduler's own (its stderr), with the command. */
export class SlurmCommandError extends Error {
  constructor(
    readonly command: string,
    message: string,
    readonly notFound: boolean,
  ) {
    super(message);
  }
}

/**
 * Runs one of Slurm's commands (sbatch, squeue, sacct, scancel, scontrol). A command that
 * is not installed says so and that Fluke needs it on this host (the cluster's login node).
 */
export function runSlurmCommand(command: string, args: string[], timeoutMs = 30_000): Promise<SlurmCommandResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ stdout, stderr });
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        reject(new SlurmCommandError(command, `${command} not found on PATH: running on Slurm needs Slurm's commands on this host (open the cluster's login node, or load its module)`, true));
        return;
      }
      const said = stderr.trim() || stdout.trim() || error.message;
      reject(new SlurmCommandError(command, `${command} failed: ${said}`, false));
    });
  });
}
