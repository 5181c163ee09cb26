// The VAE's two networks (Kingma & Welling 2014; the `003` document), built with tfjs-layers:
// the encoder Q(z|X) -> [mean, logVar] and the decoder P(X|z) -> the likelihood's parameters
// (logits for 'bernoulli', the mean for 'gaussian'). The conditional VAE (Sohn et al. 2015)
// feeds a one-hot label y to both as one more input. `generator` shares the decoder's weights
// and returns the decoded mean in [-1, 1] with the data's shape, so it exports and samples
// exactly like a GAN generator (inputs [z] or [z, y]).
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/prng.ts';
import type { Likelihood } from './objective.ts';

type SymbolicTensor = tf.SymbolicTensor;

export interface VaeNetworkOptions {
  /** 'mlp' for vectors or flattened images; 'conv' for images [h, w, c] (DCGAN-like shapes). */
  architecture: 'mlp' | 'conv';
  latentDim: number;
  likelihood: Likelihood;
  /** Feed a one-hot label to both networks (Sohn et al. 2015); needs data with classes. */
  conditional: boolean;
  /** mlp: hidden units of the encoder, first to last; the decoder uses them in reverse. */
  hidden: number[];
  /** conv: channels of the encoder's first convolution, doubled at each stride-2 stage; the decoder mirrors it. */
  channels: number;
  kernelSize: number;
}

export const VAE_NETWORK_DEFAULTS: VaeNetworkOptions = {
  architecture: 'mlp', latentDim: 16, likelihood: 'bernoulli', conditional: false,
  hidden: [512, 256], channels: 32, kernelSize: 4,
};

export interface VaeNetworks {
  /** Inputs [x] or [x, y]; outputs [mean, logVar], each [B, latentDim]. */
  encoder: tf.LayersModel;
  /** Inputs [z] or [z, y]; output the likelihood's parameters with the data's shape. */
  decoder: tf.LayersModel;
  /** The decoder followed by the map to the decoded mean in [-1, 1]; shares the decoder's weights. */
  generator: tf.LayersModel;
  options: VaeNetworkOptions;
  numClasses: number;
  sampleShape: number[];
}

const chain = (x: SymbolicTensor, ...layers: tf.layers.Layer[]) => layers.reduce((h, l) => l.apply(h) as SymbolicTensor, x);
const leaky = () => tf.layers.leakyReLU({ alpha: 0.2 });

