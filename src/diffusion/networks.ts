// Denoisers: networks eps_theta(x_t, t) that predict the noise in x_t at step t (see ddpm.ts).
// Inputs are [x_t, t], plus one-hot labels y for class-conditional models: x_t of the data's
// sample shape, t as [1] holding the step 1..T as a float (unnormalised: the sinusoidal
// embedding is made for integer positions), y as [k]. The output has x_t's shape.
//
// Both builders follow DDPM's network in miniature (Ho et al. 2020, appendix B): the step goes
// through the sinusoidal embedding and a two-layer MLP, and is added to the features of every
// block; a label embedding is added to the time embedding (as diffusers' class embedding). The
// MLP also sees sinusoids of each coordinate of small samples (coordinate_embedding.ts).
// Layers whose output feeds a sum are zero-initialised (Ho et al.'s code), so each residual
// branch and the output start at zero: training starts from a stable, norm-free network.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/prng.ts';
import { CoordinateEmbedding } from './coordinate_embedding.ts';
import { TimestepEmbedding } from './timestep_embedding.ts';

type SymbolicTensor = tf.SymbolicTensor;

/** A fully connected denoiser for vector data, such as 2-D points. */
export interface MlpDenoiserOptions {
  architecture: 'mlp';
  /** Widths of the hidden layers (default [128, 128, 128]). */
  hidden?: number[];
  /** Width of the timestep embedding (default 128). */
  timeEmbeddingDim?: number;
  /**
   * Sinusoidal features per coordinate of x_t fed beside it (coordinate_embedding.ts), 0 for the raw
   * coordinates only. Default 128 for samples of at most 16 values (points, small tables), where it
   * lets the MLP learn thin structures such as the spiral's arms in thousands of steps rather than
   * tens of thousands; 0 for larger samples, whose input width it would multiply by 129.
   */
  coordinateEmbeddingDim?: number;
  /** The highest frequency of those features, in radians per unit of data in [-1, 1] (default 25). */
  coordinateScale?: number;
  /** Number of classes of a class-conditional denoiser; absent or 0 for an unconditional one. */
  numClasses?: number;
}

/** A small U-Net for images [h, w, c]. */
export interface UnetDenoiserOptions {
  architecture: 'unet';
  /** Channels at each resolution, full size first; each further entry halves height and width (default [16, 32]). */
  channels?: number[];
  /** Residual blocks per resolution on each side of the U (default 1). */
  blocks?: number;
  /** Width of the timestep embedding (default 64). */
  timeEmbeddingDim?: number;
  /** Number of classes of a class-conditional denoiser; absent or 0 for an unconditional one. */
  numClasses?: number;
}

export type DenoiserOptions = MlpDenoiserOptions | UnetDenoiserOptions;

export const DENOISER_DEFAULTS = {
  mlp: { hidden: [128, 128, 128], timeEmbeddingDim: 128, coordinateEmbeddingDim: 128, coordinateScale: 25, coordinateEmbeddingMaxSize: 16 },
  unet: { channels: [16, 32], blocks: 1, timeEmbeddingDim: 64 },
} as const;

/** The denoiser `options.architecture` names, for samples of `shape`. */
export function buildDenoiser(shape: number[], options: DenoiserOptions, rng: Rng): tf.LayersModel {
  if (options.architecture === 'mlp') return mlpDenoiser(shape, options, rng);
  if (options.architecture === 'unet') return unetDenoiser(shape, options, rng);
  throw new Error(`unknown denoiser architecture "${(options as { architecture: string }).architecture}"; choose mlp or unet.`);
}

/** Layer factories whose random initializers are seeded from the run's generator. */
class Init {
  constructor(private rng: Rng) {}
  private seed = () => this.rng.nextUint32();
  dense = (units: number, zero = false, activation?: 'swish') => tf.layers.dense({
    units, activation, kernelInitializer: zero ? 'zeros' : tf.initializers.glorotUniform({ seed: this.seed() }),
  });
  conv = (filters: number, kernelSize: number, strides = 1, zero = false) => tf.layers.conv2d({
    filters, kernelSize, strides, padding: 'same', kernelInitializer: zero ? 'zeros' : tf.initializers.glorotUniform({ seed: this.seed() }),
  });
  /** A transposed 4x4 convolution of stride 2 doubles height and width (DCGAN's upsampling; every output pixel sees the same number of taps). */
  upConv = (filters: number) => tf.layers.conv2dTranspose({
    filters, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: this.seed() }),
  });
  /** Label embeddings: N(0, 1) rows, as torch.nn.Embedding. */
  labels = (units: number) => tf.layers.dense({ units, useBias: false, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed() }) });
}

const swish = (x: SymbolicTensor) => tf.layers.activation({ activation: 'swish' }).apply(x) as SymbolicTensor;
const add = (a: SymbolicTensor, b: SymbolicTensor) => tf.layers.add().apply([a, b]) as SymbolicTensor;
const apply = (layer: tf.layers.Layer, x: SymbolicTensor) => layer.apply(x) as SymbolicTensor;

interface Inputs { list: SymbolicTensor[]; x: SymbolicTensor; t: SymbolicTensor; y: SymbolicTensor | null }

