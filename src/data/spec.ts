// The data section of a run's configuration: which source, and its options. Objects are strict,
// so a misspelt option is an error instead of being silently ignored.
import { z } from 'zod';
import { loadCsv } from './csv.ts';
import type { Dataset } from './dataset.ts';
import { loadImageFolder } from './image_folder.ts';
import { loadMnist } from './mnist.ts';
import { loadToy, TOY_NAMES } from './toy.ts';

const positiveInt = z.number().int().positive();

export const dataSpecSchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.enum(['mnist', 'fashion-mnist']),
    /** Default 'train'; the test split is held out per class (see mnist.ts). */
    split: z.enum(['train', 'test', 'all']).optional(),
    classes: z.array(z.number().int().min(0).max(9)).min(1).optional(),
    limit: positiveInt.optional(),
  }),
  z.strictObject({
    source: z.literal('folder'),
    path: z.string().min(1),
    /** Square side or [height, width]; default 64. */
    size: z.union([positiveInt, z.tuple([positiveInt, positiveInt])]).optional(),
    /** Default 3 (RGB). */
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
  }),
  z.strictObject({
    source: z.literal('toy'),
    name: z.enum(TOY_NAMES),
    /** 1-D toys only: another distribution, e.g. "normal(0, 2)" or "mixture(0.5*normal(-1, 0.2) + 0.5*normal(1, 0.2))". */
    distribution: z.string().min(1).optional(),
    /** Points in the fixed sample drawn from the distribution (default 50000). */
    count: positiveInt.optional(),
    /** Seed of that sample (default 0: the same data for every run). */
    seed: z.number().int().min(0).optional(),
  }),
  z.strictObject({
    source: z.literal('csv'),
    path: z.string().min(1),
    labelColumn: z.string().min(1).optional(),
    columns: z.array(z.string().min(1)).min(1).optional(),
  }),
]);

export type DataSpec = z.infer<typeof dataSpecSchema>;

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
