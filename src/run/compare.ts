// `ganforge compare`: the same data, each family (GAN, GMN, VAE, diffusion) trained for the same
// wall-clock budget one after another, then measured the same way (ganforge eval's metrics, the
// speed of drawing samples), so the trade-offs of the `003` and `004` documents are measured.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigSource, validateConfig } from '../config/load.ts';
import { FAMILIES, type Family, type RunConfig } from '../config/schema.ts';
import { loadDataset } from '../data/index.ts';
import { evaluateAndReport } from './report.ts';
import type { EvalResult } from './evaluate_run.ts';
import { Rng } from '../random/prng.ts';
import { openRun, train, type Progress } from './loop.ts';
import { isImageShape } from '../io/manifest.ts';
import { gridLabels } from '../train/session.ts';

/** The preset each family starts from, by the kind of data: its model and training settings, with the compared data and seed. */
const FAMILY_PRESETS: Record<'image' | 'vector', Record<Family, string>> = {
  image: { gan: 'mnist-dcgan', gmn: 'mnist-gmn', vae: 'mnist-vae', diffusion: 'mnist-diffusion' },
  vector: { gan: 'ring2d', gmn: 'ring-gmn', vae: 'ring-vae', diffusion: 'spiral-diffusion' },
};

/** Steps nobody reaches: the budget ends each run. */
const UNBOUNDED_STEPS = 1e9;
/** Samples timed for the sampling speed. */
const TIMED_SAMPLES = 100;

export interface CompareOptions {
  families: Family[];
  budgetMinutes: number;
  out: string;
  /** Generated samples each evaluation measures. */
  samples?: number;
  onProgress?: (family: Family, p: Progress) => void;
}

export interface CompareRow {
  family: Family;
  architecture: string;
  steps: number;
  trainSeconds: number;
  samplesPerSecond: number;
  /** FID, KID, precision/recall, ... (data with a classifier), or the exact toy metrics. */
  metrics: Record<string, number>;
}

export interface Comparison { data: string; budgetMinutes: number; rows: CompareRow[]; pictures: Partial<Record<Family, Buffer>> }

/** Parses "gan,vae" into families, naming any unknown one. */
export function parseFamilies(list: string): Family[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.find((n) => !(FAMILIES as readonly string[]).includes(n));
  if (bad !== undefined || names.length === 0) throw new Error(`--families takes a comma-separated list of ${FAMILIES.join(', ')}${bad ? `, not "${bad}"` : ''}.`);
  return [...new Set(names)] as Family[];
}

/** The config a family trains in the comparison: the given config for its own family, else the family's preset on the same data. */
export async function familyConfig(base: RunConfig, family: Family): Promise<RunConfig> {
  const withBudget = (c: RunConfig): RunConfig => ({ ...c, name: `${base.name}-${family}`, train: { ...c.train, steps: UNBOUNDED_STEPS } });
  if (base.family === family) return withBudget(base);
  const data = await loadDataset(base.data);
  const kind = isImageShape(data.shape) ? 'image' : 'vector';
  const { raw, source } = readConfigSource(FAMILY_PRESETS[kind][family]);
  return withBudget(validateConfig({ ...(raw as object), data: base.data, seed: base.seed }, source));
}

export async function compareFamilies(base: RunConfig, opts: CompareOptions): Promise<Comparison> {
  if (!(opts.budgetMinutes > 0)) throw new Error(`--budget must be a positive number of minutes, not ${opts.budgetMinutes}.`);
  mkdirSync(opts.out, { recursive: true });
  const rows: CompareRow[] = [];
  const pictures: Comparison['pictures'] = {};
  let dataName = '';
  for (const family of opts.families) {
    const config = await familyConfig(base, family);
    const out = join(opts.out, family);
    const started = performance.now();
    const budgetMs = opts.budgetMinutes * 60_000;
    const trained = await train(config, {
      out, onProgress: (p) => opts.onProgress?.(family, p), shouldStop: () => performance.now() - started > budgetMs,
    });
    const trainSeconds = (performance.now() - started) / 1000;
    const samplesPerSecond = await samplingSpeed(out);
    const { result, pictures: p } = await evaluateAndReport(out, { samples: opts.samples ?? 1000 });
    dataName = result.data;
    rows.push({ family, architecture: result.architecture, steps: trained.step, trainSeconds, samplesPerSecond, metrics: headlineMetrics(result) });
    const picture = p.samples ?? p.toy;
    if (picture) pictures[family] = picture;
  }
  return { data: dataName, budgetMinutes: opts.budgetMinutes, rows, pictures };
}

/** Samples per second of the trained model in inference mode (after one small warm-up draw). */
async function samplingSpeed(run: string): Promise<number> {
  const { session } = await openRun(run);
  try {
    const labels = (n: number) => (session.conditional ? gridLabels(n, session.numClasses) : undefined);
    session.generate(4, new Rng(1), labels(4));
    const t0 = performance.now();
    session.generate(TIMED_SAMPLES, new Rng(2), labels(TIMED_SAMPLES));
    return TIMED_SAMPLES / ((performance.now() - t0) / 1000);
  } finally {
    session.dispose();
  }
}

const HEADLINE = ['fid', 'kid', 'precision', 'recall', 'density', 'coverage', 'inception_score', 'missing_classes', 'label_accuracy',
  'modes_covered', 'high_quality', 'jsd', 'w1'];

function headlineMetrics(r: EvalResult): Record<string, number> {
  const all: Record<string, number> = { ...r.quality, ...r.toy };
  return Object.fromEntries(HEADLINE.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));

/** The comparison as a Markdown table (the README's). */
export function comparisonMarkdown(c: Comparison): string {
  const keys = HEADLINE.filter((k) => c.rows.some((r) => r.metrics[k] !== undefined));
  const head = ['family', 'model', 'steps', 'train s', 'samples/s', ...keys];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of c.rows) {
    lines.push(`| ${[r.family, r.architecture, String(r.steps), r.trainSeconds.toFixed(0), fmt(r.samplesPerSecond), ...keys.map((k) => (r.metrics[k] === undefined ? '–' : fmt(r.metrics[k])))].join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** A self-contained page: the table, then each family's samples side by side. */
export function comparisonHtml(c: Comparison): string {
  const esc = (t: string) => t.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const md = comparisonMarkdown(c).trim().split('\n');
  const cells = (line: string) => line.split('|').slice(1, -1).map((s) => s.trim());
  const table = `<table><tr>${cells(md[0]).map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${md.slice(2).map((l) => `<tr>${cells(l).map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`).join('')}</table>`;
  const figures = Object.entries(c.pictures).map(([family, png]) =>
    `<figure><figcaption>${esc(family)}</figcaption><img alt="${esc(family)} samples" src="data:image/png;base64,${png.toString('base64')}"></figure>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ganforge compare: ${esc(c.data)}</title>
<style>
body { font-family: 'DejaVu Sans', sans-serif; max-width: 1200px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 1em 0; } th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #ddd; }
.grids { display: flex; flex-wrap: wrap; gap: 1em; } figure { margin: 0; width: 280px; } img { width: 100%; } figcaption { font-weight: bold; }
</style></head><body>
<h1>${esc(c.data)}: each family for ${c.budgetMinutes} minutes of training</h1>
<p>Trained one after another on this machine, each for the same wall-clock budget; measured by <code>ganforge eval</code> on the same number of samples. Each family's own report is in its folder.</p>
${table}
<div class="grids">${figures}</div>
</body></html>
`;
}
