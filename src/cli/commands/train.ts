import { dirname, join, resolve } from 'node:path';
import { backendNames, isBackendName, type BackendName, type PlannedRun } from '../../protocol/experiment';
import type { RunRecord, RunStatus } from '../../protocol/records';
import { formatTrainerEvent, type TrainerEvent } from '../../protocol/trainerEvents';
import { loadExperimentFile, type LoadedExperiment } from '../../experiment/loadExperimentFile';
import { ExperimentFileError, formatDiagnostic } from '../../experiment/experimentDiagnostic';
import { withSchemaDefaults } from '../../experiment/storedConfig';
import { ensureExperiment } from '../../store/experiments';
import type { Store } from '../../store/openStore';
import { currentHost, processIdentity } from '../../store/processIdentity';
import { createRun, getRun, markRunEnded, markRunRunning, touchRunHeartbeats } from '../../store/runs';
import { StoreRunSink } from '../../store/storeRunSink';
import { listCheckpoints, recordCheckpoint } from '../../store/runResults';
import { checkpointReader } from '../../store/storeIdentity';
import { newestUsableCheckpoint, passedOverMessage, type CheckpointEntry } from '../../engine/trainer/resumableCheckpoint';
import { CliError, CliUsageError } from '../cliErrors';
import { formatHelp, integerFlag, parseFlags, runIdArgument, type CommandSpec } from '../parseFlags';
import { dbFlagSpec, openStoreForCli, runCheckpointDir, storePathFrom } from '../storeLocation';

const spec: CommandSpec = {
  usage: 'train FILE.experiment.json [--db PATH] [--grid-index N] [--backend NAME] [--cache-dir DIR] | train --resume RUN [--db PATH] | train --job-dir DIR',
  summary: [
    'Trains the runs of an experiment file one after another (or one grid run with --grid-index),',
    'writing everything to the database. stdout carries only JSON-lines trainer events; logs go',
    'to stderr. SIGTERM or SIGINT stops at the next batch, writes a checkpoint and ends the run',
    "as stopped; --resume continues a stopped or crashed run from its newest intact checkpoint.",
    '--job-dir is what a Slurm job made by `fluke submit` runs: it trains the run of that folder',
    'writing only the folder (its run log and checkpoints, never the database); SIGUSR1 (sent',
    'before the time limit) stops it with a checkpoint as timeout.',
    'Exit status: 0 when every run completed, 1 when one failed or diverged, 2 on wrong usage,',
    '130/143 when stopped by SIGINT/SIGTERM, 124 when stopped before the time limit.',
  ].join('\n'),
  flags: {
    db: dbFlagSpec,
    resume: { type: 'string', valueName: 'RUN', description: 'Continue this stopped or crashed run (same run id) from its newest intact checkpoint.' },
    'grid-index': { type: 'string', valueName: 'N', description: 'Train only grid run N (0-based, in the order of the expanded grid).' },
    backend: {
      type: 'string',
      valueName: 'NAME',
      description: `Override runtime.backend of every run (${backendNames.join(', ')}); the stored config records it.`,
    },
    'job-dir': { type: 'string', valueName: 'DIR', description: 'Train the run of a job folder made by fluke submit (on a cluster node).' },
    'cache-dir': { type: 'string', valueName: 'DIR', description: 'Decoded-image cache (default: cache/ beside the database).' },
  },
  positionals: { min: 0, max: 1, names: 'FILE.experiment.json' },
};

const heartbeatIntervalMs = 60_000;

const resumableStatuses: readonly RunStatus[] = ['stopped', 'crashed'];

interface TrainJob {
  run: RunRecord;
  /** Whether this continues a stopped or crashed run (perhaps from no checkpoint, if it died in its first epoch). */
  resumed: boolean;
  resume: CheckpointEntry | null;
}

