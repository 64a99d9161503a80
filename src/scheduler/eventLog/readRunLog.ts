import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import type { RunLogRecord } from './runLogRecord';

export interface RunLogChunk {
  records: RunLogRecord[];
  /** Byte offset just past the last complete line read. */
  end: number;
}

/**
 * Reads the complete lines of a run log from byte `offset` on. A last line without its
 * newline (still being written, or cut off by a dead node) is left for later. A complete
 * line that is not a record is an error naming the file and the byte offset.
 */
export function readRunLog(path: string, offset = 0): RunLogChunk {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], end: offset };
    throw error;
  }
  let bytes: Buffer;
  try {
    const size = fstatSync(fd).size;
    bytes = Buffer.alloc(Math.max(0, size - offset));
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    bytes = bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
  const records: RunLogRecord[] = [];
  let start = 0;
  for (let newline = bytes.indexOf(10); newline !== -1; newline = bytes.indexOf(10, start)) {
    const line = bytes.toString('utf8', start, newline);
    try {
      const record = JSON.parse(line) as RunLogRecord;
      if (typeof record.seq !== 'number' || typeof record.type !== 'string') throw new Error('no seq or type');
      records.push(record);
    } catch (error) {
      throw new Error(`${path}: byte ${offset + start}: not a run log record (${(error as Error).message})`);
    }
    start = newline + 1;
  }
  return { records, end: offset + start };
}
