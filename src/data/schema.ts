// The data section of a run's configuration: which source, its options and their defaults (the
// one place they are defaulted; the loaders parse their options through these). Objects are
// strict, so a misspelt option is an error instead of being silently ignored. No loaders here:
// the browser imports this file.
import { z } from 'zod';

export const TOY_NAMES = ['gaussian1d', 'bimodal1d', 'ring', 'grid', 'spiral', 'moons'] as const;
export type ToyName = (typeof TOY_NAMES)[number];

const positiveInt = z.number().int().positive();

export const mnistSourceSchema = z.strictObject({
  source: z.enum(['mnist', 'fashion-mnist']),
  /** The test split is held out per class (see mnist.ts). */
  split: z.enum(['train', 'test', 'all']).default('train'),
  classes: z.array(z.number().int().min(0).max(9)).min(1).optional(),
  limit: positiveInt.optional(),
});

export const folderSourceSchema = z.strictObject({
  source: z.literal('folder'),
  path: z.string().min(1),
  /** Square side or [height, width] every image is resized to. */
  size: z.union([positiveInt, z.tuple([positiveInt, positiveInt])]).default(64),
  /** 1 for grayscale, 3 for RGB. */
  channels: z.union([z.literal(1), z.literal(3)]).default(3),
});

export const toySourceSchema = z.strictObject({
  source: z.literal('toy'),
  name: z.enum(TOY_NAMES),
  /** 1-D toys only: another distribution, e.g. "normal(0, 2)" or "mixture(0.5*normal(-1, 0.2) + 0.5*normal(1, 0.2))". */
  distribution: z.string().min(1).optional(),
  /** Points in the fixed sample drawn from the distribution. */
  count: positiveInt.default(50000),
  /** Seed of that sample (0 for every run: the same data whatever the run's seed). */
  seed: z.number().int().min(0).default(0),
});

export const csvSourceSchema = z.strictObject({
  source: z.literal('csv'),
  path: z.string().min(1),
  labelColumn: z.string().min(1).optional(),
  columns: z.array(z.string().min(1)).min(1).optional(),
});

export const dataSpecSchema = z.discriminatedUnion('source', [mnistSourceSchema, folderSourceSchema, toySourceSchema, csvSourceSchema]);

/** A data section as written (defaults may be left out). */
export type DataSpec = z.input<typeof dataSpecSchema>;

/** A source's options as a loader takes them: the section without its source (and path or name). */
export type SourceOptions<S extends z.ZodType> = Omit<z.input<S>, 'source' | 'path' | 'name'>;
