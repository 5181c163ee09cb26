// Runs a sweep's points on this machine, N at a time: each point is an ordinary run directory
// trained and evaluated by `ganforge train` and `ganforge eval` in a child process, so that a
// point stops, resumes and fails exactly as a run of its own does.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { expandPoints, type SweepPoint } from './points.ts';
import { metricOf, rankSettings, sweepMarkdown, type PointResult, type SettingRow } from './ranking.ts';
import type { SweepSpec } from './spec.ts';

export interface LocalSweepOptions {
  /** The sweep's folder: one run directory per point, sweep.json and sweep.md. */
  out: string;
  /** Points trained at once. */
  parallel: number;
  /** OpenMP threads of each point's process. */
  threads: number;
  /** Finish an earlier sweep in `out`: finished points are kept, unfinished ones resume from their checkpoints. */
  resume: boolean;
  /** Generated samples each evaluation measures. */
  samples: number;
  /** Called after each point ends, with the points done so far. */
  onPoint?: (done: number, total: number, result: PointResult) => void;
  /** Asked before each point starts: true stops the sweep (the points running finish their stop cleanly). */
  shouldStop?: () => boolean;
}

export interface SweepOutcome { results: PointResult[]; rows: SettingRow[]; stopped: boolean; started: number }

/** The CLI entry beside this module (src/cli/main.ts under tsx, dist's main.js once built). */
function cliCommand(): { command: string; args: string[] } {
  const self = fileURLToPath(import.meta.url);
  const main = fileURLToPath(new URL(`../cli/main${extname(self)}`, import.meta.url));
  return { command: process.execPath, args: [...(extname(self) === '.ts' ? ['--import', 'tsx'] : []), main] };
}

/** Runs `ganforge ARGS` as a child; resolves with its exit code and the last line it wrote to stderr. */
function ganforge(args: string[], threads: number, children: Set<ReturnType<typeof spawn>>): Promise<{ code: number; lastLine: string }> {
  const { command, args: base } = cliCommand();
  return new Promise((resolve) => {
    const child = spawn(command, [...base, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, OMP_NUM_THREADS: String(threads), OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'passive' },
    });
    children.add(child);
    let tail = '';
    child.stderr!.on('data', (d: Buffer) => { tail = (tail + d.toString()).slice(-2000); });
    child.on('close', (code, signal) => {
      children.delete(child);
      const lines = tail.trim().split('\n').filter((l) => !l.startsWith('step '));
      resolve({ code: code ?? (signal ? 128 : 1), lastLine: lines.at(-1) ?? '' });
    });
  });
}

const evalPath = (dir: string) => join(dir, 'eval.json');

function resultOf(spec: SweepSpec, point: SweepPoint, dir: string): PointResult {
  if (!existsSync(evalPath(dir))) return { id: point.id, values: point.values, status: 'unfinished' };
  const metric = metricOf(JSON.parse(readFileSync(evalPath(dir), 'utf8')), spec.metric.name);
  if (metric === undefined) return { id: point.id, values: point.values, status: 'failed', error: `eval.json has no metric "${spec.metric.name}"` };
  return { id: point.id, values: point.values, status: 'done', metric };
}

/** The sweep's points run and ranked; sweep.json and sweep.md rewritten after every point. */
export async function runSweepLocally(spec: SweepSpec, o: LocalSweepOptions): Promise<SweepOutcome> {
  const points = expandPoints(spec);
  const configs = join(o.out, 'points');
  if (!o.resume && points.some((p) => existsSync(join(o.out, p.id)))) {
    throw new Error(`${o.out} already holds points of a sweep; finish it with --resume, or choose another --out.`);
  }
  mkdirSync(configs, { recursive: true });
  const results = new Map<string, PointResult>(points.map((p) => [p.id, resultOf(spec, p, join(o.out, p.id))]));
  const write = () => {
    const all = points.map((p) => results.get(p.id)!);
    const rows = rankSettings(spec, all);
    writeFileAtomic(join(o.out, 'sweep.json'), JSON.stringify({ spec, points: all, settings: rows }, null, 2) + '\n');
    writeFileAtomic(join(o.out, 'sweep.md'), sweepMarkdown(spec, rows, all));
    return rows;
  };
  write();
  const queue = points.filter((p) => results.get(p.id)!.status !== 'done');
  const children = new Set<ReturnType<typeof spawn>>();
  let done = points.length - queue.length, started = 0, stopped = false;

  const runPoint = async (point: SweepPoint) => {
    const dir = join(o.out, point.id);
    const configFile = join(configs, `${point.id}.json`);
    writeFileAtomic(configFile, JSON.stringify(point.config, null, 2) + '\n');
    const trainArgs = existsSync(join(dir, 'checkpoints', 'last.ckpt')) ? ['train', '--resume', dir] : ['train', configFile, '--out', dir];
    started++;
    const trained = await ganforge(trainArgs, o.threads, children);
    // A stop asked for mid-run leaves the point to --resume; its run says it stopped.
    if (o.shouldStop?.()) return;
    let result: PointResult;
    if (trained.code !== 0) {
      result = { id: point.id, values: point.values, status: 'failed', error: trained.lastLine };
    } else {
      const evaluated = await ganforge(['eval', dir, '--samples', String(o.samples)], o.threads, children);
      result = evaluated.code === 0 ? resultOf(spec, point, dir) : { id: point.id, values: point.values, status: 'failed', error: evaluated.lastLine };
    }
    results.set(point.id, result);
    done++;
    write();
    o.onPoint?.(done, points.length, result);
  };

  const workers = Array.from({ length: Math.max(1, Math.min(o.parallel, queue.length)) }, async () => {
    for (let point = queue.shift(); point; point = queue.shift()) {
      if (o.shouldStop?.()) { stopped = true; return; }
      await runPoint(point);
    }
  });
  await Promise.all(workers);
  stopped ||= !!o.shouldStop?.();
  return { results: points.map((p) => results.get(p.id)!), rows: write(), stopped, started };
}
