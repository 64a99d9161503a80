import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export interface LogTailOptions {
  /** Byte offset to start from (e.g. the old size of a log a resumed run appends to). */
  fromOffset?: number;
  pollMs?: number;
}

/**
 * Follows a log file a training process writes (possibly from before a window reload),
 * line by line. It keeps the file open, so renaming the file while it is followed is fine.
 */
export class LogTail {
  private handle: FileHandle | null = null;
  private offset: number;
  private delivered: number;
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly path: string,
    private readonly onLine: (line: string) => void,
    private readonly options: LogTailOptions = {},
  ) {
    this.offset = options.fromOffset ?? 0;
    this.delivered = this.offset;
  }

  /** Bytes of the file whose lines were delivered: a reader of the file up to here sees no line twice. */
  get deliveredOffset(): number {
    return this.delivered;
  }

  start(): void {
    if (this.timer || this.disposed) return;
    this.timer = setInterval(() => void this.poll(), this.options.pollMs ?? 250);
    void this.poll();
  }

  /** Reads whatever is new now; the returned promise settles when those lines were delivered. */
  poll(): Promise<void> {
    this.reading = this.reading.then(() => this.readNew()).catch(() => undefined);
    return this.reading;
  }

  /** Reads to the end, delivers a last line without newline too, and stops following. */
  async finish(): Promise<void> {
    await this.poll();
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length > 0) this.onLine(rest);
    await this.close();
  }

  async close(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.reading;
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
  }

  private async readNew(): Promise<void> {
    if (this.disposed) return;
    if (!this.handle) {
      try {
        this.handle = await open(this.path, 'r');
      } catch {
        return; // Not written yet.
      }
    }
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      const lines = (this.partial + this.decoder.write(buffer.subarray(0, bytesRead))).split('\n');
      this.partial = lines.pop()!;
      for (const line of lines) {
        this.delivered += Buffer.byteLength(line) + 1;
        this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      }
    }
  }
}
