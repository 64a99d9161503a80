import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCodes, ResponseError, type MessageConnection } from 'vscode-jsonrpc/node';
import { readExperimentText } from '../../experiment/readExperimentText';
import type { PlannedRun } from '../../protocol/experiment';
import * as slurmRpc from '../../protocol/slurmRpc';
import type { RunTarget } from '../../protocol/target';
import { cancelRunJob, resubmitRun, submitRuns } from '../../scheduler/slurm/submitRuns';
import type { Store } from '../../store/openStore';
import { readOnlyRefusal } from './readOnlyRefusal';

function failure(error: unknown): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidRequest, (error as Error).message);
}

/**
 * The experiment file with its target set to Slurm and the quick pick's overrides,
 * validated by the same schema as the file itself: a bad override is named like a bad field.
 */
function plannedSubmission(experimentPath: string, overrides: slurmRpc.TargetOverrides): { runs: PlannedRun[]; target: RunTarget } {
  const path = resolve(experimentPath);
  const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const target = { ...(file.target as Record<string, unknown> | undefined), ...overrides, kind: 'slurm' };
  const result = readExperimentText(JSON.stringify({ ...file, target }), path);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || result.target === null) throw new Error(`${path}: ${errors.map((d) => `${d.path || '/'}: ${d.message}`).join('; ')}`);
  return { runs: result.runs, target: result.target };
}

/** Run on Slurm, Stop and Resume of Slurm runs, answered by serve on the login node. */
export function registerSlurmHandlers(connection: MessageConnection, store: Store, onLocalChange: (runIds: number[]) => void, readOnly: boolean): void {
  const fluke = { nodePath: process.execPath, cliPath: resolve(process.argv[1]!) };
  connection.onRequest(slurmRpc.experimentTarget, (params) => {
    try {
      const result = readExperimentText(readFileSync(resolve(params.experimentPath), 'utf8'), resolve(params.experimentPath));
      if (result.target === null) throw new Error(`${params.experimentPath} has errors; fix them first`);
      return result.target;
    } catch (error) {
      throw failure(error);
    }
  });
  connection.onRequest(slurmRpc.submitToSlurm, async (params) => {
    if (readOnly) throw readOnlyRefusal(slurmRpc.submitToSlurm.method);
    try {
      const planned = plannedSubmission(params.experimentPath, params.overrides ?? {});
      const runs = params.gridIndex === undefined ? planned.runs : [planned.runs[params.gridIndex]].filter((run): run is PlannedRun => run !== undefined);
      if (runs.length === 0) throw new Error(`${params.experimentPath} has no grid run ${params.gridIndex}`);
      const submission = await submitRuns(store, resolve(params.experimentPath), runs, planned.target, fluke);
      onLocalChange(submission.runs.map((run) => run.runId));
      return { arrayJobId: submission.arrayJobId, runs: submission.runs };
    } catch (error) {
      throw failure(error);
    }
  });
  connection.onRequest(slurmRpc.cancelSlurmRun, async (params) => {
    if (readOnly) throw readOnlyRefusal(slurmRpc.cancelSlurmRun.method);
    try {
      return { jobId: await cancelRunJob(store, params.runId) };
    } catch (error) {
      throw failure(error);
    }
  });
  connection.onRequest(slurmRpc.resubmitSlurmRun, async (params) => {
    if (readOnly) throw readOnlyRefusal(slurmRpc.resubmitSlurmRun.method);
    try {
      const { jobId } = await resubmitRun(store, params.runId);
      onLocalChange([params.runId]);
      return { jobId };
    } catch (error) {
      throw failure(error);
    }
  });
}
