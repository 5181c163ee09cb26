// What a run shows while it trains: sample grids, the progress GIF, the loss plots, and the
// exported generator with its manifest.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasLatent } from '../config/schema.ts';
import { gridColumns, type Session } from '../train/session.ts';
import { saveLayersModel } from '../io/model_files.ts';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { addCaption, decodePng, encodeGif, encodePng, imageGrid, metricsPlots } from '../viz/index.ts';
import type { RunDir } from '../io/run_dir.ts';
import { isImageShape, type GeneratorManifest } from '../io/manifest.ts';

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
