import type * as vscode from 'vscode';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RequestType } from 'vscode-jsonrpc';
import type { RunRecord, RunStatus } from '../../protocol/records';
import { listRuns, reconcileRuns, storeInfo } from '../../protocol/rpc';
import { parseTrainerEvent, type TrainerEvent } from '../../protocol/trainerEvents';
import { Emitter } from '../events/emitter';
import { LogTail } from './logTail';
import { isProcessAlive, stopProcessGroup, type StopOutcome } from './processGroup';
import { planReattach, type ReattachPlan } from './reattachPlan';
import { RunQueue } from './runQueue';
import { logsFolderOf, runLogPath } from './storePaths';
import type { BackendName } from '../../protocol/experiment';
import { launchTraining, trainCommandArguments } from './trainingLaunch';

export interface RunSettings {
  nodePath: string;
  cliPath: string;
  databasePath: string;
  /** The workspace folder: the training process's current folder. */
  cwd: string;
  maxConcurrentRuns: number;
  /** Overrides the experiment's `runtime.backend` for new runs (the `fluke.backend` setting). */
  backend: BackendName | null;
}

export interface RunManagerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type Requester = <P, R>(type: RequestType<P, R, void>, params: P) => Promise<R>;

export interface RunManagerOptions {
  settings(): RunSettings;
  request: Requester;
  log: RunManagerLog;
  hostname: string;
  stopGraceMs?: number;
  livenessPollMs?: number;
  tailPollMs?: number;
}

/** One training process to start: a whole experiment file, one grid run of it, or a resume. */
export interface LaunchRequest {
  experimentPath: string;
  /** Shown until the trainer names the run. */
  label: string;
  gridIndex: number | null;
  resumeRunId: number | null;
}

export type ActiveRunState = 'queued' | 'starting' | 'running' | 'stopping';

export interface ActiveRun {
  key: string;
  label: string;
  experimentPath: string | null;
  state: ActiveRunState;
  /** Known once the trainer created the run in the store (at once for a resume). */
  runId: number | null;
  pid: number | null;
  epoch: number | null;
  epochs: number | null;
  logPath: string | null;
}

export interface RunOutput {
  key: string;
  runId: number | null;
  line: string;
  event: TrainerEvent | null;
}

export interface RunEnd {
  key: string;
  label: string;
  runId: number | null;
  status: RunStatus;
  error: string | null;
}

interface TrackedRun extends ActiveRun {
  request: LaunchRequest | null;
  tail: LogTail | null;
  child: ChildProcess | null;
  livenessTimer: NodeJS.Timeout | null;
  ended: { status: RunStatus; error: string | null } | null;
  /** The last lines that were not trainer events (stderr), for the error of a process that died. */
  lastOutput: string[];
  /** The id of the database the process writes (names its log's folder); null until started. */
  storeId: string | null;
  finishing: boolean;
}

/**
 * Starts, follows and stops training processes. Processes are detached and write to a log
 * file which this tails, so they outlive a window reload; `reattach()` follows them again.
 * Imports no vscode, so it is tested with real processes.
 */
export class RunManager implements vscode.Disposable {
  private readonly runs = new Map<string, TrackedRun>();
  private readonly queue: RunQueue<TrackedRun>;
  private readonly changeEmitter = new Emitter<void>();
  private readonly outputEmitter = new Emitter<RunOutput>();
  private readonly endEmitter = new Emitter<RunEnd>();
  private nextKey = 1;
  private disposed = false;

  readonly onDidChange = this.changeEmitter.event;
  readonly onRunOutput = this.outputEmitter.event;
  readonly onRunEnded = this.endEmitter.event;

  constructor(private readonly options: RunManagerOptions) {
    this.queue = new RunQueue<TrackedRun>(options.settings().maxConcurrentRuns, (_key, run) => void this.start(run));
    this.queue.onChange(() => this.changeEmitter.fire());
  }

  enqueue(requests: LaunchRequest[]): string[] {
    return requests.map((request) => {
      const key = `launch-${this.nextKey++}`;
      const run: TrackedRun = {
        key, label: request.label, experimentPath: request.experimentPath, state: 'queued',
        runId: request.resumeRunId, pid: null, epoch: null, epochs: null, logPath: null,
        request, tail: null, child: null, livenessTimer: null, ended: null, lastOutput: [], finishing: false, storeId: null,
      };
      this.runs.set(key, run);
      this.queue.enqueue(key, run);
      return key;
    });
  }

  /** Running runs first (in start order), then queued ones in queue order. */
  active(): ActiveRun[] {
    const { running, queued } = this.queue.snapshot();
    return [...running, ...queued].map(({ item }) => snapshotOf(item));
  }

  findByRunId(runId: number): ActiveRun | undefined {
    const run = [...this.runs.values()].find((candidate) => candidate.runId === runId);
    return run && snapshotOf(run);
  }

  /** The log of a followed run and how much of it was already delivered to onRunOutput. */
  logSnapshot(runId: number): { path: string; offset: number } | null {
    const run = [...this.runs.values()].find((candidate) => candidate.runId === runId);
    if (!run?.logPath || !run.tail) return null;
    return { path: run.logPath, offset: run.tail.deliveredOffset };
  }

