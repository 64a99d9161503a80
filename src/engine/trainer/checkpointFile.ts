/**
 * The checkpoint file: the magic, the SHA-256 of everything after it, then a JSON header (what
 * to restore, and where each array lies) followed by the raw float32 arrays, little-endian.
 * Written to a temporary name and renamed, so a run killed mid-write never leaves a truncated
 * checkpoint behind; the digest catches a file damaged afterwards (a flipped bit included).
 * Files of the first format (FLUKECKPT1, no digest) are still read.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CheckpointArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface CheckpointFile<Meta> {
  meta: Meta;
  arrays: CheckpointArray[];
}

/** A checkpoint as read: with the SHA-256 recorded in it (hex; null for the first format, which has none). */
export interface ReadCheckpoint<Meta> extends CheckpointFile<Meta> {
  sha256: string | null;
}

const magic = 'FLUKECKPT2';
const uncheckedMagic = 'FLUKECKPT1';
const digestLength = 32;

/** A checkpoint that cannot be used as it is: damaged, truncated, or not a checkpoint. */
export class DamagedCheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedCheckpointError';
  }
}

interface Header<Meta> {
  meta: Meta;
  arrays: Array<{ name: string; shape: number[]; offset: number; length: number }>;
}

/** Writes the checkpoint; returns the SHA-256 it holds (hex), for the database to record. */
export function writeCheckpointFile<Meta>(path: string, contents: CheckpointFile<Meta>): string {
  let offset = 0;
  const header: Header<Meta> = {
    meta: contents.meta,
    arrays: contents.arrays.map((array) => {
      const entry = { name: array.name, shape: array.shape, offset, length: array.values.length };
      offset += array.values.length;
      return entry;
    }),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerStart = magic.length + digestLength + 4;
  // Pads the header so the float data starts 4-byte aligned.
  const prefixLength = headerStart + headerBytes.length;
  const padding = (4 - (prefixLength % 4)) % 4;
  const buffer = Buffer.alloc(prefixLength + padding + offset * 4);
  buffer.write(magic, 0, 'latin1');
  buffer.writeUInt32LE(headerBytes.length + padding, headerStart - 4);
  headerBytes.copy(buffer, headerStart);
  buffer.fill(0x20, prefixLength, prefixLength + padding);
  const dataStart = prefixLength + padding;
  for (const [index, array] of contents.arrays.entries()) {
    const entry = header.arrays[index]!;
    Buffer.from(array.values.buffer, array.values.byteOffset, array.values.byteLength).copy(buffer, dataStart + entry.offset * 4);
  }
  const digest = createHash('sha256').update(buffer.subarray(magic.length + digestLength)).digest();
  digest.copy(buffer, magic.length);
  const temporary = `${path}.partial`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, buffer);
    renameSync(temporary, path);
  } catch (error) {
    // A full disk: give back what the half-written file took, and say which file it was.
    rmSync(temporary, { force: true });
    throw new Error(`${path}: cannot write the checkpoint (${(error as Error).message})`);
  }
  return digest.toString('hex');
}

/** Reads a checkpoint, verifying its digest; throws DamagedCheckpointError naming the file if it is not intact. */
export function readCheckpointFile<Meta>(path: string): ReadCheckpoint<Meta> {
  const buffer = readFileSync(path);
  const found = buffer.toString('latin1', 0, magic.length);
  let headerStart: number;
  let sha256: string | null = null;
  if (found === magic && buffer.length >= magic.length + digestLength + 4) {
    headerStart = magic.length + digestLength + 4;
    const stored = buffer.subarray(magic.length, magic.length + digestLength);
    const actual = createHash('sha256').update(buffer.subarray(magic.length + digestLength)).digest();
    if (!actual.equals(stored)) throw new DamagedCheckpointError(`${path}: checkpoint is damaged (its SHA-256 does not match the content)`);
    sha256 = actual.toString('hex');
  } else if (found === uncheckedMagic && buffer.length >= uncheckedMagic.length + 4) {
    headerStart = uncheckedMagic.length + 4;
  } else {
    throw new DamagedCheckpointError(`${path} is not a Fluke checkpoint`);
  }
  const headerLength = buffer.readUInt32LE(headerStart - 4);
  const dataStart = headerStart + headerLength;
  let header: Header<Meta>;
  try {
    header = JSON.parse(buffer.toString('utf8', headerStart, dataStart)) as Header<Meta>;
  } catch (error) {
    throw new DamagedCheckpointError(`${path}: unreadable checkpoint header (${(error as Error).message})`);
  }
  const arrays = header.arrays.map((entry) => {
    const start = dataStart + entry.offset * 4;
    const end = start + entry.length * 4;
    if (end > buffer.length) throw new DamagedCheckpointError(`${path}: checkpoint is truncated (array ${entry.name})`);
    const values = new Float32Array(entry.length);
    Buffer.from(values.buffer).set(buffer.subarray(start, end));
    return { name: entry.name, shape: entry.shape, values };
  });
  return { meta: header.meta, arrays, sha256 };
}
