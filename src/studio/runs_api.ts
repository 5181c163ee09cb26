// What the studio says about the run directories under a runs folder: which folders are runs, and
// for each its settings, progress, files, and the parts that are missing or damaged.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RunDir } from '../io/run_dir.ts';
import type { GeneratorManifest } from '../io/manifest.ts';
import type { RunDetail, RunSummary } from './api_types.ts';
import { pathInside, realInside, relativeId } from '../util/safe_path.ts';

/** A run that wrote something this recently and is not at its last step counts as training. */
const LIVE_SECONDS = 120;
/** Runs are found this many folders deep (compare writes runs/compare-NAME/<family>/). */
const MAX_DEPTH = 2;

const isRun = (path: string) => ['config.json', 'metrics.jsonl', join('model', 'manifest.json'), 'checkpoints'].some((f) => existsSync(join(path, f)));

/** The ids of the runs under `root`, sorted. */
export function findRuns(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      if (isRun(path)) found.push(relativeId(root, path));
      else if (depth < MAX_DEPTH) walk(path, depth + 1);
    }
  };
  walk(root, 1);
  return found.sort();
}

/** The folder of run `id`, or null when `id` is not a run under `root` (or tries to leave it). */
export function runFolder(root: string, id: string): string | null {
  const path = pathInside(root, id);
  if (!path || path === resolve(root) || id.split('/').length > MAX_DEPTH) return null;
  return existsSync(path) && statSync(path).isDirectory() && isRun(path) ? path : null;
}

/**
 * Whether the studio may read `file` of the run in `run`: it exists and really lies inside the
 * run directory. A link to somewhere else (config.json -> ~/.aws/credentials.json) is not read,
 * as the files route does not serve it.
 */
export const readableInRun = (run: string, file: string) => existsSync(file) && realInside(run, file);

type Parsed<T> = { value?: T; problem?: string };

/** A JSON file, or the one-sentence problem with it (absent files are the caller's business). */
function readJson<T>(run: string, path: string, name: string, remedy: string): Parsed<T> {
  if (!readableInRun(run, path)) return { problem: `${name} links outside the run directory, so the studio does not read it; replace the link with the file itself.` };
  try {
    return { value: JSON.parse(readFileSync(path, 'utf8')) as T };
  } catch (e) {
    return { problem: `${name} is not valid JSON (${(e as Error).message}); ${remedy}.` };
  }
}