export async function trainCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('train', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const jobDir = flags.strings.get('job-dir');
  if (jobDir !== undefined) {
    const others = [...flags.strings.keys()].filter((name) => name !== 'job-dir');
    if (others.length > 0 || flags.positionals.length > 0) throw new CliUsageError(`fluke train: --job-dir takes no FILE and no other flag (got ${[...flags.positionals, ...others.map((name) => `--${name}`)].join(', ')})`);
    return trainJobCommand(jobDir);
  }
  const file = flags.positionals[0];
  const resumeFlag = flags.strings.get('resume');
  if (file === undefined && resumeFlag === undefined) throw new CliUsageError(`fluke train: missing FILE.experiment.json (usage: fluke ${spec.usage})`);
  if (resumeFlag !== undefined && flags.strings.has('grid-index')) throw new CliUsageError('fluke train: --grid-index and --resume cannot be combined (a resumed run is already one grid run)');
  if (resumeFlag !== undefined && flags.strings.has('backend')) throw new CliUsageError('fluke train: --backend and --resume cannot be combined (a resumed run keeps its stored config)');
  const backend = backendFlag(flags.strings.get('backend'));

  // Everything but trainer events goes to stderr: a library that logs must not corrupt the event stream.
  console.log = (...args: unknown[]) => console.error(...args);
  console.info = console.log;
  // If whoever reads stdout goes away (EPIPE), training goes on: the database gets everything anyway.
  let stdoutOpen = true;
  process.stdout.on('error', () => {
    stdoutOpen = false;
  });
  const emit = (event: TrainerEvent) => {
    if (stdoutOpen) process.stdout.write(`${formatTrainerEvent(event)}\n`);
  };

  // The file is checked before the database is touched: a bad file creates nothing.
  const loaded = resumeFlag === undefined ? loadExperiment(file!) : null;
  const resumeRunId = resumeFlag === undefined ? null : runIdArgument('train', resumeFlag);
  const gridIndexFlag = flags.strings.get('grid-index');
  const gridIndex = loaded !== null && gridIndexFlag !== undefined ? integerFlag('train', 'grid-index', gridIndexFlag, 0, loaded.runs.length - 1) : null;
  const dbPath = storePathFrom(flags.strings.get('db'));
  const store = openStoreForCli(dbPath);
  try {
    const jobs = loaded === null ? [resumeJob(store, resumeRunId!, file, emit)] : plannedJobs(store, loaded, gridIndex, backend, emit);
    return await trainJobs(store, jobs, dbPath, flags.strings.get('cache-dir'), emit);
  } catch (error) {
    throw databaseWriteFailure(error, dbPath);
  } finally {
    store.db.close();
  }
}

/**
 * A write to the database that failed outside a run (creating runs, recording how one ended),
 * most often because the disk is full: a message naming the file instead of a stack trace. A
 * run that could not be marked ended is shown crashed once this process is gone, and can be
 * resumed when there is space again.
 */
function databaseWriteFailure(error: unknown, dbPath: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const full = code === 'SQLITE_FULL' ? ' Free some space, then resume the run (fluke train --resume RUN).' : '';
  return new CliError(`fluke train: ${dbPath}: could not write to the database: ${(error as Error).message} (${code}).${full}`);
}

async function trainJobCommand(jobDir: string): Promise<number> {
  console.log = (...args: unknown[]) => console.error(...args);
  console.info = console.log;
  const { trainJob } = await import('../../scheduler/job/trainJob');
  let status: RunStatus;
  try {
    status = await trainJob(resolve(jobDir), (event) => process.stdout.write(`${formatTrainerEvent(event)}\n`));
  } catch (error) {
    throw new CliError(`fluke train --job-dir ${jobDir}: ${(error as Error).message}`);
  }
  const exitCodes: Partial<Record<RunStatus, number>> = { completed: 0, stopped: 143, timeout: 124 };
  return exitCodes[status] ?? 1;
}

function loadExperiment(file: string): LoadedExperiment {
  try {
    return loadExperimentFile(file);
  } catch (error) {
    if (error instanceof ExperimentFileError) throw new CliError(error.message);
    throw error;
  }
}

