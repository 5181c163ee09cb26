// One GAN iteration, the same math as reference_torch.py's step(): a D update on
// BCE(D(real), 1) + BCE(D(fake), 0), then a G update on BCE(D(G(z)), 1) with the updated D.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LATENT, type Networks } from './networks.ts';

export interface Gan extends Networks {
  gOpt: tf.Optimizer;
  dOpt: tf.Optimizer;
  gVars: tf.Variable[];
  dVars: tf.Variable[];
}

// The tf.Variables behind a model's trainable weights: each optimizer steps only its own net.
const variablesOf = (model: tfl.LayersModel) => model.trainableWeights.map((w) => w.read() as tf.Variable);

export function createGan(nets: Networks): Gan {
  return {
    ...nets,
    // PyTorch's Adam epsilon (tfjs defaults to 1e-7).
    gOpt: tf.train.adam(2e-4, 0.5, 0.999, 1e-8),
    dOpt: tf.train.adam(2e-4, 0.5, 0.999, 1e-8),
    gVars: variablesOf(nets.g),
    dVars: variablesOf(nets.d),
  };
}

// training: true makes BatchNorm normalise with the batch's statistics (and update its running
// ones), as PyTorch's train mode does.
const run = (model: tfl.LayersModel, x: tf.Tensor) => model.apply(x, { training: true }) as tf.Tensor;

// Mean binary cross-entropy on logits with all-ones / all-zeros targets, in the stable form
// softplus(-x) = -log(sigmoid(x)) and softplus(x) = -log(1 - sigmoid(x)).
const bceOnes = (logits: tf.Tensor) => tf.mean(tf.softplus(tf.neg(logits))) as tf.Scalar;
const bceZeros = (logits: tf.Tensor) => tf.mean(tf.softplus(logits)) as tf.Scalar;

/**
 * Runs one iteration on `real` (a [B, ...imageShape] batch; `latent` fixes z, else z ~ N(0, I))
 * and returns the two losses, read back
 * with dataSync so the work has completed when this returns.
 */
export function ganIteration(gan: Gan, real: tf.Tensor, latent?: tf.Tensor): { dLoss: number; gLoss: number } {
  const [dLoss, gLoss] = tf.tidy(() => {
    const z = latent ?? tf.randomNormal([real.shape[0], LATENT]);
    // Computed outside any gradient function, so the D step sees it as a constant (PyTorch's
    // fake.detach()).
    const fake = run(gan.g, z);
    const d = gan.dOpt.minimize(() => tf.add(bceOnes(run(gan.d, real)), bceZeros(run(gan.d, fake))), true, gan.dVars)!;
    // PyTorch backpropagates the G loss through the graph of `fake` it kept from the D step. tfjs
    // records a tape only inside a gradient function and cannot keep it across the D optimizer
    // step, so G's forward pass is recomputed here from the same z (same output: BatchNorm uses
    // batch statistics). Its running statistics are put back afterwards, so that they get one
    // update per iteration, as in PyTorch.
    const stats = gan.g.nonTrainableWeights.map((w) => w.read() as tf.Variable);
    const saved = stats.map((v) => tf.clone(v));
    const g = gan.gOpt.minimize(() => bceOnes(run(gan.d, run(gan.g, z))), true, gan.gVars)!;
    stats.forEach((v, i) => v.assign(saved[i]));
    return [d, g];
  });
  const losses = { dLoss: dLoss.dataSync()[0], gLoss: gLoss.dataSync()[0] };
  tf.dispose([dLoss, gLoss]);
  return losses;
}
