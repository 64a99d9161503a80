import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataProblem, DatasetItem } from '../dataset';
import { DatasetError } from '../dataset';

export const imageExtensions = /\.(jpe?g|png)$/i;

/** A folder per identity: `root/<identity>/*.jpg|jpeg|png`; the folder name is the identity. */
export function loadFolderDataset(root: string): { items: DatasetItem[]; problems: DataProblem[] } {
  const path = resolve(root);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new DatasetError(path, `dataset folder not found: ${path}`);
  const items: DatasetItem[] = [];
  const problems: DataProblem[] = [];
  const identities = readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  for (const identity of identities) {
    const folder = join(path, identity);
    const photos = readdirSync(folder)
      .filter((name) => imageExtensions.test(name) && !name.startsWith('.'))
      .sort();
    if (photos.length === 0) problems.push({ path: folder, line: null, problem: 'identity folder holds no .jpg, .jpeg or .png image' });
    for (const name of photos) items.push({ path: join(folder, name), identity });
  }
  if (identities.length === 0) throw new DatasetError(path, `no identity folders in ${path} (expected ${path}/<identity>/*.jpg)`);
  return { items, problems };
}
