import type { DataProblem, DatasetItem } from '../dataset';
import { readCsvImageList } from './csvImageList';

/** Happywhale: train.csv with `image,species,individual_id`; the identity is the individual. */
export function loadHappywhaleDataset(root: string): { items: DatasetItem[]; problems: DataProblem[] } {
  return readCsvImageList(root, { imageColumn: 'image', identityColumn: 'individual_id', imageFolders: ['train_images', 'train'] });
}
