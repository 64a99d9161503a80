import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { DataProblem, DatasetItem } from '../dataset';
import { DatasetError } from '../dataset';
import { readCsvTable } from '../csv/readCsvTable';
import { isInsideFolder } from '../isInsideFolder';

export interface CsvImageListSpec {
  /** Columns holding the image file name and the identity label. */
  imageColumn: string;
  identityColumn: string;
  /** Folders (relative to the CSV's folder) tried in order for the images; the CSV's own folder last. */
  imageFolders: string[];
}

/** The CSV file of a dataset given either the file itself or the folder that holds `train.csv`. */
export function csvFileOf(root: string): string {
  const path = resolve(root);
  if (!existsSync(path)) throw new DatasetError(path, `dataset path not found: ${path}`);
  if (statSync(path).isFile()) return path;
  const csv = join(path, 'train.csv');
  if (!existsSync(csv)) throw new DatasetError(csv, `no train.csv in ${path}`);
  return csv;
}

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * Reads a labelled image list (Kaggle and Happywhale formats): one item per CSV row whose image
 * exists. A photo listed twice (the first row wins) or a listed file that is missing is a
 * problem naming the line, never fatal; a row naming a file outside the image folder (an
 * absolute path, `../`) is fatal: such a list is not a dataset to train on unnoticed.
 */
export function readCsvImageList(root: string, spec: CsvImageListSpec): { items: DatasetItem[]; problems: DataProblem[] } {
  const csv = csvFileOf(root);
  const csvFolder = dirname(csv);
  const imageFolder = spec.imageFolders.map((name) => join(csvFolder, name)).find(isFolder) ?? csvFolder;
  const { records, problems } = readCsvTable(csv, [spec.imageColumn, spec.identityColumn]);
  const items: DatasetItem[] = [];
  const firstLine = new Map<string, number>();
  for (const record of records) {
    const listed = record.values[spec.imageColumn]!;
    const path = join(imageFolder, listed);
    if (isAbsolute(listed) || !isInsideFolder(imageFolder, path)) {
      throw new DatasetError(csv, `${csv}:${record.line}: image "${listed}" is outside the dataset's image folder ${imageFolder}; list images by their path inside it`);
    }
    const earlier = firstLine.get(path);
    if (earlier !== undefined) {
      problems.push({ path: csv, line: record.line, problem: `${record.values[spec.imageColumn]} is listed twice (first on line ${earlier}); this row is ignored` });
      continue;
    }
    firstLine.set(path, record.line);
    if (!existsSync(path)) {
      problems.push({ path: csv, line: record.line, problem: `listed image not found: ${path}` });
      continue;
    }
    items.push({ path, identity: record.values[spec.identityColumn]! });
  }
  return { items, problems };
}
