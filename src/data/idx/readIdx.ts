import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** An IDX array (the MNIST file format) of unsigned bytes: its dimensions and its values, row-major. */
export interface IdxArray {
  dimensions: number[];
  data: Uint8Array;
}

/**
 * Parses an IDX file, gzipped or not (told by the gzip magic bytes). Only the unsigned-byte
 * type (0x08) is accepted: it is what image and label files use.
 */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) throw new Error(`${file}: not an IDX file (bad magic number)`);
  if (raw[2] !== 0x08) throw new Error(`${file}: IDX value type 0x${raw[2]!.toString(16)} is not unsigned byte (0x08)`);
  const rank = raw[3]!;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.length < 4 + 4 * rank) throw new Error(`${file}: IDX header cut short`);
  const dimensions = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dimensions.reduce((product, size) => product * size, 1);
  const start = 4 + 4 * rank;
  if (raw.length < start + count) {
    throw new Error(`${file}: IDX data cut short (${raw.length - start} bytes, dimensions ${dimensions.join('x')} need ${count})`);
  }
  return { dimensions, data: raw.subarray(start, start + count) };
}

export function readIdxFile(file: string): IdxArray {
  return parseIdx(readFileSync(file), file);
}