function inputs(shape: number[], numClasses: number | undefined): Inputs {
  if (numClasses !== undefined && numClasses !== 0 && !(Number.isInteger(numClasses) && numClasses >= 2)) {
    throw new Error(`a class-conditional denoiser needs at least 2 classes, not ${numClasses}; set numClasses to 0 for an unconditional one.`);
  }
  const x = tf.input({ shape, name: 'x_t' });
  const t = tf.input({ shape: [1], name: 't' });
  const y = numClasses ? tf.input({ shape: [numClasses], name: 'y' }) : null;
  return { list: y ? [x, t, y] : [x, t], x, t, y };
}

/**
 * DDPM's time embedding: sinusoids, dense + swish, dense; plus the label embedding when
 * conditional. Returned after a swish, ready for each block's own projection.
 */
function timeEmbedding(init: Init, inp: Inputs, dim: number): SymbolicTensor {
  let e = apply(init.dense(dim), apply(init.dense(dim, false, 'swish'), apply(new TimestepEmbedding({ dim }), inp.t)));
  if (inp.y) e = add(e, apply(init.labels(dim), inp.y));
  return swish(e);
}

/**
 * x (flattened, with its coordinate embedding) -> [dense + projected time embedding, swish] per
 * hidden width -> dense to the sample size.
 */
export function mlpDenoiser(shape: number[], options: Omit<MlpDenoiserOptions, 'architecture'>, rng: Rng): tf.LayersModel {
  const d = DENOISER_DEFAULTS.mlp;
  const hidden = options.hidden ?? d.hidden;
  const timeDim = options.timeEmbeddingDim ?? d.timeEmbeddingDim;
  const size = tf.util.sizeFromShape(shape);
  const coordinateDim = options.coordinateEmbeddingDim ?? (size <= d.coordinateEmbeddingMaxSize ? d.coordinateEmbeddingDim : 0);
  const init = new Init(rng);
  const inp = inputs(shape, options.numClasses);
  const time = timeEmbedding(init, inp, timeDim);
  let h = shape.length > 1 ? apply(tf.layers.flatten(), inp.x) : inp.x;
  if (coordinateDim > 0) h = apply(new CoordinateEmbedding({ dim: coordinateDim, scale: options.coordinateScale ?? d.coordinateScale }), h);
  for (const units of hidden) h = swish(add(apply(init.dense(units), h), apply(init.dense(units), time)));
  let out = apply(init.dense(size, true), h);
  if (shape.length > 1) out = apply(tf.layers.reshape({ targetShape: shape }), out);
  return tf.model({ inputs: inp.list, outputs: out, name: 'denoiser' });
}

/**
 * Down: a 3x3 convolution to channels[0], then per resolution residual blocks and a stride-2
 * convolution to the next; a residual block at the bottom; up: a 4x4 transposed convolution of
 * stride 2, the skip of the same resolution concatenated, residual blocks; a 3x3 convolution of
 * swish(h) to the image's channels. No normalisation: tfjs has no GroupNorm, and batch norm
 * would mix statistics across the different noise levels of a batch.
 */
export function unetDenoiser(shape: number[], options: Omit<UnetDenoiserOptions, 'architecture'>, rng: Rng): tf.LayersModel {
  const channels = options.channels ?? DENOISER_DEFAULTS.unet.channels;
  const blocks = options.blocks ?? DENOISER_DEFAULTS.unet.blocks;
  const timeDim = options.timeEmbeddingDim ?? DENOISER_DEFAULTS.unet.timeEmbeddingDim;
  const levels = channels.length;
  const [height, width, depth] = shape;
  const scale = 2 ** (levels - 1);
  if (shape.length !== 3 || height % scale !== 0 || width % scale !== 0) {
    throw new Error(`a U-Net with ${levels} resolutions needs images [h, w, c] whose sides divide by ${scale}, not [${shape.join(', ')}]; ` +
      'resize the images or give fewer channels entries.');
  }
  if (channels.length === 0 || !(Number.isInteger(blocks) && blocks >= 1)) {
    throw new Error(`a U-Net needs at least one channels entry and at least one block, not channels [${channels.join(', ')}] and blocks ${blocks}.`);
  }
  const init = new Init(rng);
  const inp = inputs(shape, options.numClasses);
  const time = timeEmbedding(init, inp, timeDim);

  /** DDPM's residual block: conv(swish(h)) + projected time, conv(swish(.)), added to h (1x1-projected if the widths differ). */
  const block = (h: SymbolicTensor, filters: number) => {
    let r = apply(init.conv(filters, 3), swish(h));
    const t = apply(tf.layers.reshape({ targetShape: [1, 1, filters] }), apply(init.dense(filters), time));
    r = apply(init.conv(filters, 3, 1, true), swish(add(r, t)));
    const skip = h.shape[3] === filters ? h : apply(init.conv(filters, 1), h);
    return add(skip, r);
  };

  let h = apply(init.conv(channels[0], 3), inp.x);
  const skips: SymbolicTensor[] = [];
  for (let level = 0; level < levels; level++) {
    for (let b = 0; b < blocks; b++) h = block(h, channels[level]);
    skips.push(h);
    if (level + 1 < levels) h = apply(init.conv(channels[level + 1], 3, 2), h);
  }
  h = block(h, channels[levels - 1]);
  for (let level = levels - 1; level >= 0; level--) {
    if (level + 1 < levels) h = apply(init.upConv(channels[level]), h);
    h = tf.layers.concatenate().apply([h, skips[level]]) as SymbolicTensor;
    for (let b = 0; b < blocks; b++) h = block(h, channels[level]);
  }
  const out = apply(init.conv(depth, 3, 1, true), swish(h));
  return tf.model({ inputs: inp.list, outputs: out, name: 'denoiser' });
}
