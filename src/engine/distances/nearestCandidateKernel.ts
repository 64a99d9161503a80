/**
 * A WebAssembly SIMD kernel for the inner loop of exact nearest-neighbour search, assembled
 * here from opcodes (no build step, no binary blob). JavaScript numbers cannot use SIMD; this
 * kernel runs the dot products 4 float lanes at a time, about 4x the plain-JS loop.
 *
 * tile(queryBase, galleryBase, normBase, thresholdBase, outBase, rowBytes, q0, q1, g0, g1):
 * for query rows q0..q1 (a multiple of 4 apart) and gallery rows g0..g1 (a multiple of 2 apart),
 * rows of rowBytes bytes (a multiple of 16) of f32, it computes score = |g|^2 - 2 q.g and writes
 * each (query row i32, gallery row i32, score f32) with score <= threshold[query] to outBase,
 * 12 bytes each; it returns how many. All bases are byte offsets into the imported memory.
 */

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function name(text: string): number[] {
  return [...unsignedLeb(text.length), ...Array.from(text, (char) => char.charCodeAt(0))];
}

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

// Locals: the 10 i32 parameters, then the declared ones below.
const [queryBase, galleryBase, normBase, thresholdBase, outBase, rowBytes, q0, q1, g0, g1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const query = 10, gallery = 11, column = 12, count = 13, address = 14;
const queryRow = [15, 16, 17, 18];
const galleryRow = [19, 20];
const sum = 21, score = 22;
const accumulator = (i: number, j: number) => 23 + i * 2 + j;
const x = [31, 32];
const y = 33;

const get = (local: number) => [0x20, ...unsignedLeb(local)];
const set = (local: number) => [0x21, ...unsignedLeb(local)];
const tee = (local: number) => [0x22, ...unsignedLeb(local)];
const i32 = (value: number) => [0x41, ...signedLeb(value)];
const simd = (opcode: number, ...rest: number[]) => [0xfd, ...unsignedLeb(opcode), ...rest];
const op = {
  i32Add: 0x6a, i32Mul: 0x6c, i32Shl: 0x74, i32LtU: 0x49,
  f32Add: 0x92, f32Sub: 0x93, f32Le: 0x5f,
  loop: [0x03, 0x40], if: [0x04, 0x40], end: 0x0b, brIf: 0x0d,
};
const v128Load = simd(0x00, 4, 0);
const f32x4Add = simd(0xe4);
const f32x4Mul = simd(0xe6);
const v128Zero = simd(0x0c, ...new Array<number>(16).fill(0));
const f32Load = [0x2a, 2, 0];
const i32Store = (offset: number) => [0x36, 2, offset];
const f32Store = (offset: number) => [0x38, 2, offset];
/** local <- local + step; continue the enclosing loop while local < limit. */
const continueWhile = (local: number, step: number[], limit: number) => [...get(local), ...step, op.i32Add, ...tee(local), ...get(limit), op.i32LtU, op.brIf, 0];

function tileBody(): number[] {
  const code: number[] = [];
  code.push(...i32(0), ...set(count));
  code.push(...get(q0), ...set(query));
  code.push(...op.loop);
  // Addresses of the 4 query rows.
  code.push(...get(query), ...get(rowBytes), op.i32Mul, ...get(queryBase), op.i32Add, ...set(queryRow[0]!));
  for (let i = 1; i < 4; i++) code.push(...get(queryRow[i - 1]!), ...get(rowBytes), op.i32Add, ...set(queryRow[i]!));
  code.push(...get(g0), ...set(gallery));
  code.push(...op.loop);
  code.push(...get(gallery), ...get(rowBytes), op.i32Mul, ...get(galleryBase), op.i32Add, ...set(galleryRow[0]!));
  code.push(...get(galleryRow[0]!), ...get(rowBytes), op.i32Add, ...set(galleryRow[1]!));
  for (let i = 0; i < 4; i++) for (let j = 0; j < 2; j++) code.push(...v128Zero, ...set(accumulator(i, j)));
  code.push(...i32(0), ...set(column));
  code.push(...op.loop);
  for (let j = 0; j < 2; j++) code.push(...get(galleryRow[j]!), ...get(column), op.i32Add, ...v128Load, ...set(x[j]!));
  for (let i = 0; i < 4; i++) {
    code.push(...get(queryRow[i]!), ...get(column), op.i32Add, ...v128Load, ...set(y));
    for (let j = 0; j < 2; j++) code.push(...get(accumulator(i, j)), ...get(y), ...get(x[j]!), ...f32x4Mul, ...f32x4Add, ...set(accumulator(i, j)));
  }
  code.push(...continueWhile(column, i32(16), rowBytes), op.end);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 2; j++) {
      const lanes = accumulator(i, j);
      code.push(...get(lanes), ...simd(0x1f, 0));
      for (let lane = 1; lane < 4; lane++) code.push(...get(lanes), ...simd(0x1f, lane), op.f32Add);
      code.push(...set(sum));
      // score = |g|^2 - 2 s
      code.push(...get(normBase), ...get(gallery), ...i32(j), op.i32Add, ...i32(2), op.i32Shl, op.i32Add, ...f32Load);
      code.push(...get(sum), ...get(sum), op.f32Add, op.f32Sub, ...tee(score));
      code.push(...get(thresholdBase), ...get(query), ...i32(i), op.i32Add, ...i32(2), op.i32Shl, op.i32Add, ...f32Load, op.f32Le);
      code.push(...op.if);
      code.push(...get(outBase), ...get(count), ...i32(12), op.i32Mul, op.i32Add, ...set(address));
      code.push(...get(address), ...get(query), ...i32(i), op.i32Add, ...i32Store(0));
      code.push(...get(address), ...get(gallery), ...i32(j), op.i32Add, ...i32Store(4));
      code.push(...get(address), ...get(score), ...f32Store(8));
      code.push(...get(count), ...i32(1), op.i32Add, ...set(count));
      code.push(op.end);
    }
  }
  code.push(...continueWhile(gallery, i32(2), g1), op.end);
  code.push(...continueWhile(query, i32(4), q1), op.end);
  code.push(...get(count), op.end);
  return code;
}

