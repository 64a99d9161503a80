import { closeSync, fsyncSync, mkdirSync, openSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { readRunLog } from './readRunLog';
import type { RunLogBody, RunLogRecord } from './runLogRecord';

/**
 * Appends records to a run log that only this job writes. Opening it reads what earlier
 * attempts of the job wrote (a requeued job continues the same log) and cuts off a line
 * left half-written by a node that died, so the next record starts on a line of its own.
 * Every record is fsynced before `append` returns: what the trainer has written survives
 * the node, and a reader on another host sees whole records only.
 */
export class RunLogWriter {
  private readonly fd: number;
  private seq: number;
  /** Everything in the log, earlier attempts included. */
  readonly records: RunLogRecord[];

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    const existing = readRunLog(path);
    this.records = existing.records;
    this.seq = existing.records.length === 0 ? 0 : existing.records[existing.records.length - 1]!.seq;
    this.fd = openSync(path, 'a');
    truncateSync(path, existing.end);
  }

  append(body: RunLogBody): void {
    const record = { ...body, seq: this.seq + 1 } as RunLogRecord;
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
    this.seq = record.seq;
    this.records.push(record);
  }

  close(): void {
    closeSync(this.fd);
  }
}
