// A sweep's table: each setting (a point's values without its seed) with the mean and spread of
// the ranking metric over its seeds, best first.
import type { SweepSpec } from './spec.ts';
import type { PointValues } from './points.ts';

export interface PointResult {
  id: string;
  values: PointValues;
  /** 'done': trained and evaluated; 'failed': its run stopped with `error`; 'unfinished': not (yet) trained to the end. */
  status: 'done' | 'failed' | 'unfinished';
  metric?: number;
  error?: string;
}

export interface SettingRow {
  values: PointValues;
  /** Finished seeds of this setting, and their metric's mean and sample standard deviation (0 for one seed). */
  n: number;
  mean: number;
  spread: number;
  points: string[];
}

/** An eval.json metric by name: the toy metrics, then the image metrics, then the top level. */
export function metricOf(evaluation: Record<string, unknown>, name: string): number | undefined {
  for (const section of [evaluation.toy, evaluation.quality, evaluation]) {
    const v = (section as Record<string, unknown> | undefined)?.[name];
    if (typeof v === 'number') return v;
  }
  return undefined;
}

export function rankSettings(spec: SweepSpec, results: PointResult[]): SettingRow[] {
  const groups = new Map<string, { values: PointValues; metrics: number[]; points: string[] }>();
  for (const r of results) {
    if (r.status !== 'done' || r.metric === undefined || !Number.isFinite(r.metric)) continue;
    const { seed: _seed, ...setting } = r.values;
    const key = JSON.stringify(setting);
    const g = groups.get(key) ?? { values: setting, metrics: [], points: [] };
    g.metrics.push(r.metric);
    g.points.push(r.id);
    groups.set(key, g);
  }
  const rows = [...groups.values()].map(({ values, metrics, points }) => {
    const mean = metrics.reduce((a, b) => a + b, 0) / metrics.length;
    const spread = metrics.length > 1 ? Math.sqrt(metrics.reduce((a, b) => a + (b - mean) ** 2, 0) / (metrics.length - 1)) : 0;
    return { values, n: metrics.length, mean, spread, points };
  });
  const sign = spec.metric.goal === 'min' ? 1 : -1;
  return rows.sort((a, b) => sign * (a.mean - b.mean));
}

const cell = (v: unknown) => (typeof v === 'object' ? JSON.stringify(v) : String(v));

export function sweepMarkdown(spec: SweepSpec, rows: SettingRow[], results: PointResult[]): string {
  const axes = Object.keys(spec.axes).filter((a) => a !== 'seed');
  const head = `| rank | ${axes.join(' | ')} | ${spec.metric.name} (mean) | spread | seeds |`;
  const rule = `| --- | ${axes.map(() => '---').join(' | ')} | --- | --- | --- |`;
  const body = rows.map((r, i) => `| ${i + 1} | ${axes.map((a) => cell(r.values[a])).join(' | ')} | ${r.mean.toPrecision(4)} | ${r.spread.toPrecision(2)} | ${r.n} |`);
  const failed = results.filter((r) => r.status !== 'done');
  const notes = failed.map((r) => `- ${r.id}: ${r.status}${r.error ? ` (${r.error})` : ''}`);
  return [`# Sweep ${spec.name}`, '', `Base \`${spec.base}\`, ranked by ${spec.metric.name} (${spec.metric.goal === 'min' ? 'lower' : 'higher'} is better); spread is the standard deviation over seeds.`, '',
    head, rule, ...body, ...(notes.length ? ['', 'Points without a result:', ...notes] : []), ''].join('\n');
}
