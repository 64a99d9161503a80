import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConcreteDatasetFormat } from '../dataset';
import { DatasetError } from '../dataset';
import { readCsvHeader } from '../csv/readCsvTable';
import { csvFileOf } from './csvImageList';
import { fashionMnistFile } from './fashionMnistFormat';
import { imageExtensions } from './folderFormat';

/** Tells the format of a dataset from what is on disk: the CSV header, IDX files, or identity folders. */
export function detectFormat(root: string): ConcreteDatasetFormat {
  const path = resolve(root);
  if (!existsSync(path)) throw new DatasetError(path, `dataset path not found: ${path}`);
  const isFile = statSync(path).isFile();
  if (isFile || existsSync(join(path, 'train.csv'))) {
    const csv = csvFileOf(path);
    const header = readCsvHeader(csv);
    if (header.includes('individual_id') && header.includes('image')) return 'happywhale';
    if (header.includes('image') && header.includes('id')) return 'kaggle';
    throw new DatasetError(
      csv,
      `${csv}:1: unknown CSV columns "${header.join(',')}" (Kaggle needs Image,Id; Happywhale needs image,species,individual_id)`,
    );
  }
  if (fashionMnistFile(path, 'train', 'images') || fashionMnistFile(path, 't10k', 'images')) return 'fashion-mnist';
  const hasIdentityFolder = readdirSync(path, { withFileTypes: true }).some(
    (entry) => entry.isDirectory() && readdirSync(join(path, entry.name)).some((name) => imageExtensions.test(name)),
  );
  if (hasIdentityFolder) return 'folders';
  throw new DatasetError(
    path,
    `cannot tell the dataset format of ${path}: no train.csv, no Fashion-MNIST IDX files, no <identity>/ folders with images (set data.format)`,
  );
}
