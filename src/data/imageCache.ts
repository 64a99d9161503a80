import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { DataProblem, DatasetItem } from './dataset';
import type { ImageSize } from './imageSource';
import { ImageSource, statItem } from './imageSource';

export type { ImageSize } from './imageSource';

const packMagic = 'FLUKPAK1';
/** Parallel decodes: the training machines have 2 cores. */
const decodeConcurrency = 2;

interface PackEntry {
  path: string;
  size: number;
  mtimeMs: number;
  /** Null when the image decoded; the error text when it could not be read (its pixels are zeros). */
  problem: string | null;
}

interface PackHeader {
  height: number;
  width: number;
  channels: number;
  fit: string;
  entries: PackEntry[];
}

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

function commonFolder(paths: string[]): string {
  if (paths.length === 0) return '';
  let common = dirname(paths[0]!);
  for (const path of paths) {
    while (common && !(path === common || path.startsWith(common.endsWith(sep) ? common : common + sep))) {
      const parent = dirname(common);
      if (parent === common) return parent;
      common = parent;
    }
  }
  return common;
}

interface PackRead {
  /** Where an image's pixels are in the pack file, and where they go in the output. */
  offset: number;
  target: number;
}

const readChunkBytes = 16 * 1024 * 1024;
const largestGapBytes = 256 * 1024;

/**
 * Copies images from the pack into `pixels`. Reads are sorted by file offset and merged into
 * runs of up to 16 MiB (skipping gaps under 256 KiB), so a whole dataset costs a few large
 * reads instead of one system call per image. A run whose images lie back to back in both the
 * pack and the output (items in pack order, the usual case) is read straight into `pixels`.
 */
function readPackPixels(fd: number, reads: PackRead[], imageBytes: number, pixels: Uint8Array): void {
  reads.sort((a, b) => a.offset - b.offset);
  let buffer: Buffer | null = null;
  let first = 0;
  while (first < reads.length) {
    const start = reads[first]!.offset;
    let last = first;
    let contiguous = true;
    while (
      last + 1 < reads.length &&
      reads[last + 1]!.offset + imageBytes - start <= readChunkBytes &&
      reads[last + 1]!.offset - (reads[last]!.offset + imageBytes) < largestGapBytes
    ) {
      contiguous &&= reads[last + 1]!.offset === reads[last]!.offset + imageBytes && reads[last + 1]!.target === reads[last]!.target + imageBytes;
      last++;
    }
    const length = reads[last]!.offset + imageBytes - start;
    if (contiguous) {
      readFully(fd, pixels, reads[first]!.target, length, start);
    } else {
      // A run spans its gaps too, so it can need more room than its images alone (at most 16 MiB, or one image).
      if (buffer === null || buffer.length < length) buffer = Buffer.allocUnsafe(length);
      readFully(fd, buffer, 0, length, start);
      for (let i = first; i <= last; i++) {
        const from = reads[i]!.offset - start;
        pixels.set(buffer.subarray(from, from + imageBytes), reads[i]!.target);
      }
    }
    first = last + 1;
  }
}

/** readSync until `length` bytes are in, or an error naming the shortfall (a pack cut short). */
function readFully(fd: number, target: Uint8Array, at: number, length: number, position: number): void {
  for (let done = 0; done < length; ) {
    const got = readSync(fd, target, at + done, length - done, position + done);
    if (got === 0) throw new Error(`image cache pack ends ${length - done} bytes early`);
    done += got;
  }
}