function backendFlag(value: string | undefined): BackendName | null {
  if (value === undefined) return null;
  if (!isBackendName(value)) throw new CliUsageError(`fluke train: --backend ${value}: not a backend (one of ${backendNames.join(', ')})`);
  return value;
}

function plannedJobs(store: Store, loaded: LoadedExperiment, gridIndex: number | null, backend: BackendName | null, emit: (event: TrainerEvent) => void): TrainJob[] {
  for (const warning of loaded.warnings) emit({ type: 'log', runId: null, level: 'warning', message: formatDiagnostic(loaded.path, warning) });
  const selected: PlannedRun[] = gridIndex === null ? loaded.runs : [loaded.runs[gridIndex]!];
  const runs = backend === null ? selected : selected.map((planned) => ({ ...planned, config: { ...planned.config, runtime: { ...planned.config.runtime, backend } } }));
  const experiment = ensureExperiment(store, loaded.path, runs[0]!.config.name);
  const identity = processIdentity(process.pid);
  // Every run is created now, queued under this process: the extension sees the whole queue,
  // and if this process dies the queued runs are found (marked crashed) too.
  return store.db
    .transaction(() =>
      runs.map((planned) => ({
        run: createRun(store, { experimentId: experiment.id, name: planned.name, config: planned.config, gridValues: planned.gridValues, pid: process.pid, host: currentHost(), processIdentity: identity }),
        resumed: false,
        resume: null,
      })),
    )
    .immediate();
}

function resumeJob(store: Store, runId: number, file: string | undefined, emit: (event: TrainerEvent) => void): TrainJob {
  const run = getRun(store, runId);
  if (!run) throw new CliError(`fluke train: --resume ${runId}: no such run in ${store.path}`);
  if (file !== undefined && resolve(file) !== run.experimentPath) {
    throw new CliError(`fluke train: --resume ${runId}: run ${runId} belongs to ${run.experimentPath}, not ${resolve(file)}`);
  }
  if (!resumableStatuses.includes(run.status)) {
    throw new CliError(`fluke train: --resume ${runId}: the run is ${run.status}; only a stopped or crashed run can be resumed`);
  }
  return { run: { ...run, config: withSchemaDefaults(run.config) }, resumed: true, resume: resumeCheckpoint(store, run, emit) };
}

/**
 * The newest intact checkpoint of the run, falling back to an earlier one (with a log line)
 * when a newer one is damaged, missing or not the run's own. When the run has checkpoints but
 * none is usable, refuses without touching the run: it stays resumable once a file is restored.
 */
function resumeCheckpoint(store: Store, run: RunRecord, emit: (event: TrainerEvent) => void): CheckpointEntry | null {
  const candidates = listCheckpoints(store, run.id).reverse();
  if (candidates.length === 0) return null;
  const { usable, passedOver } = newestUsableCheckpoint(candidates, checkpointReader(store, run.id));
  for (const skipped of passedOver) {
    const message = passedOverMessage(skipped, usable);
    emit({ type: 'log', runId: run.id, level: 'warning', message });
    process.stderr.write(`fluke train: ${message}\n`);
  }
  if (usable === null) {
    throw new CliError(
      `fluke train: --resume ${run.id}: none of the run's ${candidates.length} checkpoint(s) can be used (newest: ${passedOver[0]!.reason}); the run stays ${run.status}: restore the file and resume again`,
    );
  }
  return usable;
}