/** The last complete record of a JSON-lines file, read from its end. */
function lastRecord(run: string, path: string): Record<string, number> | undefined {
  if (!readableInRun(run, path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n').filter((l) => l.trim());
    for (let i = lines.length - 1; i >= 0; i--) {
      try { return JSON.parse(lines[i]); } catch { /* a line cut by a kill, or the tail's cut first line */ }
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

const mtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** "mnist, classes 3 and 7, 512 images", "toy ring", "folder ./faces". */
function describeData(data: Record<string, unknown> | undefined): string | undefined {
  if (!data || typeof data.source !== 'string') return undefined;
  switch (data.source) {
    case 'mnist':
    case 'fashion-mnist': {
      const parts = [data.source as string];
      if (data.split && data.split !== 'train') parts.push(`${data.split} split`);
      if (Array.isArray(data.classes)) parts.push(`classes ${data.classes.join(', ')}`);
      if (typeof data.limit === 'number') parts.push(`${data.limit} images`);
      return parts.join(', ');
    }
    case 'toy': return `toy ${data.name}${data.distribution ? ` ${data.distribution}` : ''}`;
    default: return `${data.source} ${data.path ?? ''}`.trim();
  }
}

/** What the runs list shows of run `id` in `path`, with the config and manifest it read. */
export function inspectRun(path: string, id: string, now = Date.now()): { summary: RunSummary; config?: Record<string, unknown>; manifest?: GeneratorManifest } {
  const dir = new RunDir(path);
  const problems: string[] = [];
  let config: Record<string, unknown> | undefined;
  if (!existsSync(dir.config)) {
    problems.push('config.json is missing, so the run\'s settings are unknown; it is written when training starts.');
  } else {
    const c = readJson<Record<string, unknown>>(path, dir.config, 'config.json', 'restore it or train the run again');
    config = c.value && typeof c.value === 'object' ? c.value : undefined;
    if (c.problem) problems.push(c.problem);
  }
  let manifest: GeneratorManifest | undefined;
  const manifestPath = join(dir.model, 'manifest.json');
  if (existsSync(manifestPath)) {
    const m = readJson<GeneratorManifest>(path, manifestPath, 'model/manifest.json', 'the next checkpoint writes it again');
    if (m.problem) problems.push(m.problem);
    else if (m.value?.format !== 'ganforge-generator') problems.push('model/manifest.json is not a ganforge generator manifest, so the explorer cannot open the model.');
    else manifest = m.value;
  }
  const last = lastRecord(path, dir.metrics);
  const model = config?.model as Record<string, unknown> | undefined;
  const total = (config?.train as { steps?: number } | undefined)?.steps;
  const step = last?.step ?? manifest?.step ?? 0;
  const updated = Math.max(...[dir.metrics, dir.evaluation, dir.samples, dir.config, dir.checkpoint, dir.gif, manifestPath].map(mtime));
  const status = total !== undefined && step >= total ? 'finished' : now - updated < LIVE_SECONDS * 1000 ? 'training' : 'stopped';
  const summary: RunSummary = {
    id,
    name: typeof config?.name === 'string' ? config.name : id.split('/').pop()!,
    family: (config?.family as string | undefined) ?? manifest?.family,
    architecture: (model?.architecture as string | undefined) ?? manifest?.architecture,
    data: describeData(config?.data as Record<string, unknown> | undefined) ?? manifest?.data,
    step,
    total,
    ...(last && { lastMetrics: last }),
    status,
    updated,
    model: !!manifest && ['model.json', 'weights.bin'].every((f) => existsSync(join(dir.model, f))),
    problems,
  };
  return { summary, config, manifest };
}

/** Lines of a JSON-lines file that do not parse, not counting a last line still being written. */
function damagedLines(run: string, path: string): number {
  if (!readableInRun(run, path)) return 0;
  // The last piece is '' after a final newline, or a line still being written.
  return readFileSync(path, 'utf8').split('\n').slice(0, -1).filter((l) => {
    if (!l.trim()) return false;
    try { JSON.parse(l); return false; } catch { return true; }
  }).length;
}

const listFiles = (run: string, folder: string, pattern: RegExp) => (readableInRun(run, folder) ? readdirSync(folder).filter((f) => pattern.test(f)).sort() : []);

/** The steps of the run's sample grids (none when its samples folder links elsewhere). */
export const runSamples = (run: string) => (readableInRun(run, new RunDir(run).samples) ? new RunDir(run).sampleFiles().map((s) => s.step) : []);

/** Everything the run page shows of run `id` in `path`, besides the live records. */
export function runDetail(path: string, id: string): RunDetail {
  const { summary, config, manifest } = inspectRun(path, id);
  const dir = new RunDir(path);
  const problems = [...summary.problems];
  if (!existsSync(dir.metrics) && summary.status !== 'training') problems.push('metrics.jsonl is missing: this run has logged no step, so there are no curves to draw.');
  for (const [file, name] of [[dir.metrics, 'metrics.jsonl'], [dir.evaluation, 'evaluation.jsonl']] as const) {
    const bad = damagedLines(path, file);
    if (bad) problems.push(`${name} has ${bad} damaged line${bad === 1 ? '' : 's'}, left out of the curves.`);
  }
  const modelFiles = ['model.json', 'weights.bin'].filter((f) => existsSync(join(dir.model, f)));
  if (manifest && modelFiles.length < 2) problems.push(`model/ holds manifest.json but not ${['model.json', 'weights.bin'].filter((f) => !modelFiles.includes(f)).join(' or ')}; the next checkpoint exports the model again.`);
  if (!manifest && !existsSync(join(dir.model, 'manifest.json')) && summary.status !== 'training') {
    problems.push('There is no exported model (model/manifest.json) yet, so the explorer cannot open this run; it is written at each checkpoint.');
  }
  const data = config?.data as { source?: string } | undefined;
  return {
    ...summary,
    problems,
    ...(config && { config }),
    ...(manifest && { manifest }),
    samples: runSamples(path),
    files: {
      gif: existsSync(dir.gif),
      report: existsSync(join(dir.root, 'report.html')),
      figures: listFiles(path, dir.figures, /\.png$/),
    },
    trainingImages: data?.source === 'mnist' || data?.source === 'fashion-mnist' || data?.source === 'folder',
  };
}
