// The sweep file: a base preset or config, the axes (any config path, as lists or ranges), grid or
// random search, and the metric the points are ranked by. Validated like a run config, so a bad
// field gets one sentence naming it.
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { describeIssue } from '../config/load.ts';

const value = z.union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.null()]);

/** min..max: evenly spaced (grid: `count` values) or drawn uniformly (random); `log` spaces the logarithm. */
const range = z.object({
  min: z.number(),
  max: z.number(),
  count: z.number().int().min(1).optional(),
  scale: z.enum(['linear', 'log']).default('linear'),
  /** Round to whole numbers (steps, batch sizes). */
  integer: z.boolean().default(false),
}).strict().refine((r) => r.max >= r.min, 'max must be at least min')
  .refine((r) => r.scale !== 'log' || r.min > 0, 'a log range needs min above 0');

export const sweepSpecSchema = z.object({
  name: z.string().regex(/^[\w.-]+$/, 'use letters, digits, ".", "_" and "-"'),
  /** A preset name or a config.json path, as `ganforge train` takes. */
  base: z.string().min(1),
  /** Config path ("loss.type", "train.gLr", "seed") to its values. */
  axes: z.record(z.string().regex(/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/, 'an axis is a dotted config path such as "train.gLr"'),
    z.union([z.array(value).min(1), range])).refine((a) => Object.keys(a).length > 0, 'name at least one axis'),
  /** Values every point takes (config path to value), e.g. a shorter train.steps for a screen. */
  fixed: z.record(z.string().regex(/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/, 'a fixed value is named by a dotted config path such as "train.steps"'), value).default({}),
  search: z.discriminatedUnion('type', [
    z.object({ type: z.literal('grid') }).strict(),
    z.object({ type: z.literal('random'), count: z.number().int().min(1), seed: z.number().int().min(0).default(0) }).strict(),
  ]).default({ type: 'grid' }),
  /** An eval.json metric (e.g. "fid", "high_quality"), and whether lower or higher is better. */
  metric: z.object({ name: z.string().min(1), goal: z.enum(['min', 'max']) }).strict(),
}).strict().superRefine((s, ctx) => {
  if (s.search.type !== 'grid') return;
  for (const [axis, v] of Object.entries(s.axes)) {
    if (!Array.isArray(v) && v.count === undefined) {
      ctx.addIssue({ code: 'custom', path: ['axes', axis, 'count'], message: 'a grid needs a count of values for each range' });
    }
  }
});

export type SweepSpec = z.infer<typeof sweepSpecSchema>;
export type Axis = SweepSpec['axes'][string];

/** Validates a raw sweep spec, turning the first zod issue into one sentence. */
export function validateSweepSpec(raw: unknown, source: string): SweepSpec {
  const parsed = sweepSpecSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(`${source}: ${describeIssue(parsed.error.issues[0]).replace('in the config', 'in the sweep file')}`);
}

export function loadSweepSpec(path: string): SweepSpec {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch {
    throw new Error(`sweep file ${path} cannot be read; check the path.`);
  }
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) {
    throw new Error(`${path} is not valid JSON (${(e as Error).message}); fix the file.`);
  }
  return validateSweepSpec(raw, path);
}
