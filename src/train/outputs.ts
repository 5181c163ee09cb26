// What a run shows while it trains: sample grids, the progress GIF, the loss plots, and the
// exported generator with its manifest.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasLatent, type Family, type LatentModelConfig } from '../config/schema.ts';
import { gridColumns, type Session } from './session.ts';
import { saveLayersModel } from '../io/model_files.ts';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { addCaption, decodePng, encodeGif, encodePng, imageGrid, metricsPlots } from '../viz/index.ts';
import type { RunDir } from './run_dir.ts';

export const isImageShape = (shape: number[]) => shape.length === 3 && (shape[2] === 1 || shape[2] === 3);

/** Writes the sample grid of the session's fixed noise for this step. */
export async function writeSampleGrid(session: Session, dir: RunDir): Promise<void> {
  if (!isImageShape(session.data.shape)) return;
  const n = session.config.output.gridCount;
  const cols = gridColumns(n, session.conditional, session.numClasses);
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

/** What a program loading the exported model needs to know to use it. */
export interface GeneratorManifest {
  format: 'ganforge-generator';
  version: 1;
  /** 'gan', 'gmn' and 'vae' export a generator (for the VAE its decoder's mean); 'diffusion' its denoiser. */
  family: Family;
  architecture: string;
  /** Shape of one sample; values in [-1, 1] (see valueRange for tables). */
  sampleShape: number[];
  /** The noise prior of latent models (absent for diffusion). */
  latent?: LatentModelConfig['latent'];
  /** How a diffusion model's denoiser is sampled. */
  diffusion?: { schedule: 'linear' | 'cosine'; timesteps: number; sampler: { method: 'ancestral' | 'ddim'; steps: number; eta: number } };
  /**
   * Model inputs in order: "z" [n, latent.dim] (or "x_t" and "t" for a denoiser), then "y"
   * [n, numClasses] one-hot if conditional, or "text" [n, D]: a sentence embedding from text.encoder.
   */
  inputs: string[];
  conditional: boolean;
  numClasses: number;
  labelNames: string[];
  data: string;
  valueRange?: { min: number[]; max: number[] };
  step: number;
  seed: number;
  ema: boolean;
  /** Text-to-image models: the folder (beside model.json) holding the sentence encoder and its vocabulary, and the ids of the caption templates held out of training. */
  text?: { encoder: string; heldOutTemplates: string[] };
}

export function manifestFor(session: Session): GeneratorManifest {
  const { config, data } = session;
  const m = config.model;
  return {
    format: 'ganforge-generator',
    version: 1,
    family: config.family,
    architecture: m.architecture,
    sampleShape: data.shape,
    ...(hasLatent(m) ? { latent: m.latent } : {}),
    ...('schedule' in m ? { diffusion: { schedule: m.schedule, timesteps: m.timesteps, sampler: m.sampler } } : {}),
    inputs: session.exported().manifest.inputs,
    conditional: session.conditional,
    numClasses: session.numClasses,
    labelNames: data.labelNames ?? [],
    data: data.name,
    ...(data.valueRange ? { valueRange: { min: Array.from(data.valueRange.min), max: Array.from(data.valueRange.max) } } : {}),
    step: session.step,
    seed: config.seed,
    ema: session.exported().manifest.ema,
    ...(session.exported().manifest.text ? { text: session.exported().manifest.text } : {}),
  };
}

/** Exports the model that draws samples (the moving average when EMA is on) in TensorFlow.js format. */
export async function exportGenerator(session: Session, dir: RunDir): Promise<void> {
  await saveLayersModel(session.exported().model, dir.model);
  await session.exportAlongside?.(dir.model);
  writeFileAtomic(join(dir.model, 'manifest.json'), JSON.stringify(manifestFor(session), null, 2) + '\n');
}

/** The session's own pictures (figures/NAME.png), replaced at each checkpoint. */
export async function writeFigures(session: Session, dir: RunDir): Promise<void> {
  const figures = (await session.figures?.()) ?? [];
  if (figures.length) mkdirSync(dir.figures, { recursive: true });
  for (const { file, png } of figures) writeFileAtomic(join(dir.figures, file), png);
}
