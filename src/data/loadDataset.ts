import { resolve } from 'node:path';
import type { DataConfig } from '../protocol/experiment';
import type { ConcreteDatasetFormat, DataProblem, DatasetItem, LoadedDataset } from './dataset';
import { detectFormat } from './formats/detectFormat';
import { loadFashionMnistDataset } from './formats/fashionMnistFormat';
import { loadFolderDataset } from './formats/folderFormat';
import { loadHappywhaleDataset } from './formats/happywhaleFormat';
import { loadKaggleDataset } from './formats/kaggleFormat';

const loaders: Record<ConcreteDatasetFormat, (root: string) => { items: DatasetItem[]; problems: DataProblem[] }> = {
  kaggle: loadKaggleDataset,
  happywhale: loadHappywhaleDataset,
  folders: loadFolderDataset,
  'fashion-mnist': loadFashionMnistDataset,
};

/**
 * Reads the item list of a dataset (no pixels: the image cache decodes them). The path is
 * relative to `baseDir` (the experiment file's folder) unless absolute; `format: "auto"` is
 * told from what is on disk; `limit` keeps the first items in file order.
 */
export async function loadDataset(config: Pick<DataConfig, 'path' | 'format' | 'limit'>, baseDir: string): Promise<LoadedDataset> {
  const root = resolve(baseDir, config.path);
  const format = config.format === 'auto' ? detectFormat(root) : config.format;
  const { items, problems } = loaders[format](root);
  return {
    format,
    root,
    items: config.limit === null || config.limit === undefined ? items : items.slice(0, Math.max(0, config.limit)),
    problems,
  };
}
