// A sweep's points: the grid of every combination of the axes' values, or `count` random draws,
// each turned into a validated run config (the base with the point's values at their paths).
import { readConfigSource, validateConfig } from '../config/load.ts';
import type { RunConfig } from '../config/schema.ts';
import { Rng } from '../random/prng.ts';
import type { Axis, SweepSpec } from './spec.ts';

export type PointValues = Record<string, unknown>;

export interface SweepPoint {
  /** The point's folder name under the sweep's folder, e.g. "loss.type-hinge_seed-1". */
  id: string;
  values: PointValues;
  config: RunConfig;
}

/** A range's value at t in [0, 1]: linear or log spaced, rounded when integer. */
function rangeValue(r: Exclude<Axis, unknown[]>, t: number): number {
  const v = r.scale === 'log' ? Math.exp(Math.log(r.min) + t * (Math.log(r.max) - Math.log(r.min))) : r.min + t * (r.max - r.min);
  return r.integer ? Math.round(v) : Number(v.toPrecision(6));
}

function gridValues(axis: Axis): unknown[] {
  if (Array.isArray(axis)) return axis;
  const n = axis.count!;
  return [...new Set(Array.from({ length: n }, (_, i) => rangeValue(axis, n === 1 ? 0 : i / (n - 1))))];
}

/** The points' values: the Cartesian product (grid) or seeded random draws. */
export function pointValues(spec: SweepSpec): PointValues[] {
  const axes = Object.entries(spec.axes);
  if (spec.search.type === 'random') {
    const rng = new Rng(spec.search.seed);
    return Array.from({ length: spec.search.count }, () => Object.fromEntries(axes.map(([path, axis]) =>
      [path, Array.isArray(axis) ? axis[rng.int(axis.length)] : rangeValue(axis, rng.uniform())])));
  }
  return axes.reduce<PointValues[]>((points, [path, axis]) =>
    points.flatMap((p) => gridValues(axis).map((v) => ({ ...p, [path]: v }))), [{}]);
}

const slug = (v: unknown) => String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/[^\w.-]+/g, '');

export function pointId(values: PointValues): string {
  return Object.entries(values).map(([path, v]) => `${path}-${slug(v)}`).join('_');
}

/** `raw` with `value` at the dotted `path`, creating sections on the way. */
export function setPath(raw: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const out = structuredClone(raw);
  const keys = path.split('.');
  let node = out;
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null || Array.isArray(node[k])) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
  return out;
}

/** Every point of the sweep as a validated config; a value the config refuses is named with its point. */
export function expandPoints(spec: SweepSpec): SweepPoint[] {
  const { raw, source } = readConfigSource(spec.base);
  const seen = new Set<string>();
  const points: SweepPoint[] = [];
  for (const values of pointValues(spec)) {
    const id = pointId(values);
    if (seen.has(id)) continue;  // random draws of lists can repeat
    seen.add(id);
    const withValues = Object.entries({ ...spec.fixed, ...values }).reduce((c, [path, v]) => setPath(c, path, v), raw as Record<string, unknown>);
    const config = validateConfig({ ...withValues, name: id }, `${source} at sweep point ${id}`);
    points.push({ id, values, config });
  }
  return points;
}
