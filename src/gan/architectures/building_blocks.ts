// What every GAN architecture builds with: seeded initialisers, the inputs of a (conditional)
// network, seeded dropout, InfoGAN's code and its head, and the collapse remedies before D's output.
import * as tf from '@tensorflow/tfjs';
import type { GanModelConfig, ModelConfig } from '../../config/schema.ts';
import { MinibatchDiscrimination, MinibatchStddev } from '../../nn/index.ts';
import { CategoricalCode, codeThresholds } from '../../nn/categorical_code.ts';
import type { Rng } from '../../random/prng.ts';

export type SymbolicTensor = tf.SymbolicTensor;
export type Layer = { apply(x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor | SymbolicTensor[] | tf.Tensor | tf.Tensor[] };

export const chain = (x: SymbolicTensor, ...layers: Layer[]) => layers.reduce((h, l) => l.apply(h) as SymbolicTensor, x);

/** Seeds for tfjs initializers, drawn from the run's generator so the same seed gives the same nets. */
export class Init {
  constructor(private rng: Rng, private stddev: number | null) {}
  seed = () => this.rng.nextUint32();
  /** DCGAN's N(0, 0.02) kernels (Radford et al. 2016) where stddev is set, else Glorot uniform. */
  kernel = () => ({
    kernelInitializer: this.stddev === null
      ? tf.initializers.glorotUniform({ seed: this.seed() })
      : tf.initializers.randomNormal({ mean: 0, stddev: this.stddev, seed: this.seed() }),
  });
  /** Label embeddings (a dense map of a one-hot): N(0, 1) like PyTorch's nn.Embedding; at 0.02 the label would be drowned by the noise or the image. */
  embedding = () => tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed() });
  batchNorm = (momentum: number) => tf.layers.batchNormalization({
    momentum, epsilon: 1e-5,
    gammaInitializer: this.stddev === null ? 'ones' : tf.initializers.randomNormal({ mean: 1, stddev: this.stddev, seed: this.seed() }),
  });
}

export interface Ctx {
  m: GanModelConfig;
  shape: number[];
  /** Width of the condition input (classes, or the sentence embedding's dimension). */
  width: number;
  conditional: boolean;
  dropout: tf.layers.Layer[];
  rng: Rng;
}

export function inputs(ctx: Ctx, first: number[]): { list: SymbolicTensor[]; x: SymbolicTensor; y: SymbolicTensor | null } {
  const x = tf.input({ shape: first });
  const y = ctx.conditional ? tf.input({ shape: [ctx.width] }) : null;
  return { list: y ? [x, y] : [x], x, y };
}

export function dropout(ctx: Ctx, rate: number): Layer[] {
  if (rate <= 0) return [];
  const layer = tf.layers.dropout({ rate, seed: 0 });
  ctx.dropout.push(layer);
  return [layer];
}

export const leaky = () => tf.layers.leakyReLU({ alpha: 0.2 });

export type CodedModel = Extract<ModelConfig, { architecture: 'mlp' | 'dcgan' }>;

/** G's noise, followed by InfoGAN's one-hot categorical code read from it where the model has one. */
export function withCode(z: SymbolicTensor, m: CodedModel): SymbolicTensor {
  if (!m.code) return z;
  const code = new CategoricalCode({ thresholds: codeThresholds(m.code.categories, m.latent) }).apply(z) as SymbolicTensor;
  return tf.layers.concatenate().apply([z, code]) as SymbolicTensor;
}

/** InfoGAN's Q: the code's logits from D's last features, sharing D's layers (built after D, so runs without it draw the same weights). */
export function codeHead(x: SymbolicTensor, features: SymbolicTensor, m: CodedModel, init: Init): tf.LayersModel | undefined {
  if (!m.code) return undefined;
  return tf.model({ inputs: x, outputs: tf.layers.dense({ units: m.code.categories, ...init.kernel() }).apply(features) as SymbolicTensor, name: 'code_head' });
}

/** Minibatch stddev / discrimination before D's output layer, on features of any rank. */
export function collapseRemedies(
  h: SymbolicTensor,
  r: { minibatchStddev: boolean; minibatchDiscrimination: { kernels: number; kernelDim: number } | null },
  init: Init,
): SymbolicTensor {
  if (r.minibatchStddev) h = new MinibatchStddev({}).apply(h) as SymbolicTensor;
  if (h.shape.length > 2) h = tf.layers.flatten().apply(h) as SymbolicTensor;
  if (r.minibatchDiscrimination) {
    h = new MinibatchDiscrimination({ ...r.minibatchDiscrimination, seed: init.seed() }).apply(h) as SymbolicTensor;
  }
  return h;
}