  setMaxConcurrent(limit: number): void {
    this.queue.setMaxConcurrent(limit);
  }

  /** Cancels a queued run or stops a running one: SIGTERM, then SIGKILL after the grace period. */
  async stop(key: string): Promise<StopOutcome | 'cancelled'> {
    const run = this.runs.get(key);
    if (!run) return 'not-running';
    if (run.state === 'queued' && this.queue.cancel(key)) {
      this.runs.delete(key);
      this.changeEmitter.fire();
      return 'cancelled';
    }
    if (run.pid === null) return 'not-running';
    run.state = 'stopping';
    this.changeEmitter.fire();
    this.options.log.info(`stopping ${describe(run)} (pid ${run.pid})`);
    const outcome = await stopProcessGroup(run.pid, { graceMs: this.options.stopGraceMs ?? 10_000 });
    if (outcome === 'killed') this.options.log.warn(`${describe(run)} ignored SIGTERM for the grace period and was killed`);
    return outcome;
  }

  /** Stops a run this window does not follow (started from a terminal on this machine). */
  async stopUnfollowed(run: RunRecord): Promise<StopOutcome> {
    if (run.pid === null || (run.host !== null && run.host !== this.options.hostname)) return 'not-running';
    const outcome = await stopProcessGroup(run.pid, { graceMs: this.options.stopGraceMs ?? 10_000 });
    if (outcome === 'killed') await this.options.request(reconcileRuns, {});
    return outcome;
  }

  /**
   * After activation: follow again the runs of this machine that are still going, and let
   * serve mark as crashed those whose process is gone.
   */
  async reattach(): Promise<ReattachPlan> {
    const { databasePath } = this.options.settings();
    const storeId = await this.storeId();
    const stored = await this.options.request(listRuns, {});
    const followed = new Set([...this.runs.values()].map((run) => run.runId));
    const plan = planReattach(stored.filter((run) => !followed.has(run.id)), {
      hostname: this.options.hostname,
      isAlive: isProcessAlive,
      logPathOf: (runId) => {
        const path = runLogPath(databasePath, storeId, runId);
        return existsSync(path) ? path : null;
      },
    });
    for (const { run, logPath } of plan.follow) this.follow(run, logPath);
    if (plan.crashed.length > 0) {
      const { crashed } = await this.options.request(reconcileRuns, {});
      if (crashed.length > 0) this.options.log.warn(`runs ${crashed.join(', ')} were running when their process disappeared; marked crashed`);
    }
    if (plan.elsewhere.length > 0) {
      this.options.log.info(`runs ${plan.elsewhere.map((run) => `${run.id} (${run.host})`).join(', ')} are running on other machines`);
    }
    return plan;
  }

  /** Stops following (the processes keep running: a reload re-attaches to them). */
  dispose(): void {
    this.disposed = true;
    for (const run of this.runs.values()) {
      if (run.livenessTimer) clearInterval(run.livenessTimer);
      void run.tail?.close();
    }
    this.changeEmitter.dispose();
    this.outputEmitter.dispose();
    this.endEmitter.dispose();
  }

  private follow(record: RunRecord, logPath: string | null): void {
    const key = `run-${record.id}`;
    const run: TrackedRun = {
      key, label: record.name, experimentPath: record.experimentPath, state: 'running', runId: record.id, pid: record.pid,
      epoch: record.lastEpoch, epochs: record.epochs, logPath, request: null, child: null, livenessTimer: null,
      ended: null, lastOutput: [], finishing: false, storeId: null,
      // Only what is written from now on: progress so far comes from the store.
      tail: logPath ? new LogTail(logPath, (line) => this.onLine(run, line), { fromOffset: sizeOf(logPath), pollMs: this.options.tailPollMs }) : null,
    };
    this.runs.set(key, run);
    this.queue.adopt(key, run);
    run.tail?.start();
    this.watchLiveness(run);
    this.options.log.info(`following ${describe(run)} again (pid ${record.pid}${logPath ? `, log ${logPath}` : ', no log file'})`);
  }

  /** Where a run's log is: under the id of the database serve has open. */
  async runLogPathOf(runId: number): Promise<string> {
    return runLogPath(this.options.settings().databasePath, await this.storeId(), runId);
  }

  /** Asked each time, not kept: the database at the configured path may have been replaced. */
  private async storeId(): Promise<string> {
    return (await this.options.request(storeInfo, {})).storeId;
  }

