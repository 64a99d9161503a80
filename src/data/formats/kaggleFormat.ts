import type { DataProblem, DatasetItem } from '../dataset';
import { readCsvImageList } from './csvImageList';

/** Kaggle "Humpback Whale Identification": train.csv with `Image,Id`, JPEGs in train/ beside it (or the same folder). */
export function loadKaggleDataset(root: string): { items: DatasetItem[]; problems: DataProblem[] } {
  return readCsvImageList(root, { imageColumn: 'image', identityColumn: 'id', imageFolders: ['train'] });
}
