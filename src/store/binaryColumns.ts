/** Typed arrays as SQLite BLOBs (native byte order, little-endian on every supported machine). */

export function int32Blob(values: ArrayLike<number>): Buffer {
  const array = values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

export function float32Blob(values: ArrayLike<number>): Buffer {
  const array = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** A view when the Buffer from SQLite is 4-byte aligned, else a copy. */
export function int32FromBlob(blob: Buffer): Int32Array {
  if (blob.byteOffset % 4 === 0) return new Int32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Int32Array(copy.buffer);
}

/** As a plain array (what JSON-RPC sends); a counted loop, several times faster than Array.from. */
export function numbersFromInt32Blob(blob: Buffer): number[] {
  const view = int32FromBlob(blob);
  const numbers = new Array<number>(view.length);
  for (let i = 0; i < view.length; i++) numbers[i] = view[i]!;
  return numbers;
}

export function float32FromBlob(blob: Buffer): Float32Array {
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}
