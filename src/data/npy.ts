import { readFileSync, writeFileSync } from 'node:fs';

/**
 * NumPy .npy files (format versions 1-3): little-endian numbers and booleans, C order.
 * Enough to hand embeddings and labels between fluke and Python.
 */
export type NpyValues = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

export interface NpyArray {
  /** NumPy dtype string as stored, e.g. "<f4". */
  descr: string;
  shape: number[];
  values: NpyValues;
}

const magic = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

const constructors: Record<string, { bytes: number; make: (buffer: ArrayBuffer, length: number) => NpyValues }> = {
  f4: { bytes: 4, make: (b, n) => new Float32Array(b, 0, n) },
  f8: { bytes: 8, make: (b, n) => new Float64Array(b, 0, n) },
  i1: { bytes: 1, make: (b, n) => new Int8Array(b, 0, n) },
  u1: { bytes: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  b1: { bytes: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  i2: { bytes: 2, make: (b, n) => new Int16Array(b, 0, n) },
  u2: { bytes: 2, make: (b, n) => new Uint16Array(b, 0, n) },
  i4: { bytes: 4, make: (b, n) => new Int32Array(b, 0, n) },
  u4: { bytes: 4, make: (b, n) => new Uint32Array(b, 0, n) },
  i8: { bytes: 8, make: (b, n) => new BigInt64Array(b, 0, n) },
  u8: { bytes: 8, make: (b, n) => new BigUint64Array(b, 0, n) },
};

export class NpyError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'NpyError';
  }
}

function headerField(header: string, name: string): string | null {
  const match = new RegExp(`['"]${name}['"]\\s*:\\s*('[^']*'|"[^"]*"|True|False|\\([^)]*\\))`).exec(header);
  return match ? match[1]! : null;
}

/** Parses .npy bytes; `path` only names the source in errors. */
export function parseNpy(bytes: Buffer, path: string): NpyArray {
  if (bytes.length < 10 || !bytes.subarray(0, 6).equals(magic)) throw new NpyError(path, 'not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new NpyError(path, `unsupported .npy format version ${major}`);
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLength > bytes.length) throw new NpyError(path, 'truncated .npy header');
  const header = bytes.subarray(headerStart, headerStart + headerLength).toString(major === 3 ? 'utf8' : 'latin1');
  const descrField = headerField(header, 'descr');
  const fortran = headerField(header, 'fortran_order');
  const shapeField = headerField(header, 'shape');
  if (!descrField || !fortran || !shapeField) throw new NpyError(path, `malformed .npy header: ${header.trim()}`);
  const descr = descrField.slice(1, -1);
  if (fortran === 'True') throw new NpyError(path, 'Fortran-ordered arrays are not supported (save with np.ascontiguousarray)');
  const shape = shapeField
    .slice(1, -1)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  if (shape.some((dimension) => !Number.isInteger(dimension) || dimension < 0)) throw new NpyError(path, `malformed shape ${shapeField}`);
  const order = descr[0];
  const kind = descr.slice(1);
  const type = constructors[kind];
  if (!type || (order === '>' && type.bytes > 1) || !['<', '|', '='].includes(order ?? '')) {
    throw new NpyError(path, `unsupported dtype ${descr} (supported: little-endian float32/64, int8-64, uint8-64, bool)`);
  }
  const count = shape.reduce((product, dimension) => product * dimension, 1);
  const dataStart = headerStart + headerLength;
  const byteLength = count * type.bytes;
  if (bytes.length - dataStart < byteLength) {
    throw new NpyError(path, `truncated data: shape (${shape.join(', ')}) of ${descr} needs ${byteLength} bytes, the file has ${bytes.length - dataStart}`);
  }
  const copy = new ArrayBuffer(byteLength);
  new Uint8Array(copy).set(bytes.subarray(dataStart, dataStart + byteLength));
  return { descr, shape, values: type.make(copy, count) };
}

export function readNpy(path: string): NpyArray {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new NpyError(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  return parseNpy(bytes, path);
}

/** Writes a C-order little-endian .npy (format 1.0) of float32 or int32 values. */
export function writeNpy(path: string, shape: number[], values: Float32Array | Int32Array): void {
  const descr = values instanceof Float32Array ? '<f4' : '<i4';
  const count = shape.reduce((product, dimension) => product * dimension, 1);
  if (count !== values.length) throw new Error(`writeNpy ${path}: shape (${shape.join(', ')}) holds ${count} values, got ${values.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad so the data starts on a 64-byte boundary, ending the header with a newline.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  magic.copy(prefix, 0);
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(values.buffer, values.byteOffset, values.byteLength)]));
}

/** Values as float32 (embeddings); integers and float64 are converted. */
export function npyAsFloat32(array: NpyArray): Float32Array {
  if (array.values instanceof Float32Array) return array.values;
  if (array.values instanceof BigInt64Array || array.values instanceof BigUint64Array) return Float32Array.from(array.values, (value) => Number(value));
  return Float32Array.from(array.values as ArrayLike<number>);
}
