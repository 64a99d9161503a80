import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataProblem, DatasetItem } from '../dataset';
import { DatasetError } from '../dataset';
import { readIdxFile } from '../idx/readIdx';

/** Fashion-MNIST's ten classes, in label order; they are the identities. */
export const fashionMnistClasses = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

const parts = ['train', 't10k'];

/** The images file of a part (`train`, `t10k`) in a folder, gzipped or not; null when absent. */
export function fashionMnistFile(folder: string, part: string, kind: 'images' | 'labels'): string | null {
  const base = join(folder, `${part}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte`);
  return [`${base}.gz`, base].find((file) => existsSync(file)) ?? null;
}

/**
 * Fashion-MNIST as Debian's dataset-fashion-mnist installs it (gzipped IDX files). Items are
 * virtual: `<images file>#<index>`, decoded from the IDX by the image cache. Both the train
 * and t10k parts are read (the split is by class, not by the file's own split).
 */
export function loadFashionMnistDataset(root: string): { items: DatasetItem[]; problems: DataProblem[] } {
  const folder = resolve(root);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new DatasetError(folder, `Fashion-MNIST folder not found: ${folder} (on Debian: apt-get install dataset-fashion-mnist)`);
  }
  const items: DatasetItem[] = [];
  const problems: DataProblem[] = [];
  let found = 0;
  for (const part of parts) {
    const images = fashionMnistFile(folder, part, 'images');
    const labelsFile = fashionMnistFile(folder, part, 'labels');
    if (!images || !labelsFile) continue;
    found++;
    const labels = readIdxFile(labelsFile);
    labels.data.forEach((label, index) => {
      const identity = fashionMnistClasses[label];
      if (identity === undefined) problems.push({ path: `${images}#${index}`, line: null, problem: `label ${label} is not a Fashion-MNIST class (0-9)` });
      else items.push({ path: `${images}#${index}`, identity });
    });
  }
  if (found === 0) throw new DatasetError(folder, `no Fashion-MNIST IDX files (train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]) in ${folder}`);
  return { items, problems };
}
