// What the training loop, the outputs and `ganforge eval` need from a run in memory, whatever
// family it trains (GAN, GMN, VAE or diffusion): training steps, samples, the checkpoint round
// trip and the export of the model that draws samples.
import * as tf from '@tensorflow/tfjs';
import type { LatentModelConfig, RunConfig } from '../config/schema.ts';
import type { Dataset } from '../data/dataset.ts';
import { Rng } from '../random/prng.ts';
import { mapRowChunks } from '../util/row_chunks.ts';
import type { CheckpointContents } from './checkpoint.ts';

export interface Session {
  readonly config: RunConfig;
  readonly data: Dataset;
  /** Training steps done (generator updates for GANs). */
  readonly step: number;
  readonly conditional: boolean;
  readonly numClasses: number;
  /** A conditional GAN's discriminator, for the wrong-label experiment; null otherwise. */
  readonly discriminator: tf.LayersModel | null;
  /** One training step on fresh batches; the figures to log, all finite unless training diverged. */
  trainStep(): Record<string, number>;
  /** Samples from the same fixed noise at every call (one column per class if conditional), flat. */
  gridSamples(): Float32Array;
  /** n fresh samples in inference mode (given or cycling classes if conditional), flat. */
  generate(n: number, rng: Rng, labels?: Int32Array): Float32Array;
  /** Samples from given latent vectors (n x latent dim), for unconditional latent models; null for others. */
  generateFrom(z: Float32Array): Float32Array | null;
  /** D's probability of "real" where its optimum is p_data / (p_data + p_g); null otherwise. */
  discriminatorProbability(x: Float32Array): Float32Array | null;
  /** Weights, optimizer state and random state; tensors that are not variables are copies for the caller to dispose. */
  checkpoint(): Promise<CheckpointContents<unknown>>;
  restore(c: CheckpointContents<unknown>): Promise<void>;
  /** The network that draws samples, as `saveLayersModel` writes it, and its manifest's fields. */
  exported(): { model: tf.LayersModel; manifest: ExportedFields };
  /** Samples scored at each quality snapshot, where the family needs fewer than the default 1000. */
  readonly qualitySamples?: number;
  /** Writes what sampling needs beside the exported model (a text run's sentence encoder). */
  exportAlongside?(modelDir: string): Promise<void>;
  /** Pictures particular to the family (e.g. a VAE's reconstructions), written at checkpoints. */
  figures?(): Promise<Array<{ file: string; png: Buffer }>>;
  dispose(): void;
}

/** What a session adds to the manifest beyond what the data and the config say. */
export interface ExportedFields {
  /** Model inputs in order, e.g. ["z", "y"], or ["z", "text"] for a sentence embedding. */
  inputs: string[];
  ema: boolean;
  /** A text-to-image model's sentence encoder (a folder beside the model) and the phrasings its training never saw. */
  text?: { encoder: string; heldOutTemplates: string[] };
}

/** The independent random streams of a run, split from its one seed so that changing one use does not shift the others. */
export function runStreams(seed: number): { init: Rng; data: Rng; train: Rng; grid: Rng } {
  const master = new Rng(seed);
  const init = master.fork(), data = master.fork(), train = master.fork(), grid = master.fork();
  return { init, data, train, grid };
}

/** Labels for a grid of n samples with one column per class. */
/**
 * The labels a conditional network needs: one per sample, each a class of its `numClasses` (tf.oneHot
 * would turn a label out of range into an all-zero row without a word). `what` names the network.
 */
export function checkedLabels(labels: Int32Array | undefined, n: number, numClasses: number, what: string): Int32Array {
  if (labels?.length !== n) throw new Error(`this ${what} is conditional: give one label per sample (${n}), not ${labels?.length ?? 'none'}.`);
  const bad = labels.find((l) => !(l >= 0 && l < numClasses));
  if (bad !== undefined) throw new Error(`label ${bad} is not a class of this ${what}; give labels 0..${numClasses - 1}.`);
  return labels;
}

export const gridLabels = (n: number, k: number) => Int32Array.from({ length: n }, (_, i) => i % k);

/** Columns of a sample grid: one per class for conditional models, else a square. */
export const gridColumns = (n: number, conditional: boolean, k: number) => (conditional ? k : Math.ceil(Math.sqrt(n)));

/** n latent vectors from the prior: N(0, scale^2) or U(-scale, scale), flat. */
export function drawPrior(latent: LatentModelConfig['latent'], n: number, rng: Rng): Float32Array {
  const { dim, distribution, scale } = latent;
  return rng.fill(n * dim, distribution === 'normal' ? (r) => r.normal() * scale : (r) => (r.uniform() * 2 - 1) * scale);
}

/** One-hot rows for class labels. */
export const oneHot = (labels: ArrayLike<number>, k: number): tf.Tensor2D =>
  tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), k).toFloat() as tf.Tensor2D);

/** One-hot rows for class labels, flat (a generator's condition rows). */
export function oneHotRows(labels: ArrayLike<number>, k: number): Float32Array {
  const out = new Float32Array(labels.length * k);
  for (let i = 0; i < labels.length; i++) out[i * k + labels[i]] = 1;
  return out;
}

/**
 * Runs a generator with inputs [z] or [z, condition] (one-hot classes, or sentence embeddings)
 * on n latents in chunks, in inference mode; `conditions` holds n rows of the condition input.
 */
export function runGenerator(g: tf.LayersModel, z: Float32Array, dim: number, conditions?: Float32Array): Float32Array {
  const n = z.length / dim;
  const size = tf.util.sizeFromShape(g.outputs[0].shape.slice(1) as number[]);
  const width = conditions ? conditions.length / n : 0;
  return mapRowChunks(n, size, (from, to) => {
    const inputs: tf.Tensor[] = [tf.tensor2d(z.subarray(from * dim, to * dim), [to - from, dim])];
    if (conditions) inputs.push(tf.tensor2d(conditions.subarray(from * width, to * width), [to - from, width]));
    return g.predict(inputs) as tf.Tensor;
  });
}

type AdamLike = { accBeta1?: tf.Variable; accBeta2?: tf.Variable };

/** Adam's running beta powers, saved exactly (setWeights would recompute them with pow). */
export function betaPowers(opt: tf.Optimizer): [number, number] {
  const a = opt as unknown as AdamLike;
  return a.accBeta1 && a.accBeta2 ? [a.accBeta1.dataSync()[0], a.accBeta2.dataSync()[0]] : [1, 1];
}

export function setBetaPowers(opt: tf.Optimizer, [b1, b2]: [number, number]): void {
  const { accBeta1, accBeta2 } = opt as unknown as AdamLike;
  if (!accBeta1 || !accBeta2) return;
  tf.tidy(() => {
    accBeta1.assign(tf.scalar(b1));
    accBeta2.assign(tf.scalar(b2));
  });
}
