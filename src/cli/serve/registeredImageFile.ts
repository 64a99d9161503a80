import { closeSync, constants, fstatSync, openSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { flippedSuffix } from '../../data/flippedIdentities';
import { parseVirtualPath } from '../../data/imageSource';
import { isInsideFolder } from '../../data/isInsideFolder';
import { getRun } from '../../store/runs';
import type { Store } from '../../store/openStore';

/** Largest file a thumbnail is made from: well above a whale photo or Fashion-MNIST's 47 MB IDX file. */
export const maxImageFileBytes = 128 * 1024 * 1024;

/** Why an image is not shown. The message never says whether a path outside the dataset exists. */
export class ImageRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageRefusedError';
  }
}

/** The folder a run's images must come from: its config's data.path, resolved like the trainer does; a CSV file's folder. */
function datasetFolderOf(experimentPath: string, dataPath: string): string {
  const root = resolve(dirname(experimentPath), dataPath);
  try {
    return statSync(root).isFile() ? dirname(root) : root;
  } catch {
    return root;
  }
}

/** The file on disk behind an item path: the IDX file of `file#index`, the original of `path~flipped`. */
function fileBehind(itemPath: string): string {
  const original = itemPath.endsWith(flippedSuffix) ? itemPath.slice(0, -flippedSuffix.length) : itemPath;
  return parseVirtualPath(original)?.file ?? original;
}

/**
 * The item path of image `imageId` of run `runId`, checked before anything decodes it: the
 * store registered it for that run; it lies (string-wise, then after resolving symlinks)
 * inside the dataset folder the run's config names; the file behind it is a regular file
 * (no FIFO, device or folder; opened without following a final symlink and non-blocking,
 * so a FIFO cannot hang the server) of at most maxImageFileBytes. The database may come from
 * an untrusted workspace, so its paths are only followed this far; with `imagesUnder` (the
 * workspace folder, in Restricted Mode) the dataset folder itself must lie inside it.
 */
export function registeredImageFile(store: Store, runId: number, imageId: number, imagesUnder: string | null): string {
  const refused = (why: string) => new ImageRefusedError(`image ${imageId} of run ${runId}: ${why}`);
  const run = getRun(store, runId);
  if (!run) throw refused('no such run');
  const row = store.db.prepare('SELECT path FROM images WHERE id = ? AND run_id = ?').get(imageId, runId) as { path: string } | undefined;
  if (!row) throw refused('the run has no such image');
  const dataPath = run.config?.data?.path;
  if (typeof dataPath !== 'string') throw refused("the run's config names no data.path");
  const folder = datasetFolderOf(run.experimentPath, dataPath);
  // In Restricted Mode the run's config is as untrusted as its image paths: the dataset folder must be inside the workspace.
  if (imagesUnder !== null && !isInsideFolder(resolve(imagesUnder), folder)) throw refused(`the run's dataset folder is not inside ${resolve(imagesUnder)}`);
  const behind = fileBehind(row.path);
  if (!isAbsolute(behind)) throw refused('its path is not absolute');
  const file = resolve(behind);
  if (!isInsideFolder(folder, file)) throw refused(`its path is not inside the run's dataset folder ${folder}`);
  const unreadable = refused('not a readable regular file inside the dataset folder');
  let real: string;
  try {
    real = realpathSync(file);
    if (!isInsideFolder(realpathSync(folder), real)) throw unreadable;
    if (imagesUnder !== null && !isInsideFolder(realpathSync(imagesUnder), real)) throw unreadable;
  } catch {
    throw unreadable;
  }
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    throw unreadable;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw unreadable;
    if (stats.size > maxImageFileBytes) throw refused(`the file is larger than ${maxImageFileBytes / 1024 / 1024} MiB`);
  } finally {
    closeSync(fd);
  }
  // The checked file, with the item's `#index` / `~flipped` suffix kept.
  return real + row.path.slice(behind.length);
}
