// DCGAN (Radford et al. 2016) and its conditional and text-conditioned variants: strided
// (transposed) convolutions with batch norm, LeakyReLU in D.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../config/schema.ts';
import { chain, Init, inputs, leaky, withCode, codeHead, collapseRemedies, type Ctx, type SymbolicTensor } from './building_blocks.ts';
import { packedShape } from '../packing.ts';

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
export function dcgan(ctx: Ctx, m: Extract<ModelConfig, { architecture: 'dcgan' | 'cdcgan' | 'text-dcgan' }>, numClasses: number) {
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
