// A small MLP GAN trained in the browser: the generator and discriminator, their optimisers,
// and one discriminator update and one generator update, each a function of its own so that
// the step-by-step mode can show them apart. The objectives, penalties, optimisers and noise are
// ganforge's own (src/gan/losses.ts, src/gan/penalties.ts, src/train/optimizer.ts), combined as
// the GAN trainer (src/gan/trainer.ts) combines them.
import * as tf from '@tensorflow/tfjs';
import { registerHigherOrderGradients } from '../../../src/engine/higher_order_gradients.ts';
import { LOSS_PROPERTIES, type LossWeights } from '../../../src/config/schema.ts';
import { discriminatorLoss, dOutputProbe, generatorLoss } from '../../../src/gan/losses.ts';
import { clipWeights, penaltyMix, withPenalties } from '../../../src/gan/penalties.ts';
import type { Rng } from '../../../src/random/prng.ts';
import { makeOptimizer } from '../../../src/train/optimizer.ts';
import { drawPrior } from '../../../src/train/session.ts';
import { latentOf, type Setup } from './setup.ts';

export interface Networks {
  generator: tf.Sequential;
  discriminator: tf.Sequential;
}

/** A dense network with ReLU (or, `leaky`, LeakyReLU) hidden layers and a linear output, seeded from `rng`. */
export function mlp(input: number, hidden: number[], output: number, leaky: boolean, rng: Rng): tf.Sequential {
  const model = tf.sequential();
  const init = () => tf.initializers.glorotUniform({ seed: rng.int(2 ** 30) });
  hidden.forEach((units, i) => {
    model.add(tf.layers.dense({ units, inputShape: i === 0 ? [input] : undefined, kernelInitializer: init(), activation: leaky ? 'linear' : 'relu' }));
    // LeakyReLU in D keeps a gradient for G everywhere, as DCGAN's discriminator does.
    if (leaky) model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  });
  model.add(tf.layers.dense({ units: output, inputShape: hidden.length ? undefined : [input], kernelInitializer: init() }));
  return model;
}

export function buildNetworks(setup: Setup, dim: number, rng: Rng): Networks {
  return {
    generator: mlp(setup.latentDim, setup.generatorHidden, dim, false, rng),
    discriminator: mlp(dim, setup.discriminatorHidden, 1, true, rng),
  };
}

export type Network = 'generator' | 'discriminator';

/** What one network's optimiser is made from: when any of it changes, that optimiser is made anew. */
export const optimizerSettings = (s: Setup, network: Network) => ({
  optimizer: s.optimizer, momentum: s.momentum,
  lr: network === 'generator' ? s.generatorLr : s.discriminatorLr,
  betas: network === 'generator' ? s.generatorBetas : s.discriminatorBetas,
});

export function buildOptimizer(setup: Setup, network: Network): tf.Optimizer {
  const o = optimizerSettings(setup, network);
  return makeOptimizer(o, o.lr, o.betas);
}

/** Noise from the set-up's prior: N(0, I) or uniform on [-1, 1]^latentDim. */
export const drawNoise = (setup: Setup, n: number, rng: Rng): Float32Array => drawPrior(latentOf(setup), n, rng);

/** What D's output means on a [0, 1] scale: a probability for the logit losses, LSGAN's own output, else a critic score. */
export const isProbability = (loss: Setup['loss']) => LOSS_PROPERTIES[loss].targets;
export const dOutputToProbability = (loss: Setup['loss'], out: tf.Tensor) => dOutputProbe(loss)(out);

/** The set-up's penalty and clip weights: its knobs where its loss takes them (the knobs of the others are disabled). */
export function setupWeights(s: Setup): LossWeights {
  const implied = LOSS_PROPERTIES[s.loss];
  return { clip: implied.clip !== null ? s.clip : null, gradientPenalty: implied.gradientPenalty > 0 ? s.gradientPenalty : 0, r1: s.r1 };
}

/**
 * One discriminator update on a real batch and a batch from this noise; returns D's loss as a
 * tensor (the caller disposes it), so that training never waits to read a number back.
 */
export function discriminatorStep(nets: Networks, setup: Setup, opt: tf.Optimizer, real: Float32Array, noise: Float32Array, rng: Rng): tf.Scalar {
  const n = setup.batchSize, dim = real.length / n;
  const vars = nets.discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  const weights = setupWeights(setup);
  // The penalties differentiate D's gradient, through LeakyReLU's comparisons.
  if (weights.gradientPenalty > 0 || weights.r1 > 0) registerHigherOrderGradients();
  const loss = tf.tidy(() => {
    const x = tf.tensor2d(real, [n, dim]);
    // G is frozen in D's step: its samples are a constant here.
    const fake = nets.generator.apply(tf.tensor2d(noise, [n, setup.latentDim])) as tf.Tensor;
    const mix = weights.gradientPenalty > 0 ? penaltyMix(n, [dim], rng) : null;
    return opt.minimize(() => {
      const d = (v: tf.Tensor) => nets.discriminator.apply(v) as tf.Tensor;
      // One-sided label smoothing (Salimans et al. 2016): real targets 1 - s, fake targets 0.
      const l = discriminatorLoss(setup.loss, d(x), d(fake), { real: 1 - setup.labelSmoothing, fake: 0 });
      return withPenalties(l, weights, d, x, fake, mix).loss;
    }, true, vars)!;
  });
  clipWeights(vars, weights.clip);
  return loss;
}

/** One generator update; returns G's loss as a tensor (the caller disposes it). */
export function generatorStep(nets: Networks, setup: Setup, opt: tf.Optimizer, noise: Float32Array): tf.Scalar {
  const vars = nets.generator.trainableWeights.map((w) => w.read() as tf.Variable);
  return tf.tidy(() => {
    const z = tf.tensor2d(noise, [noise.length / setup.latentDim, setup.latentDim]);
    return opt.minimize(() => generatorLoss(setup.loss, nets.discriminator.apply(nets.generator.apply(z)) as tf.Tensor), true, vars)!;
  });
}

/** G's loss gradient with respect to each generated point, negated: the way G's update pushes that point. */
export function pushOnSamples(nets: Networks, setup: Setup, points: tf.Tensor2D): Float32Array {
  return tf.tidy(() => tf.neg(tf.grad((x: tf.Tensor) => tf.mul(points.shape[0], generatorLoss(setup.loss, nets.discriminator.apply(x) as tf.Tensor)))(points)).dataSync() as Float32Array);
}
