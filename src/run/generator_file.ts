// An exported model (model/ of a run directory): loading it with its manifest, and drawing
// samples from it: a generator with the noise prior it was trained on, or a diffusion model's
// denoiser with its sampler.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import * as z from 'zod';
import { runChain } from '../diffusion/ddpm.ts';
import { denoiserChain } from './denoiser_sampler.ts';
import { insideModel, loadLayersModel } from '../io/model_files.ts';
import type { Rng } from '../random/prng.ts';
import { drawPrior, oneHotRows, runGenerator } from '../train/session.ts';
import type { GeneratorManifest } from '../io/manifest.ts';
import { encodeSentences, loadSentenceEncoder, type SentenceEncoder } from '../text/sentence_encoder.ts';
import { unknownWordsMessage } from '../text/tokenizer.ts';

/** `dir`: the folder holding model.json and manifest.json. */
export interface Generator { model: tf.LayersModel; manifest: GeneratorManifest; dir: string }

/** Sentence embeddings, one row per sample, for a text-to-image generator. */
export interface TextRows { embeddings: Float32Array }

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
  if (manifest?.format !== 'ganforge-generator') throw new Error(`${manifestPath} is not a ganforge generator manifest; pass a run directory written by ganforge train.`);
  const fields = manifestSchema.safeParse(manifest);
  if (!fields.success) {
    const issue = fields.error.issues[0];
    throw new Error(`${manifestPath} has an invalid ${issue.path.join('.') || 'content'} (${issue.message}); export the model again.`);
  }
  const model = await loadLayersModel(dir, 'train or export the run again');
  const mismatch = modelMismatch(model, manifest);
  if (mismatch) {
    model.dispose();
    throw new Error(`${join(dir, 'model.json')} ${mismatch} than ${manifestPath} describes: the files come from different exports; export the model again.`);
  }
  return { model, manifest, dir };
}

const dimension = z.number().int().min(1).max(1 << 20);

/** The manifest fields that sizes are taken from, so that a damaged one never reaches a typed array. */
const manifestSchema = z.object({
  sampleShape: z.array(dimension).min(1).max(4),
  latent: z.object({ dim: dimension, distribution: z.enum(['normal', 'uniform']), scale: z.number().positive() }).optional(),
  numClasses: z.number().int().min(0).max(1 << 16),
  conditional: z.boolean(),
  inputs: z.array(z.string()),
});

/** How the network's input or output sizes differ from the manifest's (as "takes ... other sizes"), or null. */
function modelMismatch(model: tf.LayersModel, m: GeneratorManifest): string | null {
  const out = model.outputs[0].shape.slice(1).join(',');
  if (out !== m.sampleShape.join(',')) return `draws samples of shape [${out}], another shape`;
  if (m.latent && model.inputs[0].shape.slice(1).join(',') !== String(m.latent.dim)) return `takes noise of width ${model.inputs[0].shape.slice(1).join(', ')}, another width`;
  // A denoiser's classes follow x_t and t; a generator's, its noise.
  const classes = model.inputs[m.diffusion ? 2 : 1]?.shape[1];
  if (m.conditional && !m.text && classes !== m.numClasses) return `takes ${classes ?? 'no'} classes, other classes`;
  return null;
}

/**
 * Samples are finite wherever the weights are sound: weights of the right size but garbage
 * values (a damaged or edited weights.bin) give NaN or infinities, which would be written as
 * an image of noise with no word said.
 */
