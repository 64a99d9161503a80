import type * as vscode from 'vscode';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection,
  ErrorCodes,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type RequestType,
} from 'vscode-jsonrpc/node';
import { runsChanged, storeInfo, type StoreInfo } from '../../protocol/rpc';
import { Emitter } from '../events/emitter';
import { classifyServeExit, type ServeFailure } from './serveFailure';

export interface ServeLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ServeClientOptions {
  nodePath: string;
  /** dist/cli.js of the extension itself: serve never runs code from the workspace. */
  cliPath: string;
  databasePath: string;
  cwd: string;
  /** In Restricted Mode, the workspace folder: serve makes thumbnails only of images inside it (`--images-under`). */
  imagesUnder?: string | null;
  log: ServeLog;
  /** Waits before each restart after a crash; the last repeats. Giving up after `maxQuickCrashes`. */
  restartDelaysMs?: number[];
  maxQuickCrashes?: number;
  /** A serve that stayed up this long resets the crash count. */
  stableAfterMs?: number;
}

interface Connection {
  child: ChildProcess;
  connection: MessageConnection;
  retired: boolean;
  /** Settles once the process is gone and its exit was classified. */
  exited: Promise<ServeFailure>;
}

/**
 * The one `fluke serve` process of the window and the JSON-RPC connection to it. Requests
 * made while it (re)starts wait for it; it restarts after a crash with backoff, and gives up
 * (onDidFail) when Node is missing, the native modules do not load, or it keeps crashing.
 */
export class ServeClient implements vscode.Disposable {
  private current: Connection | null = null;
  private waiting: Array<{ resolve: (connection: Connection) => void; reject: (error: Error) => void }> = [];
  private failure: ServeFailure | null = null;
  private quickCrashes = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private disposed = false;
  private readonly runsChangedEmitter = new Emitter<{ runIds: number[] }>();
  private readonly readyEmitter = new Emitter<StoreInfo>();
  private readonly failEmitter = new Emitter<ServeFailure>();

  /** The store changed (a run wrote an epoch, a status changed, ...). */
  readonly onRunsChanged: vscode.Event<{ runIds: number[] }> = this.runsChangedEmitter.event;
  /** Serve (re)started and answered; everything shown may have changed meanwhile. */
  readonly onDidStart: vscode.Event<StoreInfo> = this.readyEmitter.event;
  /** Serve gave up; requests reject with this message until `restart()`. */
  readonly onDidFail: vscode.Event<ServeFailure> = this.failEmitter.event;

  private constructor(private options: ServeClientOptions) {}

  static start(options: ServeClientOptions): ServeClient {
    const client = new ServeClient(options);
    client.launch();
    return client;
  }

  /** The pid of the serve process now running, if any (for the log and for tests). */
  get processId(): number | null {
    return this.current?.child.pid ?? null;
  }

  get lastFailure(): ServeFailure | null {
    return this.failure;
  }

  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    const entry = await this.connection();
    try {
      return await entry.connection.sendRequest(type, params);
    } catch (error) {
      const connectionLost = error instanceof ResponseError && (error.code === ErrorCodes.PendingResponseRejected || error.code === ErrorCodes.ConnectionInactive);
      if (!connectionLost) throw error;
      // The connection broke: say why serve went away rather than "connection got disposed".
      const exit = await Promise.race([entry.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000))]);
      if (exit === null) throw error;
      throw new Error(`${type.method}: ${this.failure?.message ?? exit.message}`);
    }
  }

  /** Starts again: after a failure (Retry), or with changed settings (Node, database). */
  restart(changes: Partial<Pick<ServeClientOptions, 'nodePath' | 'databasePath' | 'cwd' | 'imagesUnder'>> = {}): void {
    if (this.disposed) return;
    this.options = { ...this.options, ...changes };
    this.failure = null;
    this.quickCrashes = 0;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const old = this.current;
    this.current = null;
    if (old) {
      old.retired = true;
      old.connection.dispose();
      old.child.kill();
    }
    this.launch();
  }

  dispose(): void {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const failed = new Error('fluke serve was shut down');
    for (const waiter of this.waiting.splice(0)) waiter.reject(failed);
    if (this.current) {
      this.current.connection.dispose();
      this.current.child.kill();
      this.current = null;
    }
    this.runsChangedEmitter.dispose();
    this.readyEmitter.dispose();
    this.failEmitter.dispose();
  }

  private connection(): Promise<Connection> {
    if (this.disposed) return Promise.reject(new Error('fluke serve was shut down'));
    if (this.failure) return Promise.reject(new Error(this.failure.message));
    if (this.current) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private launch(): void {
    const { nodePath, cliPath, databasePath, cwd, imagesUnder, log } = this.options;
    const startedAt = Date.now();
    // imagesUnder is set only in Restricted Mode, where serve must not write the database either.
    const args = [cliPath, 'serve', '--db', databasePath, ...(imagesUnder ? ['--images-under', imagesUnder, '--read-only'] : [])];
    log.info(`starting fluke serve: ${nodePath} ${args.join(' ')}`);
    const child = spawn(nodePath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    let spawnErrorCode: string | null = null;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
      // serve reports on stderr (its store path, problems); only what reads like trouble is a warning.
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        if (/error|warn|fail/i.test(line)) log.warn(`serve: ${line.trimEnd()}`);
        else log.info(`serve: ${line.trimEnd()}`);
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnErrorCode = error.code ?? 'ERROR';
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification(runsChanged, (params) => this.runsChangedEmitter.fire(params));
    connection.onError(([error]) => log.warn(`serve connection: ${error.message}`));
    connection.listen();
    let settleExit: (failure: ServeFailure) => void = () => undefined;
    const entry: Connection = { child, connection, retired: false, exited: new Promise((resolve) => (settleExit = resolve)) };
    child.once('close', (exitCode, signal) => {
      if (this.current === entry) this.current = null;
      const failure = classifyServeExit({ spawnErrorCode, exitCode, signal, stderr }, nodePath);
      if (!this.disposed && !entry.retired) this.onExit(failure, Date.now() - startedAt);
      settleExit(failure);
      connection.dispose();
    });
    child.once('spawn', () => {
      this.current = entry;
      for (const waiter of this.waiting.splice(0)) waiter.resolve(entry);
      connection.sendRequest(storeInfo, {}).then(
        (info) => {
          log.info(`fluke serve ready in ${Date.now() - startedAt} ms: store ${info.path} (schema ${info.schemaVersion}, Node ${info.nodeVersion})`);
          this.readyEmitter.fire(info);
        },
        () => undefined, // The exit handler reports why.
      );
    });
  }

  private onExit(failure: ServeFailure, uptimeMs: number): void {
    const { log } = this.options;
    if (uptimeMs >= (this.options.stableAfterMs ?? 60_000)) this.quickCrashes = 0;
    this.quickCrashes++;
    const givesUp = failure.kind !== 'crashed' || this.quickCrashes > (this.options.maxQuickCrashes ?? 5);
    if (givesUp) {
      this.failure = failure;
      log.error(failure.message);
      const error = new Error(failure.message);
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
      this.failEmitter.fire(failure);
      return;
    }
    const delays = this.options.restartDelaysMs ?? [500, 1000, 2000, 5000, 10_000, 30_000];
    const delay = delays[Math.min(this.quickCrashes - 1, delays.length - 1)]!;
    log.warn(`${failure.message}; restarting in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.disposed) this.launch();
    }, delay);
  }
}