  private async start(run: TrackedRun): Promise<void> {
    const settings = this.options.settings();
    const request = run.request!;
    run.state = 'starting';
    try {
      run.storeId = await this.storeId();
    } catch (error) {
      run.ended = { status: 'failed', error: `could not read the database's id: ${(error as Error).message}` };
      await this.onProcessEnd(run);
      return;
    }
    const logPath =
      request.resumeRunId !== null
        ? runLogPath(settings.databasePath, run.storeId, request.resumeRunId)
        : join(logsFolderOf(settings.databasePath), `pending-${process.pid}-${Date.now()}-${run.key}.log`);
    run.logPath = logPath;
    run.tail = new LogTail(logPath, (line) => this.onLine(run, line), { fromOffset: sizeOf(logPath), pollMs: this.options.tailPollMs });
    const args = trainCommandArguments({
      experimentPath: request.experimentPath,
      databasePath: settings.databasePath,
      gridIndex: request.gridIndex,
      resumeRunId: request.resumeRunId,
      backend: settings.backend,
    });
    this.options.log.info(`starting ${describe(run)}: ${settings.nodePath} ${settings.cliPath} ${args.join(' ')}`);
    try {
      const child = await launchTraining({ nodePath: settings.nodePath, cliPath: settings.cliPath, args, cwd: settings.cwd, logPath });
      run.child = child;
      run.pid = child.pid ?? null;
      child.once('exit', () => void this.onProcessEnd(run));
      run.tail.start();
      this.changeEmitter.fire();
    } catch (error) {
      run.ended = { status: 'failed', error: (error as Error).message };
      await this.onProcessEnd(run);
    }
  }

  private watchLiveness(run: TrackedRun): void {
    if (run.pid === null) return;
    run.livenessTimer = setInterval(() => {
      if (!isProcessAlive(run.pid!)) void this.onProcessEnd(run);
    }, this.options.livenessPollMs ?? 1000);
  }

  private onLine(run: TrackedRun, line: string): void {
    const event = parseTrainerEvent(line);
    if (event === null && line.trim() !== '') run.lastOutput = [...run.lastOutput.slice(-4), line.trim()];
    if (event) this.apply(run, event);
    this.outputEmitter.fire({ key: run.key, runId: run.runId, line, event });
    if (event && event.type !== 'log') this.changeEmitter.fire();
  }

  private apply(run: TrackedRun, event: TrainerEvent): void {
    switch (event.type) {
      case 'run-started':
        run.runId = event.runId;
        run.label = event.name;
        run.pid = event.pid;
        run.epoch = event.startEpoch;
        run.epochs = event.epochs;
        if (run.state === 'starting') run.state = 'running';
        this.nameLogAfterRun(run, event.runId);
        break;
      case 'epoch':
        run.epoch = event.epoch;
        run.epochs = event.epochs;
        break;
      case 'run-ended':
        run.ended = { status: event.status, error: event.error };
        break;
      default:
        break;
    }
  }

  /** pending-….log becomes <store id>/run-<id>.log, where a reloaded window looks for it (the open file follows the rename). */
  private nameLogAfterRun(run: TrackedRun, runId: number): void {
    if (run.storeId === null) return;
    const target = runLogPath(this.options.settings().databasePath, run.storeId, runId);
    if (!run.logPath || run.logPath === target || existsSync(target)) return;
    try {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(run.logPath, target);
      run.logPath = target;
    } catch (error) {
      this.options.log.warn(`could not rename ${run.logPath} to ${target}: ${(error as Error).message}`);
    }
  }

  private async onProcessEnd(run: TrackedRun): Promise<void> {
    if (run.finishing) return;
    run.finishing = true;
    if (run.livenessTimer) clearInterval(run.livenessTimer);
    await run.tail?.finish();
    let end = run.ended;
    if (end === null) {
      const code = run.child?.exitCode;
      const signal = run.child?.signalCode;
      const how = signal ? `was killed by ${signal}` : code !== null && code !== undefined ? `exited with code ${code}` : 'is gone';
      const said = run.lastOutput.length > 0 ? `: ${run.lastOutput.join(' | ')}` : '';
      if (run.runId !== null) {
        // The store still says running: serve sees the pid is gone and marks it crashed.
        await this.options.request(reconcileRuns, {}).catch((error: Error) => this.options.log.warn(`runs/reconcile: ${error.message}`));
        end = { status: 'crashed', error: `the training process ${how} before ending the run${said}` };
      } else {
        end = { status: 'failed', error: `fluke train ${how} before starting a run${said}` };
        // No run to file it under: what it said is in the error; the log would only pile up.
        if (run.logPath && run.request?.resumeRunId === null) rmSync(run.logPath, { force: true });
      }
    }
    const message = `${describe(run)} ended: ${end.status}${end.error ? ` (${end.error})` : ''}`;
    if (end.status === 'completed' || end.status === 'stopped') this.options.log.info(message);
    else this.options.log.error(message);
    this.runs.delete(run.key);
    if (!this.disposed) {
      this.endEmitter.fire({ key: run.key, label: run.label, runId: run.runId, status: end.status, error: end.error });
      this.queue.finished(run.key);
    }
  }
}

function snapshotOf(run: TrackedRun): ActiveRun {
  const { key, label, experimentPath, state, runId, pid, epoch, epochs, logPath } = run;
  return { key, label, experimentPath, state, runId, pid, epoch, epochs, logPath };
}

function describe(run: TrackedRun): string {
  return run.runId === null ? `"${run.label}"` : `run ${run.runId} "${run.label}"`;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