function checkFinite(values: Float32Array, g: Generator): Float32Array {
  let bad = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad++;
  if (bad > 0) throw new Error(`the model in ${g.dir} drew ${bad} non-finite values (NaN or infinity) in ${values.length}: its weights are damaged; restore the model folder or export the model again.`);
  return values;
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

/**
 * Runs the generator on given latents (n x dim), batched; values in [-1, 1]. Conditional models
 * take class labels, text-to-image models sentence embeddings (see embedText).
 */
export function generate(g: Generator, z: Float32Array, condition?: Int32Array | TextRows): Float32Array {
  const m = g.manifest, dim = latentOf(m).dim;
  if (m.text) {
    if (!condition || condition instanceof Int32Array) throw new Error('this generator draws from text: give a sentence (--text "a thick seven").');
    return checkFinite(runGenerator(g.model, z, dim, condition.embeddings), g);
  }
  if (m.conditional && !(condition instanceof Int32Array)) throw new Error('this generator is conditional: give a class label (--label).');
  return checkFinite(runGenerator(g.model, z, dim, m.conditional ? oneHotRows(condition as Int32Array, m.numClasses) : undefined), g);
}

/** A text-to-image model's sentence encoder (saved beside it); an error for other models. */
export async function loadTextEncoder(g: Generator): Promise<SentenceEncoder> {
  if (!g.manifest.text) throw new Error(`this ${g.manifest.architecture} model does not take text; --text needs a text-to-image run (e.g. the mnist-text preset).`);
  return loadSentenceEncoder(insideModel(g.dir, g.manifest.text.encoder, `the sentence encoder folder in ${join(g.dir, 'manifest.json')}`, 'export the model again'));
}

/**
 * The condition rows of a text-to-image model for these sentences (one per sample); unknown words
 * are named on stderr and skipped. Errors for other models and for a missing sentence.
 */
export async function textCondition(g: Generator, sentences: readonly (string | undefined)[]): Promise<TextRows> {
  const encoder = await loadTextEncoder(g);
  try {
    if (sentences.some((s) => s === undefined)) throw new Error('this model draws from text: give a sentence with --text, e.g. --text "a thick seven leaning right".');
    const unique = [...new Set(sentences as string[])];
    const { rows, warning } = embedText(encoder, unique);
    if (warning) console.error(warning);
    const width = rows.embeddings.length / unique.length;
    const out = new Float32Array(sentences.length * width);
    sentences.forEach((s, i) => { const u = unique.indexOf(s!); out.set(rows.embeddings.subarray(u * width, (u + 1) * width), i * width); });
    return { embeddings: out };
  } finally {
    encoder.model.dispose();
  }
}

/**
 * The embeddings of `sentences`, and a one-sentence warning naming the words the vocabulary
 * lacks (skipped), or ''. A sentence with no known word is an error.
 */
export function embedText(encoder: SentenceEncoder, sentences: readonly string[]): { rows: TextRows; warning: string } {
  const { embeddings, unknown } = encodeSentences(encoder, sentences);
  const rows = { embeddings: embeddings.dataSync().slice() as Float32Array };
  embeddings.dispose();
  return { rows, warning: unknownWordsMessage(unknown, encoder.vocabulary) };
}

/** n samples of any family: a latent model's generator on fresh noise, or a diffusion model's sampler. */
export function sampleModel(g: Generator, n: number, rng: Rng, condition?: Int32Array | TextRows): Float32Array {
  const m = g.manifest;
  if (!m.diffusion) return generate(g, drawLatent(m, n, rng), condition);
  if (condition !== undefined && !(condition instanceof Int32Array)) throw new Error('a diffusion model does not take text.');
  if (m.conditional && !condition) throw new Error('this model is conditional: give a class label (--label).');
  const x = runChain(denoiserChain(g.model, m, n, rng, { labels: m.conditional ? condition : undefined }));
  const values = x.dataSync().slice() as Float32Array;
  x.dispose();
  return checkFinite(values, g);
}

/** Resolves a --label given as an index or a class name. */
export function parseLabel(m: GeneratorManifest, label: string | undefined): number | undefined {
  if (label === undefined) return undefined;
  if (!m.conditional) throw new Error('this generator is unconditional: it takes no --label.');
  if (m.text) throw new Error('this generator draws from text, not class labels: say what to draw with --text, e.g. --text "a thick seven".');
  const byName = m.labelNames.indexOf(label);
  const index = byName >= 0 ? byName : Number(label);
  if (!Number.isInteger(index) || index < 0 || index >= m.numClasses) {
    throw new Error(`--label ${label} is not a class of this model; use 0-${m.numClasses - 1}` +
      (m.labelNames.length ? ` or one of: ${m.labelNames.join(', ')}.` : '.'));
  }
  return index;
}
