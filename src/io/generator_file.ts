// An exported model (model/ of a run directory): loading it with its manifest, and drawing
// samples from it: a generator with the noise prior it was trained on, or a diffusion model's
// denoiser with its sampler.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { modelPredictor, sample } from '../diffusion/ddpm.ts';
import { noiseSchedule } from '../diffusion/schedule.ts';
import { samplerOptions } from '../diffusion/session.ts';
import { loadLayersModel } from './model_files.ts';
import type { Rng } from '../random/prng.ts';
import { drawPrior, oneHot, runGenerator } from '../train/session.ts';
import type { GeneratorManifest } from '../train/outputs.ts';

export interface Generator { model: tf.LayersModel; manifest: GeneratorManifest }

/** Loads from a run directory (its model/) or from a model folder itself. */
export async function loadGenerator(path: string): Promise<Generator> {
  const dir = existsSync(join(path, 'model', 'manifest.json')) ? join(path, 'model') : path;
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`${path} holds no exported generator (no model/manifest.json); pass a run directory written by ganforge train (it exports at each checkpoint).`);
  }
  let manifest: GeneratorManifest;
  try { manifest = JSON.parse(readFileSync(manifestPath, 'utf8')); } catch (e) {
    throw new Error(`${manifestPath} is not valid JSON (${(e as Error).message}); export the model again.`);
  }
  if (manifest.format !== 'ganforge-generator') throw new Error(`${manifestPath} is not a ganforge generator manifest; pass a run directory written by ganforge train.`);
  const model = await loadLayersModel(dir, 'train or export the run again');
  return { model, manifest };
}

/** The manifest's noise prior; an error for models without one (diffusion). */
export function latentOf(m: GeneratorManifest): NonNullable<GeneratorManifest['latent']> {
  if (!m.latent) throw new Error(`this ${m.family} model has no latent space to walk (its samples start from noise of the data's own shape); use a GAN, GMN or VAE run.`);
  return m.latent;
}

/** z for n samples from the manifest's prior. */
export function drawLatent(m: GeneratorManifest, n: number, rng: Rng): Float32Array {
  return drawPrior(latentOf(m), n, rng);
}

/** Runs the generator on given latents (n x dim) and labels, batched; values in [-1, 1]. */
export function generate(g: Generator, z: Float32Array, labels?: Int32Array): Float32Array {
  const { conditional, numClasses } = g.manifest;
  if (conditional && !labels) throw new Error('this generator is conditional: give a class label (--label).');
  return runGenerator(g.model, z, latentOf(g.manifest).dim, conditional ? labels : undefined, numClasses);
}

/** n samples of any family: a latent model's generator on fresh noise, or a diffusion model's sampler. */
export function sampleModel(g: Generator, n: number, rng: Rng, labels?: Int32Array): Float32Array {
  const m = g.manifest;
  if (!m.diffusion) return generate(g, drawLatent(m, n, rng), labels);
  if (m.conditional && !labels) throw new Error('this model is conditional: give a class label (--label).');
  const y = m.conditional ? oneHot(labels!, m.numClasses) : undefined;
  try {
    const x = sample(noiseSchedule(m.diffusion.schedule, m.diffusion.timesteps), modelPredictor(g.model), [n, ...m.sampleShape], rng,
      { ...samplerOptions(m.diffusion.sampler), oneHotLabels: y });
    const values = x.dataSync().slice() as Float32Array;
    x.dispose();
    return values;
  } finally {
    y?.dispose();
  }
}

/** Resolves a --label given as an index or a class name. */
export function parseLabel(m: GeneratorManifest, label: string | undefined): number | undefined {
  if (label === undefined) return undefined;
  if (!m.conditional) throw new Error('this generator is unconditional: it takes no --label.');
  const byName = m.labelNames.indexOf(label);
  const index = byName >= 0 ? byName : Number(label);
  if (!Number.isInteger(index) || index < 0 || index >= m.numClasses) {
    throw new Error(`--label ${label} is not a class of this model; use 0-${m.numClasses - 1}` +
      (m.labelNames.length ? ` or one of: ${m.labelNames.join(', ')}.` : '.'));
  }
  return index;
}
