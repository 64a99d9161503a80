/**
 * The checkpoint file: a JSON header (what to restore, and where each array lies) followed by
 * the raw float32 arrays, little-endian. Written to a temporary name and renamed, so a run
 * killed mid-write never leaves a truncated checkpoint behind.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

const magic = 'FLUKECKPT1';

interface Header<Meta> {
  meta: Meta;
  arrays: Array<{ name: string; shape: number[]; offset: number; length: number }>;
}

export function writeCheckpointFile<Meta>(path: string, contents: CheckpointFile<Meta>): void {
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
  // Pads the header so the float data starts 4-byte aligned.
  const prefixLength = magic.length + 4 + headerBytes.length;
  const padding = (4 - (prefixLength % 4)) % 4;
  const buffer = Buffer.alloc(prefixLength + padding + offset * 4);
  buffer.write(magic, 0, 'latin1');
  buffer.writeUInt32LE(headerBytes.length + padding, magic.length);
  headerBytes.copy(buffer, magic.length + 4);
  buffer.fill(0x20, prefixLength, prefixLength + padding);
  const dataStart = prefixLength + padding;
  for (const [index, array] of contents.arrays.entries()) {
    const entry = header.arrays[index]!;
    Buffer.from(array.values.buffer, array.values.byteOffset, array.values.byteLength).copy(buffer, dataStart + entry.offset * 4);
  }
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.partial`;
  writeFileSync(temporary, buffer);
  renameSync(temporary, path);
}

export function readCheckpointFile<Meta>(path: string): CheckpointFile<Meta> {
  const buffer = readFileSync(path);
  if (buffer.length < magic.length + 4 || buffer.toString('latin1', 0, magic.length) !== magic) {
    throw new Error(`${path} is not a Fluke checkpoint`);
  }
  const headerLength = buffer.readUInt32LE(magic.length);
  const dataStart = magic.length + 4 + headerLength;
  let header: Header<Meta>;
  try {
    header = JSON.parse(buffer.toString('utf8', magic.length + 4, dataStart)) as Header<Meta>;
  } catch (error) {
    throw new Error(`${path}: unreadable checkpoint header (${(error as Error).message})`);
  }
  const arrays = header.arrays.map((entry) => {
    const start = dataStart + entry.offset * 4;
    const end = start + entry.length * 4;
    if (end > buffer.length) throw new Error(`${path}: checkpoint is truncated (array ${entry.name})`);
    const values = new Float32Array(entry.length);
    Buffer.from(values.buffer).set(buffer.subarray(start, end));
    return { name: entry.name, shape: entry.shape, values };
  });
  return { meta: header.meta, arrays };
}
