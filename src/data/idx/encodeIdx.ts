/** Encodes unsigned bytes as an IDX file (magic 0 0 8 rank, big-endian dimensions, values): fixtures and exports of small sets. */
export function encodeIdx(dimensions: number[], values: ArrayLike<number>): Buffer {
  const count = dimensions.reduce((product, size) => product * size, 1);
  if (values.length !== count) throw new Error(`encodeIdx: ${values.length} values for dimensions ${dimensions.join('x')}`);
  const header = Buffer.alloc(4 + 4 * dimensions.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(dimensions.length, 3);
  dimensions.forEach((size, i) => header.writeUInt32BE(size, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(Array.from(values))]);
}
