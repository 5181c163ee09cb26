// Generators and discriminators of the architectures the documents describe, built with
// tfjs-layers from a model config and the data's sample shape. D returns raw scores [B, 1]
// (logits or critic values); conditional nets take a one-hot label as their second input.
import * as tf from '@tensorflow/tfjs';
import type { GanModelConfig, ModelConfig } from '../config/schema.ts';
import { isConditional } from '../config/schema.ts';
import { maxout, MinibatchDiscrimination, MinibatchStddev } from '../nn/index.ts';
import { CategoricalCode, codeThresholds } from '../nn/categorical_code.ts';
import type { Rng } from '../random/prng.ts';

type SymbolicTensor = tf.SymbolicTensor;
type Layer = { apply(x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor | SymbolicTensor[] | tf.Tensor | tf.Tensor[] };

export interface GanNetworks {
  g: tf.LayersModel;
  d: tf.LayersModel;
  /** TAC-GAN's auxiliary classifier: class logits from D's image features, sharing D's convolutions; absent unless configured. */
  classifier?: tf.LayersModel;
  conditional: boolean;
  numClasses: number;
  sampleShape: number[];
  /**
   * Dropout layers, whose masks must come from the run's seeded generator: reseedDropout gives
   * each a fresh seed before a pass (tfjs draws a fixed seed's mask again, an unset one from Math.random).
   */
  dropout: tf.layers.Layer[];
}

export interface DataInfo { shape: number[]; numClasses: number }

const chain = (x: SymbolicTensor, ...layers: Layer[]) => layers.reduce((h, l) => l.apply(h) as SymbolicTensor, x);
const product = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/** Seeds for tfjs initializers, drawn from the run's generator so the same seed gives the same nets. */
class Init {
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

const GAN_ARCHITECTURES = new Set(['mlp', 'dcgan', 'cdcgan', 'text-dcgan', 'cgan-maxout']);

/** The model config of a GAN architecture (the schema lets GAN and GMN runs have only these). */
export function ganModel(m: ModelConfig): GanModelConfig {
  if (!GAN_ARCHITECTURES.has(m.architecture)) throw new Error(`"${m.architecture}" is not a GAN architecture; choose one of ${[...GAN_ARCHITECTURES].join(', ')}.`);
  return m as GanModelConfig;
}

export function buildNetworks(m: GanModelConfig, data: DataInfo, rng: Rng): GanNetworks {
  const conditional = isConditional(m);
  if (conditional && data.numClasses < 2) {
    throw new Error(`model "${m.architecture}" is conditional but the data has no labels; use data with classes (e.g. mnist) or an unconditional model.`);
  }
  // Labels come one-hot; a caption as its sentence embedding.
  const width = m.architecture === 'text-dcgan' ? m.text.encoder.outputDim : data.numClasses;
  const ctx: Ctx = { m, shape: data.shape, width, conditional, dropout: [], rng };
  const { g, d, classifier }: { g: tf.LayersModel; d: tf.LayersModel; classifier?: tf.LayersModel } = m.architecture === 'mlp' ? mlp(ctx, m)
    : m.architecture === 'cgan-maxout' ? cganMaxout(ctx, m)
      : dcgan(ctx, m, data.numClasses);
  return { g, d, classifier, conditional, numClasses: data.numClasses, sampleShape: data.shape, dropout: ctx.dropout };
}

/** Frees a pair's weights, the auxiliary classifier's own head too (its convolutions are D's). */
export function disposeNetworks(nets: Pick<GanNetworks, 'g' | 'd' | 'classifier'>, which: { g: boolean } = { g: true }): void {
  if (which.g) nets.g.dispose();
  nets.d.dispose();
  for (const layer of nets.classifier?.layers ?? []) if (!nets.d.layers.includes(layer)) layer.dispose();
}

export function reseedDropout(nets: GanNetworks, rng: Rng): void {
  for (const layer of nets.dropout) (layer as unknown as { seed: number }).seed = rng.nextUint32();
}

interface Ctx {
  m: GanModelConfig;
  shape: number[];
  /** Width of the condition input (classes, or the sentence embedding's dimension). */
  width: number;
  conditional: boolean;
  dropout: tf.layers.Layer[];
  rng: Rng;
}

function inputs(ctx: Ctx, first: number[]): { list: SymbolicTensor[]; x: SymbolicTensor; y: SymbolicTensor | null } {
  const x = tf.input({ shape: first });
  const y = ctx.conditional ? tf.input({ shape: [ctx.width] }) : null;
  return { list: y ? [x, y] : [x], x, y };
}

function dropout(ctx: Ctx, rate: number): Layer[] {
  if (rate <= 0) return [];
  const layer = tf.layers.dropout({ rate, seed: 0 });
  ctx.dropout.push(layer);
  return [layer];
}

const leaky = () => tf.layers.leakyReLU({ alpha: 0.2 });

type CodedModel = Extract<ModelConfig, { architecture: 'mlp' | 'dcgan' }>;

/** G's noise, followed by InfoGAN's one-hot categorical code read from it where the model has one. */
function withCode(z: SymbolicTensor, m: CodedModel): SymbolicTensor {
  if (!m.code) return z;
  const code = new CategoricalCode({ thresholds: codeThresholds(m.code.categories, m.latent) }).apply(z) as SymbolicTensor;
  return tf.layers.concatenate().apply([z, code]) as SymbolicTensor;
}

/** InfoGAN's Q: the code's logits from D's last features, sharing D's layers (built after D, so runs without it draw the same weights). */
function codeHead(x: SymbolicTensor, features: SymbolicTensor, m: CodedModel, init: Init): tf.LayersModel | undefined {
  if (!m.code) return undefined;
  return tf.model({ inputs: x, outputs: tf.layers.dense({ units: m.code.categories, ...init.kernel() }).apply(features) as SymbolicTensor, name: 'code_head' });
}

/** D's input: one sample, or PacGAN's `pack` samples stacked on a new first axis. */
export const packedShape = (shape: number[], pack: number) => (pack === 1 ? shape : [pack, ...shape]);

/** A batch [n, ...shape] as the n / pack groups of consecutive samples D judges together (the identity at pack 1). */
export function packSamples(x: tf.Tensor, pack: number): tf.Tensor {
  return pack === 1 ? x : tf.reshape(x, [x.shape[0] / pack, pack, ...x.shape.slice(1)]);
}

/** Minibatch stddev / discrimination before D's output layer, on features of any rank. */
function collapseRemedies(
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

function mlp(ctx: Ctx, m: Extract<ModelConfig, { architecture: 'mlp' }>) {
  const init = new Init(ctx.rng, null);
  const gIn = inputs(ctx, [m.latent.dim]);
  let h = gIn.y ? tf.layers.concatenate().apply([gIn.x, gIn.y]) as SymbolicTensor : withCode(gIn.x, m);
  for (const units of m.generator.hidden) {
    h = chain(h, tf.layers.dense({ units, ...init.kernel() }),
      ...(m.generator.batchNorm ? [init.batchNorm(0.9)] : []),
      m.generator.activation === 'relu' ? tf.layers.reLU() : leaky());
  }
  const out = chain(h, tf.layers.dense({ units: product(ctx.shape), activation: 'tanh', ...init.kernel() }),
    tf.layers.reshape({ targetShape: ctx.shape }));
  const g = tf.model({ inputs: gIn.list, outputs: out, name: 'generator' });

  const pack = m.discriminator.pack;
  const dIn = inputs(ctx, packedShape(ctx.shape, pack));
  let f = pack > 1 || ctx.shape.length > 1 ? tf.layers.flatten().apply(dIn.x) as SymbolicTensor : dIn.x;
  if (dIn.y) f = tf.layers.concatenate().apply([f, dIn.y]) as SymbolicTensor;
  for (const units of m.discriminator.hidden) {
    f = chain(f, tf.layers.dense({ units, ...init.kernel() }), leaky(), ...dropout(ctx, m.discriminator.dropout));
  }
  const hidden = f;
  f = collapseRemedies(f, m.discriminator, init);
  const d = tf.model({ inputs: dIn.list, outputs: chain(f, tf.layers.dense({ units: 1, ...init.kernel() })), name: 'discriminator' });
  return { g, d, classifier: codeHead(dIn.x, hidden, m, init) };
}

/** Mirza & Osindero (2014): z and y mapped separately, joined; D with maxout on x and on y, joined. */
function cganMaxout(ctx: Ctx, m: Extract<ModelConfig, { architecture: 'cgan-maxout' }>) {
  const init = new Init(ctx.rng, null);
  const gm = m.generator, dm = m.discriminator;
  const bn = () => (gm.batchNormMomentum === null ? [] : [init.batchNorm(gm.batchNormMomentum)]);
  const scaled = (y: SymbolicTensor) => (m.labelScale === 1 ? y : chain(y, tf.layers.rescaling({ scale: m.labelScale })));
  const gIn = inputs(ctx, [m.latent.dim]);
  const hz = chain(gIn.x, tf.layers.dense({ units: gm.zUnits, ...init.kernel() }), ...bn(), tf.layers.reLU(), ...dropout(ctx, gm.dropout));
  const hy = chain(gIn.y!, tf.layers.dense({ units: gm.yUnits, ...init.kernel() }), ...bn(), tf.layers.reLU(), ...dropout(ctx, gm.dropout));
  const joint = chain(tf.layers.concatenate().apply([hz, hy]) as SymbolicTensor,
    tf.layers.dense({ units: gm.joint, ...init.kernel() }), ...bn(), tf.layers.reLU(), ...dropout(ctx, gm.dropout),
    tf.layers.dense({ units: product(ctx.shape), activation: 'tanh', ...init.kernel() }),
    tf.layers.reshape({ targetShape: ctx.shape }));
  const g = tf.model({ inputs: gIn.list, outputs: joint, name: 'generator' });

  const dIn = inputs(ctx, ctx.shape);
  const flat = ctx.shape.length > 1 ? tf.layers.flatten().apply(dIn.x) as SymbolicTensor : dIn.x;
  const mx = (units: number, pieces: number) => maxout({ units, pieces, seed: init.seed() });
  const fx = chain(flat, mx(dm.xUnits, dm.xPieces), ...dropout(ctx, dm.dropout));
  const fy = chain(scaled(dIn.y!), mx(dm.yUnits, dm.yPieces), ...dropout(ctx, dm.dropout));
  let f = chain(tf.layers.concatenate().apply([fx, fy]) as SymbolicTensor, mx(dm.joint, dm.jointPieces), ...dropout(ctx, dm.dropout));
  f = collapseRemedies(f, dm, init);
  const d = tf.model({ inputs: dIn.list, outputs: chain(f, tf.layers.dense({ units: 1, ...init.kernel() })), name: 'discriminator' });
  return { g, d };
}

/** Number of stride-2 stages: as many as keep both sides whole and at least 3 pixels, at most 4. */
export function upsamplingStages(shape: number[]): number {
  const [h, w] = shape;
  let stages = 0;
  while (stages < 4 && h % 2 ** (stages + 1) === 0 && w % 2 ** (stages + 1) === 0 && h / 2 ** (stages + 1) >= 3 && w / 2 ** (stages + 1) >= 3) stages++;
  if (shape.length !== 3 || stages === 0) {
    throw new Error(`a convolutional GAN needs images whose sides are even and at least 6 pixels, not shape [${shape.join(', ')}]; resize the images or use the "mlp" architecture.`);
  }
  return stages;
}

/**
 * DCGAN (Radford et al. 2016); its conditional form with a label embedding or projection; and
 * GAN-INT-CLS's text form (Reed et al. 2016): the sentence embedding compressed by a dense layer
 * and LeakyReLU, joined to the noise in G and, replicated over space, to D's last feature maps,
 * followed by a 1x1 convolution there; optionally TAC-GAN's auxiliary classifier (Dash et al. 2017)
 * on D's image features before the text joins them.
 */
function dcgan(ctx: Ctx, m: Extract<ModelConfig, { architecture: 'dcgan' | 'cdcgan' | 'text-dcgan' }>, numClasses: number) {
  const init = new Init(ctx.rng, 0.02);
  const [h, w, c] = ctx.shape;
  const stages = upsamplingStages(ctx.shape);
  const gm = m.generator, dm = m.discriminator;
  const embeddingDim = m.architecture === 'cdcgan' ? m.embeddingDim : 0;
  const text = m.architecture === 'text-dcgan';
  const compressedDim = text ? m.compressedDim : 0;
  // N(0, 1) weights: the embedding has unit norm, so each compressed unit starts with unit variance,
  // level with the noise; DCGAN's N(0, 0.02) would leave the text too faint for G and D to use early.
  const compress = (t: SymbolicTensor) => chain(t, tf.layers.dense({ units: compressedDim, kernelInitializer: init.embedding() }), leaky());

  // G: noise (and label embedding) -> dense map of (h, w) / 2^stages -> transposed convolutions
  // doubling the size and halving the channels -> tanh image. No pooling anywhere.
  const gIn = inputs(ctx, [m.latent.dim]);
  let z = gIn.x;
  if (gIn.y) {
    const e = text ? compress(gIn.y) : tf.layers.dense({ units: embeddingDim, useBias: false, kernelInitializer: init.embedding() }).apply(gIn.y) as SymbolicTensor;
    z = tf.layers.concatenate().apply([z, e]) as SymbolicTensor;
  }
  if (m.architecture === 'dcgan') z = withCode(z, m);
  const [h0, w0] = [h / 2 ** stages, w / 2 ** stages];
  let ch = gm.channels * 2 ** (stages - 1);
  let x = chain(z, tf.layers.dense({ units: h0 * w0 * ch, useBias: false, ...init.kernel() }),
    init.batchNorm(gm.batchNormMomentum), tf.layers.reLU(), tf.layers.reshape({ targetShape: [h0, w0, ch] }));
  for (let s = 1; s < stages; s++) {
    ch /= 2;
    x = chain(x, tf.layers.conv2dTranspose({ filters: ch, kernelSize: gm.kernelSize, strides: 2, padding: 'same', useBias: false, ...init.kernel() }),
      init.batchNorm(gm.batchNormMomentum), tf.layers.reLU());
  }
  x = chain(x, tf.layers.conv2dTranspose({ filters: c, kernelSize: gm.kernelSize, strides: 2, padding: 'same', activation: 'tanh', ...init.kernel() }));
  const g = tf.model({ inputs: gIn.list, outputs: x, name: 'generator' });

  // D: strided convolutions doubling the channels, LeakyReLU, batch norm after the first.
  const dIn = inputs(ctx, packedShape(ctx.shape, dm.pack));
  // Packed images [pack, h, w, c] become one image of pack * c channels.
  let f = dm.pack === 1 ? dIn.x
    : chain(dIn.x, tf.layers.permute({ dims: [2, 3, 4, 1] }), tf.layers.reshape({ targetShape: [h, w, c * dm.pack] }));
  const projection = m.architecture === 'cdcgan' && m.conditioning === 'projection';
  if (dIn.y && !projection && !text) {
    // The label as one more input channel: a learned h x w map per class.
    const map = chain(dIn.y, tf.layers.dense({ units: h * w, useBias: false, kernelInitializer: init.embedding() }), tf.layers.reshape({ targetShape: [h, w, 1] }));
    f = tf.layers.concatenate().apply([f, map]) as SymbolicTensor;
  }
  for (let s = 0; s < stages; s++) {
    const norm = s > 0 && dm.batchNorm;
    f = chain(f, tf.layers.conv2d({ filters: dm.channels * 2 ** s, kernelSize: dm.kernelSize, strides: 2, padding: 'same', useBias: !norm, ...init.kernel() }),
      ...(norm ? [init.batchNorm(0.9)] : []), leaky());
  }
  const imageFeatures = f;
  if (dIn.y && text) {
    const [fh, fw, fc] = f.shape.slice(1) as number[];
    const t = chain(compress(dIn.y), tf.layers.reshape({ targetShape: [1, 1, compressedDim] }), tf.layers.upSampling2d({ size: [fh, fw] }));
    f = chain(tf.layers.concatenate().apply([f, t]) as SymbolicTensor,
      tf.layers.conv2d({ filters: fc, kernelSize: 1, useBias: !dm.batchNorm, ...init.kernel() }), ...(dm.batchNorm ? [init.batchNorm(0.9)] : []), leaky());
  }
  f = collapseRemedies(f, dm, init);
  let out = tf.layers.dense({ units: 1, ...init.kernel() }).apply(f) as SymbolicTensor;
  if (dIn.y && projection) {
    // Miyato & Koyama (2018): D(x, y) = psi(phi(x)) + <embed(y), phi(x)>.
    const e = tf.layers.dense({ units: f.shape[1] as number, useBias: false, ...init.kernel() }).apply(dIn.y) as SymbolicTensor;
    const inner = tf.layers.dot({ axes: 1 }).apply([e, f]) as SymbolicTensor;
    out = tf.layers.add().apply([out, inner]) as SymbolicTensor;
  }
  const d = tf.model({ inputs: dIn.list, outputs: out, name: 'discriminator' });
  // Built last, so that a run without it draws the same initial weights as before it existed.
  const classifier = text && m.text.auxiliaryClassifier > 0
    ? tf.model({ inputs: dIn.x, outputs: chain(imageFeatures, tf.layers.flatten(), tf.layers.dense({ units: numClasses, ...init.kernel() })), name: 'auxiliary_classifier' })
    : m.architecture === 'dcgan' ? codeHead(dIn.x, tf.layers.flatten().apply(imageFeatures) as SymbolicTensor, m, init) : undefined;
  return { g, d, classifier };
}