async function forEachLimited<T>(list: T[], concurrency: number, work: (value: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const index = next++;
      await work(list[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
}

/**
 * Decodes and resizes images once, into a packed file per (folder of the items, size): a JSON
 * index (path, file size, mtime, problem) followed by every image's raw pixels. A later load
 * reads pixels straight from the pack; only items whose file is new or changed are decoded
 * again, and the pack is rewritten with them.
 */
export class ImageCache {
  private readonly source = new ImageSource();

  constructor(readonly cacheDir: string) {}

  /** The pack file used for these items at this size. */
  packPath(items: DatasetItem[], size: ImageSize): string {
    const key = `${commonFolder(items.map((item) => item.path))}|${size.height}x${size.width}x${size.channels}|${size.fit}`;
    return join(this.cacheDir, `images-${size.width}x${size.height}x${size.channels}-${size.fit}-${hashOf(key)}.pack`);
  }

  /** Decoded, resized pixels of every item, N*H*W*C uint8 row-major; unreadable items are zero-filled, ok[i] false, and listed in problems. */
  async load(items: DatasetItem[], size: ImageSize): Promise<{ pixels: Uint8Array; ok: boolean[]; problems: DataProblem[] }> {
    const imageBytes = size.height * size.width * size.channels;
    const pixels = new Uint8Array(items.length * imageBytes);
    const ok = new Array<boolean>(items.length).fill(false);
    const entries: PackEntry[] = new Array(items.length);
    const packFile = this.packPath(items, size);
    const pack = this.openPack(packFile, size);
    const toDecode: number[] = [];
    const reads: PackRead[] = [];
    try {
      // A path listed more than once (oversampling) is looked at once.
      const statsOf = new Map<string, { size: number; mtimeMs: number } | null>();
      const statOnce = (path: string) => {
        if (!statsOf.has(path)) {
          try {
            statsOf.set(path, statItem(path));
          } catch {
            statsOf.set(path, null);
          }
        }
        return statsOf.get(path)!;
      };
      items.forEach((item, index) => {
        const stats = statOnce(item.path);
        if (stats === null) {
          entries[index] = { path: item.path, size: -1, mtimeMs: -1, problem: 'file not found' };
          return;
        }
        const cached = pack?.byPath.get(item.path);
        if (cached && cached.entry.size === stats.size && cached.entry.mtimeMs === stats.mtimeMs) {
          entries[index] = cached.entry;
          if (cached.entry.problem === null) {
            reads.push({ offset: cached.offset, target: index * imageBytes });
            ok[index] = true;
          }
        } else {
          entries[index] = { path: item.path, size: stats.size, mtimeMs: stats.mtimeMs, problem: null };
          toDecode.push(index);
        }
      });
      if (pack) readPackPixels(pack.fd, reads, imageBytes, pixels);
      await forEachLimited(toDecode, decodeConcurrency, async (index) => {
        try {
          pixels.set(await this.source.pixels(items[index]!.path, size), index * imageBytes);
          ok[index] = true;
        } catch (error) {
          entries[index]!.problem = `cannot decode image: ${error instanceof Error ? error.message : String(error)}`;
        }
      });
      if (toDecode.length > 0) this.writePack(packFile, size, items, entries, pixels, pack);
    } finally {
      if (pack) closeSync(pack.fd);
    }
    const problems = entries.flatMap((entry, index) =>
      entry.problem === null ? [] : [{ path: items[index]!.path, line: null, problem: entry.problem }],
    );
    return { pixels, ok, problems };
  }

  /** A PNG thumbnail of a photo (same code path), cached; returns its path. */
  async thumbnail(path: string, width: number, height: number): Promise<string> {
    const stats = statItem(path);
    const file = join(this.cacheDir, 'thumbnails', `${hashOf(`${path}|${stats.size}|${stats.mtimeMs}|${width}x${height}`)}.png`);
    if (existsSync(file)) return file;
    mkdirSync(dirname(file), { recursive: true });
    const png = await (await this.source.resized(path, { width, height, channels: 3, fit: 'pad' })).png().toBuffer();
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, png);
    renameSync(temporary, file);
    return file;
  }

  private openPack(file: string, size: ImageSize): { fd: number; byPath: Map<string, { entry: PackEntry; offset: number }> } | null {
    if (!existsSync(file)) return null;
    const fd = openSync(file, 'r');
    try {
      const prefix = Buffer.alloc(12);
      readSync(fd, prefix, 0, 12, 0);
      if (prefix.toString('latin1', 0, 8) !== packMagic) throw new Error('bad magic');
      const headerLength = prefix.readUInt32LE(8);
      const headerBytes = Buffer.alloc(headerLength);
      readSync(fd, headerBytes, 0, headerLength, 12);
      const header = JSON.parse(headerBytes.toString('utf8')) as PackHeader;
      if (header.height !== size.height || header.width !== size.width || header.channels !== size.channels || header.fit !== size.fit) {
        throw new Error('size differs');
      }
      const imageBytes = size.height * size.width * size.channels;
      const byPath = new Map<string, { entry: PackEntry; offset: number }>();
      header.entries.forEach((entry, index) => byPath.set(entry.path, { entry, offset: 12 + headerLength + index * imageBytes }));
      return { fd, byPath };
    } catch {
      // An unreadable or foreign pack is rebuilt rather than trusted.
      closeSync(fd);
      return null;
    }
  }

  /** Writes the current items plus older entries still valid for other items, atomically (temp file + rename). */
  private writePack(
    file: string,
    size: ImageSize,
    items: DatasetItem[],
    entries: PackEntry[],
    pixels: Uint8Array,
    previous: { fd: number; byPath: Map<string, { entry: PackEntry; offset: number }> } | null,
  ): void {
    const imageBytes = size.height * size.width * size.channels;
    const current = new Set(items.map((item) => item.path));
    const kept = entries.filter((entry) => entry.size >= 0);
    const keptIndices = entries.flatMap((entry, index) => (entry.size >= 0 ? [index] : []));
    const carried = previous ? [...previous.byPath.values()].filter(({ entry }) => !current.has(entry.path)) : [];
    const header: PackHeader = {
      height: size.height,
      width: size.width,
      channels: size.channels,
      fit: size.fit,
      entries: [...kept, ...carried.map(({ entry }) => entry)],
    };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const prefix = Buffer.alloc(12);
    prefix.write(packMagic, 0, 'latin1');
    prefix.writeUInt32LE(headerBytes.length, 8);
    mkdirSync(this.cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, prefix);
      writeSync(fd, headerBytes);
      for (const index of keptIndices) writeSync(fd, pixels, index * imageBytes, imageBytes);
      const buffer = Buffer.alloc(imageBytes);
      for (const { offset } of carried) {
        readSync(previous!.fd, buffer, 0, imageBytes, offset);
        writeSync(fd, buffer);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  }
}