function moduleBytes(): Uint8Array {
  const type = section(1, [1, 0x60, 10, ...new Array<number>(10).fill(I32), 1, I32]);
  // A shared memory (limits flag 3: min 1 page, max 65536 pages) so that worker threads can share it.
  const imports = section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x03, 1, ...unsignedLeb(65536)]);
  const functions = section(3, [1, 0]);
  const exports = section(7, [1, ...name('tile'), 0x00, 0]);
  const locals = [3, ...unsignedLeb(11), I32, 2, F32, ...unsignedLeb(11), V128];
  const body = [...locals, ...tileBody()];
  const code = section(10, [1, ...unsignedLeb(body.length), ...body]);
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imports, ...functions, ...exports, ...code]);
}

export type TileFunction = (
  queryBase: number, galleryBase: number, normBase: number, thresholdBase: number, outBase: number,
  rowBytes: number, q0: number, q1: number, g0: number, g1: number,
) => number;

// The WebAssembly global exists in Node, but the project's type libraries (ES2022 + Node) do
// not declare it; these are the few members used.
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => KernelMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** A shared WebAssembly memory; worker threads receive it (and the module) to run tiles on it. */
export interface KernelMemory {
  readonly buffer: SharedArrayBuffer;
}

let compiled: object | null = null;

/** The compiled kernel module (compiled once per process). */
export function nearestCandidateModule(): object {
  compiled ??= new webAssembly.Module(moduleBytes());
  return compiled;
}

/** A zeroed shared memory of at least `bytes` bytes. */
export function kernelMemory(bytes: number): KernelMemory {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (pages > 65536) throw new Error(`nearest-neighbour search needs ${bytes} bytes, over the 4 GiB WebAssembly limit`);
  return new webAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

/** The tile function of `module` bound to `memory`. */
export function bindKernel(module: object, memory: KernelMemory): TileFunction {
  return new webAssembly.Instance(module, { env: { memory } }).exports['tile'] as TileFunction;
}
