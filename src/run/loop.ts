// The training loop: steps, metrics, periodic sample grids, plots and checkpoints, resume,
// the divergence guard and a clean stop on Ctrl-C.
import { existsSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config/schema.ts';
import { validateWrittenConfig, type Overrides } from '../config/load.ts';
import { loadDataset } from '../data/index.ts';
import { createSession } from './sessions.ts';
import type { Session } from '../train/session.ts';
import { appendLine, writeFileAtomic, WriteError } from '../util/atomic_write.ts';
import { fileProblem, isSystemError } from '../util/file_errors.ts';
import { disposeCopies, readCheckpoint, writeCheckpoint } from '../train/checkpoint.ts';
import { qualityTracker, writeQualitySnapshot } from './quality_snapshot.ts';
import { disposeQualityReference, type QualityReference } from '../eval/sample_quality.ts';
import { exportGenerator, writeFigures, writePlots, writeProgressGif, writeSampleGrid } from './outputs.ts';
import { RunDir } from '../io/run_dir.ts';
import { runToy, writeToyPlots, writeToySnapshot } from './toy_snapshot.ts';

export interface Progress {
  step: number;
  total: number;
  metrics: Record<string, number>;
  stepsPerSecond: number;
}

export interface TrainOptions {
  /** The run directory to create, or to continue with resume. */
  out: string;
  /** Continue the run in `out` from its last checkpoint. */
  resume?: boolean;
  /** New total step count when resuming (to train longer). */
  steps?: number;
  onProgress?: (p: Progress) => void;
  /** Polled between steps: true writes a checkpoint and stops (Ctrl-C). */
  shouldStop?: () => boolean;
}

export interface TrainResult { dir: RunDir; step: number; stopped: boolean; lastMetrics: Record<string, number> }

/** Reads a run directory's config for resuming, with an optional new step count. */
export function resumeConfig(out: string, overrides: Pick<Overrides, 'steps' | 'precision'> = {}): RunConfig {
  const dir = new RunDir(out);
  if (!existsSync(dir.config)) throw new Error(`${out} is not a ganforge run directory (no config.json); pass the folder a training run wrote.`);
  if (!existsSync(dir.checkpoint)) throw new Error(`${out} has no checkpoint yet (checkpoints/last.ckpt); start the run again instead of resuming.`);
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(dir.config, 'utf8')); } catch (e) {
    throw new Error(`${dir.config} is not valid JSON (${(e as Error).message}); restore it or start the run again.`);
  }
  return validateWrittenConfig(raw, dir.config, overrides);
}

async function restoreCheckpoint(session: Session, dir: RunDir): Promise<void> {
  const ckpt = readCheckpoint<unknown>(dir.checkpoint);
  await session.restore(ckpt);
  tf.dispose(Object.values(ckpt.groups).flatMap((g) => g.map((t) => t.tensor)));
}

/** A finished or stopped run as it was at its last checkpoint, with its data, for evaluation. */
export async function openRun(path: string): Promise<{ dir: RunDir; session: Session }> {
  const config = resumeConfig(path);
  const dir = new RunDir(path);
  const session = await createSession(config, await loadDataset(config.data), dir.root);
  try {
    await restoreCheckpoint(session, dir);
  } catch (e) {
    session.dispose();
    throw e;
  }
  return { dir, session };
}

export async function train(config: RunConfig, opts: TrainOptions): Promise<TrainResult> {
  const dir = new RunDir(opts.out);
  if (!opts.resume) {
    if (existsSync(dir.checkpoint)) throw new Error(`${opts.out} already holds a run; continue it with --resume ${opts.out} or choose another --out.`);
    const files = dir.runFiles();
    if (files.length) {
      throw new Error(`${opts.out} already holds a run's files (${files.join(', ')}) but no checkpoint to resume from; delete the folder to start that run over, or choose another --out.`);
    }
  }
  const data = await loadDataset(config.data);
  dir.create();
  dir.removeStaleTemporaries();
  const session = await createSession(config, data, dir.root);
  try {
    if (opts.resume) {
      await restoreCheckpoint(session, dir);
      if (config.train.steps < session.step) {
        throw new Error(`${opts.out} is already at step ${session.step}, beyond --steps ${config.train.steps}; pass more steps than ${session.step} to train longer, or sample and evaluate the run as it is.`);
      }
      dir.truncateAfter(session.step);
    }
    writeFileAtomic(dir.config, JSON.stringify(config, null, 2) + '\n');
    return await loop(session, dir, opts);
  } finally {
    session.dispose();
  }
}

/** Lets the event loop run (signal handlers, the studio's readers) between two synchronous steps. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

async function loop(session: Session, dir: RunDir, opts: TrainOptions): Promise<TrainResult> {
  const { config } = session;
  const previous = dir.readMetrics();
  const elapsedBefore = previous.length ? previous[previous.length - 1].time ?? 0 : 0;
  const started = performance.now();
  const elapsed = () => elapsedBefore + (performance.now() - started) / 1000;
  const toy = runToy(config);
  const quality = toy ? null : await qualityTracker(config);
  const kept = { step: session.step };
  try {
    return await steps(session, dir, opts, toy, quality, elapsed, kept);
  } catch (e) {
    throw runWriteProblem(e, dir, kept.step);
  } finally {
    if (quality) disposeQualityReference(quality);
  }
}

/**
 * A file of the run that could not be written (a full disk, a removed folder) as one sentence
 * with what is kept and how to go on; other errors as they are.
 */
