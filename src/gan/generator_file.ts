// An exported generator (model/ of a run directory): loading it with its manifest, and drawing
// samples from it with the noise prior it was trained on.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadLayersModel } from '../io/model_files.ts';
import { Rng } from '../random/prng.ts';
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

/** z for n samples from the manifest's prior. */
export function drawLatent(m: GeneratorManifest, n: number, rng: Rng): Float32Array {
  const { dim, distribution, scale } = m.latent;
  return rng.fill(n * dim, distribution === 'normal' ? (r) => r.normal() * scale : (r) => (r.uniform() * 2 - 1) * scale);
}

/** Runs the generator on given latents (n x dim) and labels, batched; values in [-1, 1]. */
export function generate(g: Generator, z: Float32Array, labels?: Int32Array, batch = 256): Float32Array {
  const { dim, sampleShape, conditional, numClasses } = { ...g.manifest, dim: g.manifest.latent.dim };
  const n = z.length / dim;
  if (conditional && !labels) throw new Error('this generator is conditional: give a class label (--label).');
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n * size);
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    const values = tf.tidy(() => {
      const inputs: tf.Tensor[] = [tf.tensor2d(z.subarray(start * dim, end * dim), [end - start, dim])];
      if (conditional) inputs.push(tf.oneHot(tf.tensor1d(Array.from(labels!.subarray(start, end)), 'int32'), numClasses).toFloat());
      return (g.model.predict(inputs) as tf.Tensor).dataSync();
    });
    out.set(values, start * size);
  }
  return out;
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
