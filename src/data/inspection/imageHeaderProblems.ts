import sharp from 'sharp';
import type { DataProblem } from '../dataset';
import { parseVirtualPath } from '../imageSource';

/** Runs `check` over the paths, `concurrency` at a time; the problems found, sorted by path. */
async function collectProblems(paths: readonly string[], concurrency: number, check: (path: string) => Promise<void>): Promise<DataProblem[]> {
  const problems: DataProblem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      try {
        await check(path);
      } catch (error) {
        problems.push({ path, line: null, problem: `cannot decode image: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Reads only each image file's header (format, size; sharp's metadata) and lists the files that
 * are no image sharp can open, e.g. a `.jpg` holding text. Fast: the pixels are never decoded,
 * so a file cut short after its header passes here (a full decode finds it). Items inside an
 * IDX file are not separate files and are skipped.
 */
export function imageHeaderProblems(paths: readonly string[], concurrency = 4): Promise<DataProblem[]> {
  const files = paths.filter((path) => parseVirtualPath(path) === null);
  return collectProblems(files, concurrency, async (path) => {
    const metadata = await sharp(path).metadata();
    if (!metadata.width || !metadata.height) throw new Error(`no image size in the header (${metadata.format ?? 'unknown format'})`);
  });
}

/** Decodes every image in full (a tiny output size, `decode` per item) and lists those that fail. */
export function imageDecodeProblems(paths: readonly string[], decode: (path: string) => Promise<unknown>, concurrency = 2): Promise<DataProblem[]> {
  return collectProblems(paths, concurrency, async (path) => {
    await decode(path);
  });
}