export function buildVaeNetworks(options: Partial<VaeNetworkOptions>, data: { shape: number[]; numClasses: number }, rng: Rng): VaeNetworks {
  const o = { ...VAE_NETWORK_DEFAULTS, ...options };
  if (o.conditional && data.numClasses < 2) {
    throw new Error('the VAE is conditional but the data has no labels; use data with classes (e.g. mnist) or conditional: false.');
  }
  if (!(Number.isInteger(o.latentDim) && o.latentDim >= 1)) throw new Error(`latentDim must be a positive integer, not ${o.latentDim}.`);
  // Glorot-uniform kernels seeded from the run's generator, so the same seed gives the same nets.
  const kernel = () => ({ kernelInitializer: tf.initializers.glorotUniform({ seed: rng.nextUint32() }) });
  const k = data.numClasses;
  const x = tf.input({ shape: data.shape });
  const z = tf.input({ shape: [o.latentDim] });
  const y = o.conditional ? tf.input({ shape: [k] }) : null;
  const withLabel = (h: SymbolicTensor) => (y ? tf.layers.concatenate().apply([h, y]) as SymbolicTensor : h);

  let features: SymbolicTensor, decoded: SymbolicTensor;
  if (o.architecture === 'mlp') {
    let h = withLabel(data.shape.length > 1 ? tf.layers.flatten().apply(x) as SymbolicTensor : x);
    for (const units of o.hidden) h = chain(h, tf.layers.dense({ units, ...kernel() }), leaky());
    features = h;
    let g = withLabel(z);
    for (const units of [...o.hidden].reverse()) g = chain(g, tf.layers.dense({ units, ...kernel() }), tf.layers.reLU());
    decoded = chain(g, tf.layers.dense({ units: tf.util.sizeFromShape(data.shape), ...kernel() }), tf.layers.reshape({ targetShape: data.shape }));
  } else {
    const [h, w, c] = data.shape;
    const stages = convStages(data.shape);
    // Encoder: strided convolutions doubling the channels; the label joins the flattened features.
    let f: SymbolicTensor = x;
    for (let s = 0; s < stages; s++) {
      f = chain(f, tf.layers.conv2d({ filters: o.channels * 2 ** s, kernelSize: o.kernelSize, strides: 2, padding: 'same', ...kernel() }), leaky());
    }
    features = withLabel(tf.layers.flatten().apply(f) as SymbolicTensor);
    // Decoder: the encoder mirrored, a dense map to the smallest feature map, then transposed convolutions.
    let ch = o.channels * 2 ** (stages - 1);
    const [h0, w0] = [h / 2 ** stages, w / 2 ** stages];
    let g = chain(withLabel(z), tf.layers.dense({ units: h0 * w0 * ch, ...kernel() }), tf.layers.reLU(), tf.layers.reshape({ targetShape: [h0, w0, ch] }));
    for (let s = 1; s < stages; s++) {
      ch /= 2;
      g = chain(g, tf.layers.conv2dTranspose({ filters: ch, kernelSize: o.kernelSize, strides: 2, padding: 'same', ...kernel() }), tf.layers.reLU());
    }
    decoded = chain(g, tf.layers.conv2dTranspose({ filters: c, kernelSize: o.kernelSize, strides: 2, padding: 'same', ...kernel() }));
  }
  const mean = tf.layers.dense({ units: o.latentDim, name: 'z_mean', ...kernel() }).apply(features) as SymbolicTensor;
  const logVar = tf.layers.dense({ units: o.latentDim, name: 'z_log_var', ...kernel() }).apply(features) as SymbolicTensor;
  const encoder = tf.model({ inputs: y ? [x, y] : [x], outputs: [mean, logVar], name: 'encoder' });

  // 'gaussian': the decoder's output is the mean itself, kept in the data's range by tanh.
  // 'bernoulli': it is the logits l, and the mean 2 sigmoid(l) - 1 maps P(on) back to [-1, 1].
  let generated: SymbolicTensor;
  if (o.likelihood === 'gaussian') {
    decoded = tf.layers.activation({ activation: 'tanh' }).apply(decoded) as SymbolicTensor;
    generated = decoded;
  } else {
    generated = chain(decoded, tf.layers.activation({ activation: 'sigmoid' }), tf.layers.rescaling({ scale: 2, offset: -1 }));
  }
  const zInputs = y ? [z, y] : [z];
  const decoder = tf.model({ inputs: zInputs, outputs: decoded, name: 'decoder' });
  const generator = tf.model({ inputs: zInputs, outputs: generated, name: 'generator' });
  return { encoder, decoder, generator, options: o, numClasses: k, sampleShape: data.shape };
}

/** Stride-2 stages of the conv variant: as many as keep both sides whole and at least 3 pixels, at most 3. */
function convStages(shape: number[]): number {
  const [h, w] = shape;
  let stages = 0;
  while (stages < 3 && h % 2 ** (stages + 1) === 0 && w % 2 ** (stages + 1) === 0 && h / 2 ** (stages + 1) >= 3 && w / 2 ** (stages + 1) >= 3) stages++;
  if (shape.length !== 3 || stages === 0) {
    throw new Error(`a convolutional VAE needs images [h, w, c] with even sides of at least 6 pixels, not shape [${shape.join(', ')}]; resize the images or use the "mlp" architecture.`);
  }
  return stages;
}
