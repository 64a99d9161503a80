/** Typed arrays as SQLite BLOBs (native byte order, little-endian on every supported machine). */

export function int32Blob(values: ArrayLike<number>): Buffer {
  const array = values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

export function float32Blob(values: ArrayLike<number>): Buffer {
  const array = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** Copies, because a Buffer from SQLite need not be 4-byte aligned. */
export function int32FromBlob(blob: Buffer): Int32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Int32Array(copy.buffer);
}

export function float32FromBlob(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}
