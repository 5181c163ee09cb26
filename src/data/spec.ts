// Loading the dataset a data section names.
import { loadCsv } from './csv.ts';
import type { Dataset } from './dataset.ts';
import { loadImageFolder } from './image_folder.ts';
import { loadMnist } from './mnist.ts';
import { loadToy } from './toy.ts';
import { dataSpecSchema, type DataSpec } from './schema.ts';

/** Validates `spec` and loads the dataset it names. */
export async function loadDataset(spec: DataSpec): Promise<Dataset> {
  const s = dataSpecSchema.parse(spec);
  switch (s.source) {
    case 'mnist':
    case 'fashion-mnist':
      return loadMnist(s.source, s);
    case 'folder':
      return loadImageFolder(s.path, s);
    case 'csv':
      return loadCsv(s.path, s);
    case 'toy':
      return loadToy(s.name, s);
  }
}
