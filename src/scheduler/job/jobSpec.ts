import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../protocol/experiment';

/**
 * What a job needs to train its run, written by `fluke submit` into the run's own folder on
 * the shared filesystem: the job reads the stored config, never the database, and never the
 * experiment file again (it may have been edited since).
 */
export interface JobSpec {
  runId: number;
  /** The workspace database's own id: the job's checkpoints record it, and a resume checks it. */
  storeId: string;
  name: string;
  experimentPath: string;
  config: ExperimentConfig;
  /** The decoded-image cache shared by the workspace's runs. */
  cacheDir: string;
  /** At the time limit, requeue the job rather than end the run as timeout (target.requeueAtTimeLimit). */
  requeueAtTimeLimit: boolean;
}

export const jobSpecFileName = 'run.json';

export function writeJobSpec(jobDir: string, spec: JobSpec): void {
  mkdirSync(jobDir, { recursive: true });
  writeFileSync(join(jobDir, jobSpecFileName), `${JSON.stringify(spec, null, 2)}\n`);
}

export function readJobSpec(jobDir: string): JobSpec {
  const path = join(jobDir, jobSpecFileName);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read the job's run (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); was the folder made by fluke submit?`);
  }
  const spec = JSON.parse(text) as Partial<JobSpec>;
  if (typeof spec.runId !== 'number' || typeof spec.storeId !== 'string' || typeof spec.experimentPath !== 'string' || typeof spec.config !== 'object' || typeof spec.cacheDir !== 'string') {
    throw new Error(`${path}: not a job's run file (runId, storeId, experimentPath, config and cacheDir are needed)`);
  }
  return { ...spec, requeueAtTimeLimit: spec.requeueAtTimeLimit === true } as JobSpec;
}
