/**
 * The photos to identify: every .jpg/.jpeg/.png in a folder (sorted by name), or the `Image`
 * column of a CSV file (Kaggle's sample_submission.csv), resolved against the CSV's folder.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { readCsvTable } from './csv/readCsvTable';
import { DatasetError, type DataProblem } from './dataset';
import { imageExtensions } from './formats/folderFormat';

export interface PhotoToIdentify {
  /** As the submission names it: the file name, or the CSV's value. */
  name: string;
  path: string;
}

export function readPhotoList(source: string): { photos: PhotoToIdentify[]; problems: DataProblem[] } {
  const path = resolve(source);
  if (!existsSync(path)) throw new DatasetError(path, `--images ${path}: no such folder or CSV file`);
  if (statSync(path).isDirectory()) {
    const photos = readdirSync(path)
      .filter((name) => imageExtensions.test(name) && !name.startsWith('.'))
      .sort()
      .map((name) => ({ name, path: join(path, name) }));
    if (photos.length === 0) throw new DatasetError(path, `--images ${path}: the folder holds no .jpg, .jpeg or .png image`);
    return { photos, problems: [] };
  }
  const { records, problems } = readCsvTable(path, ['Image']);
  const photos = records.map((record) => {
    const name = record.values.Image!;
    return { name: isAbsolute(name) ? basename(name) : name, path: isAbsolute(name) ? name : join(dirname(path), name) };
  });
  return { photos, problems };
}