async function trainJobs(store: Store, jobs: TrainJob[], dbPath: string, cacheDirFlag: string | undefined, emit: (event: TrainerEvent) => void): Promise<number> {
  let stopSignal: NodeJS.Signals | null = null;
  let currentRunId: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopSignal === null) {
      stopSignal = signal;
      process.stderr.write(`fluke train: ${signal} received, stopping at the next batch (send it again to stop at once)\n`);
      return;
    }
    // A second signal: the user will not wait for the checkpoint. The run keeps its last epoch checkpoint.
    const error = `stopped at once by a second ${signal}; resume continues from the last epoch checkpoint`;
    if (currentRunId !== null) {
      markRunEnded(store, currentRunId, 'stopped', error);
      emit({ type: 'run-ended', runId: currentRunId, status: 'stopped', error });
    }
    for (const waiting of jobs) {
      if (getRun(store, waiting.run.id)?.status !== 'queued') continue;
      markRunEnded(store, waiting.run.id, 'stopped', `stopped by ${signal} before it started`);
      emit({ type: 'run-ended', runId: waiting.run.id, status: 'stopped', error: `stopped by ${signal} before it started` });
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Heartbeats let another host (a cluster node sharing the database) see this process is alive.
  const heartbeat = setInterval(() => touchRunHeartbeats(store, process.pid, currentHost()), heartbeatIntervalMs);
  heartbeat.unref();
  const cacheDir = resolve(cacheDirFlag ?? join(dirname(dbPath), 'cache'));
  const { trainRun } = await import('../../engine/trainer/trainRun');
  let anyFailed = false;
  let anyStopped = false;
  for (const job of jobs) {
    const runId = job.run.id;
    if (stopSignal !== null) {
      markRunEnded(store, runId, 'stopped', `stopped by ${stopSignal} before it started`);
      emit({ type: 'run-ended', runId, status: 'stopped', error: `stopped by ${stopSignal} before it started` });
      anyStopped = true;
      continue;
    }
    const config = job.run.config;
    const claimed = markRunRunning(store, runId, { pid: process.pid, host: currentHost(), processIdentity: processIdentity(process.pid), backend: config.runtime.backend }, job.resumed ? resumableStatuses : ['queued']);
    if (!claimed) {
      const now = getRun(store, runId);
      const message = `fluke train: run ${runId} is ${now ? now.status : 'deleted'}, so it was not started (another process has it, or it was changed meanwhile)`;
      emit({ type: 'log', runId, level: 'error', message });
      process.stderr.write(`${message}\n`);
      anyFailed = true;
      continue;
    }
    currentRunId = runId;
    emit({ type: 'run-started', runId, name: job.run.name, pid: process.pid, backend: config.runtime.backend, epochs: config.epochs, startEpoch: job.resume ? job.resume.epoch + 1 : 1 });
    let status: RunStatus;
    let error: string | null;
    let backend: string | undefined;
    try {
      const result = await trainRun({
        config,
        experimentDir: dirname(job.run.experimentPath),
        sink: new StoreRunSink(store, runId),
        checkpointDir: runCheckpointDir(store, runId),
        checkpointOwner: checkpointReader(store, runId),
        cacheDir,
        resume: job.resume,
        shouldStop: () => stopSignal !== null,
        emit: (event) => {
          // A stop mid-epoch saves a checkpoint outside any epoch write: record it so --resume finds it.
          if (event.type === 'checkpoint') recordCheckpoint(store, runId, event.epoch, event.path, event.kind, event.sha256);
          emit(event);
        },
      });
      ({ status, error, backend } = result);
      // Said here too: on a full disk the store may not be able to record it.
      if (status === 'failed') process.stderr.write(`fluke train: run ${runId} failed: ${error}\n`);
    } catch (thrown) {
      status = 'failed';
      error = thrown instanceof Error ? thrown.message : String(thrown);
      process.stderr.write(`fluke train: run ${runId} failed: ${thrown instanceof Error ? (thrown.stack ?? error) : error}\n`);
    }
    currentRunId = null;
    markRunEnded(store, runId, status, error, backend);
    emit({ type: 'run-ended', runId, status, error });
    if (status === 'failed' || status === 'diverged') anyFailed = true;
    if (status === 'stopped') anyStopped = true;
  }
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  clearInterval(heartbeat);
  if (anyFailed) return 1;
  if (anyStopped) return stopSignal === 'SIGINT' ? 130 : 143;
  return 0;
}
