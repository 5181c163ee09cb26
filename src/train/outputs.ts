// What a run shows while it trains: sample grids, the progress GIF, the loss plots, and the
// exported generator with its manifest.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../config/schema.ts';
import type { Dataset } from '../data/dataset.ts';
import type { GanSession } from '../gan/session.ts';
import { gridColumns } from '../gan/session.ts';
import { saveLayersModel } from '../io/model_files.ts';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { addCaption, decodePng, encodeGif, encodePng, imageGrid, metricsPlots } from '../viz/index.ts';
import type { RunDir } from './run_dir.ts';

export const isImageShape = (shape: number[]) => shape.length === 3 && (shape[2] === 1 || shape[2] === 3);

/** Writes the sample grid of the session's fixed noise for this step. */
export async function writeSampleGrid(session: GanSession, dir: RunDir): Promise<void> {
  if (!isImageShape(session.data.shape)) return;
  const n = session.config.output.gridCount;
  const cols = gridColumns(n, session.nets.conditional, session.nets.numClasses);
  const grid = imageGrid(session.gridSamples(), session.data.shape as [number, number, number], n, { cols });
  mkdirSync(dir.samples, { recursive: true });
  writeFileAtomic(dir.samplePath(session.step), await encodePng(grid));
}

/** progress.gif from every sample grid so far (the animated training of the `001` document). */
export async function writeProgressGif(dir: RunDir): Promise<void> {
  const files = dir.sampleFiles();
  if (files.length === 0) return;
  const frames = await Promise.all(files.map(async (f) => addCaption(await decodePng(readFileSync(f.path)), `step ${f.step}`)));
  writeFileAtomic(dir.gif, encodeGif(frames, { delayMs: 200, lastFrameDelayMs: 2000 }));
}

export async function writePlots(dir: RunDir): Promise<void> {
  const records = dir.readMetrics();
  if (records.length < 2) return;
  mkdirSync(dir.plots, { recursive: true });
  const plots = await metricsPlots(records, 'step');
  for (const { file, png } of plots) writeFileAtomic(join(dir.plots, file), png);
}

/** What a program loading the exported generator needs to know to use it. */
export interface GeneratorManifest {
  format: 'ganforge-generator';
  version: 1;
  family: 'gan';
  architecture: string;
  /** Shape of one sample; values in [-1, 1] (see valueRange for tables). */
  sampleShape: number[];
  latent: RunConfig['model']['latent'];
  /** Model inputs in order: "z" [n, latent.dim], then "y" [n, numClasses] one-hot if conditional. */
  inputs: string[];
  conditional: boolean;
  numClasses: number;
  labelNames: string[];
  data: string;
  valueRange?: { min: number[]; max: number[] };
  step: number;
  seed: number;
  ema: boolean;
}

export function manifestFor(session: GanSession, data: Dataset): GeneratorManifest {
  const { config, nets } = session;
  return {
    format: 'ganforge-generator',
    version: 1,
    family: 'gan',
    architecture: config.model.architecture,
    sampleShape: data.shape,
    latent: config.model.latent,
    inputs: nets.conditional ? ['z', 'y'] : ['z'],
    conditional: nets.conditional,
    numClasses: nets.numClasses,
    labelNames: data.labelNames ?? [],
    data: data.name,
    ...(data.valueRange ? { valueRange: { min: Array.from(data.valueRange.min), max: Array.from(data.valueRange.max) } } : {}),
    step: session.step,
    seed: config.seed,
    ema: session.trainer.ema !== null,
  };
}

/** Exports the generator (the moving average when EMA is on) in TensorFlow.js format. */
export async function exportGenerator(session: GanSession, dir: RunDir): Promise<void> {
  await saveLayersModel(session.trainer.sampler, dir.model);
  writeFileAtomic(join(dir.model, 'manifest.json'), JSON.stringify(manifestFor(session, session.data), null, 2) + '\n');
}