function runWriteProblem(e: unknown, dir: RunDir, checkpointStep: number): unknown {
  if (!(e instanceof WriteError) && !isSystemError(e)) return e;
  if (!existsSync(dir.config)) {
    return new Error(`the run directory ${dir.root} was removed (or lost its config.json) while the run trained, so the run cannot go on; train it again.`);
  }
  const [path, problem] = e instanceof WriteError ? [e.path, e.problem] : [(e as NodeJS.ErrnoException).path ?? dir.root, fileProblem(e)];
  const remedy = /full|quota/.test(problem) ? 'make room' : 'fix that';
  const kept = existsSync(dir.checkpoint)
    ? `the last good checkpoint (step ${checkpointStep}) is kept in ${dir.checkpoint}; ${remedy}, then continue with --resume ${dir.root}.`
    : `no checkpoint had been written yet; ${remedy}, then train again.`;
  return new Error(`training stopped: cannot write ${path}: ${problem}; ${kept}`);
}

async function steps(
  session: Session, dir: RunDir, opts: TrainOptions, toy: ReturnType<typeof runToy>, quality: QualityReference | null, elapsed: () => number,
  kept: { step: number },
): Promise<TrainResult> {
  const { config } = session;
  const { steps: total } = config.train;
  const out = config.output;
  const snapshot = async () => {
    if (toy) await writeToySnapshot(session, dir, toy);
    else await writeSampleGrid(session, dir);
  };
  if (session.step === 0) {
    await snapshot();
    if (quality) await writeQualitySnapshot(session, dir, quality);
  } else {
    // A run killed between its checkpoint and what follows it (quality record, export) redoes them now.
    if (quality && !dir.readEvaluation().some((r) => r.step === session.step)) await writeQualitySnapshot(session, dir, quality);
    if (dir.exportedStep() !== session.step) await exportGenerator(session, dir);
  }

  let sums: Record<string, number> = {}, count = 0, lastMetrics: Record<string, number> = {};
  let rateWindow = { step: session.step, time: performance.now() }, stepsPerSecond = 0;
  const diverged = (step: number, what: string, value: string) => new Error(
    `training diverged at step ${step}: ${what} became ${value}; ` + (existsSync(dir.checkpoint)
      ? `the last good checkpoint (step ${kept.step}) is kept in ${dir.checkpoint}; lower the learning rates or change the loss in config.json, then resume with --resume ${dir.root}.`
      : 'no checkpoint had been written yet; lower the learning rates or change the loss, then train again.'));
  while (session.step < total) {
    // A removed run directory is not silently recreated, a file at a time, by the next writes.
    if (!existsSync(dir.config)) throw new WriteError(dir.config, 'it was removed', null);
    const metrics = session.trainStep();
    const bad = Object.entries(metrics).find(([, v]) => !Number.isFinite(v));
    if (bad) throw diverged(session.step, bad[0], String(bad[1]));
    lastMetrics = metrics;
    for (const [k, v] of Object.entries(metrics)) sums[k] = (sums[k] ?? 0) + v;
    count++;
    const step = session.step;
    const now = performance.now();
    if (now - rateWindow.time > 1000) {
      stepsPerSecond = (step - rateWindow.step) / ((now - rateWindow.time) / 1000);
      rateWindow = { step, time: now };
    }
    if (step % out.logEvery === 0 || step === total) {
      // Averages over the steps since the last record: smoother than one step's noisy values.
      const record = { step, time: +elapsed().toFixed(3), ...Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / count])) };
      appendLine(dir.metrics, JSON.stringify(record));
      sums = {};
      count = 0;
    }
    opts.onProgress?.({ step, total, metrics, stepsPerSecond });
    await breathe();
    const stop = opts.shouldStop?.() ?? false;
    if (step % out.sampleEvery === 0 || step === total || stop) {
      await snapshot();
      await writeProgressGif(dir);
      await writePlots(dir);
      if (toy) await writeToyPlots(dir);
    }
    if (step % out.checkpointEvery === 0 || step === total || stop) {
      const contents = await session.checkpoint();
      try {
        // Finite losses can come from weights that just overflowed: such a checkpoint is not written.
        const broken = Object.entries(contents.groups).find(([, ts]) => ts.some((t) => !t.tensor.dataSync().every(Number.isFinite)));
        if (broken) throw diverged(step, `the ${broken[0]} weights`, 'not finite');
        await writeCheckpoint(dir.checkpoint, contents);
        kept.step = step;
      } finally {
        disposeCopies(contents);
      }
      // Sample quality at checkpoints: scoring 1000 samples costs about as much as a few steps.
      if (quality) await writeQualitySnapshot(session, dir, quality);
      await exportGenerator(session, dir);
      await writeFigures(session, dir);
    }
    if (stop) return { dir, step, stopped: true, lastMetrics };
  }
  return { dir, step: session.step, stopped: false, lastMetrics };
}
