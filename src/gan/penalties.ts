// The discriminator's gradient penalties, on the gradient of its output with respect to its input.
// Both differentiate a gradient, so a caller registers the higher-order gradients first
// (src/engine/higher_order_gradients.ts).
import * as tf from '@tensorflow/tfjs';
import type { LossWeights } from '../config/schema.ts';
import type { Rng } from '../random/prng.ts';

/** D as a function of its input alone (a conditional D with its condition bound). */
export type Critic = (x: tf.Tensor) => tf.Tensor;

/** Per-sample L2 norm of d(sum D(v))/dv, kept differentiable for the outer gradient. */
export function gradientNorm(d: Critic, at: tf.Tensor): tf.Tensor1D {
  const grad = tf.grad((v: tf.Tensor) => tf.sum(d(v)))(at);
  const axes = grad.shape.map((_, i) => i).slice(1);
  // The epsilon keeps sqrt's gradient finite where the gradient vanishes.
  return tf.sqrt(tf.add(tf.sum(tf.square(grad), axes), 1e-12)) as tf.Tensor1D;
}

/**
 * WGAN-GP (Gulrajani et al. 2017, eq. 3): E (||grad D(x^)|| - 1)^2 at x^ = m x + (1 - m) G(z),
 * m ~ U(0, 1) per sample (`mix`, shaped to broadcast over a sample).
 */
export function wganGradientPenalty(d: Critic, real: tf.Tensor, fake: tf.Tensor, mix: tf.Tensor): tf.Scalar {
  const between = tf.add(tf.mul(mix, real), tf.mul(tf.sub(1, mix), fake));
  return tf.mean(tf.square(tf.sub(gradientNorm(d, between), 1))) as tf.Scalar;
}

/** R1 (Mescheder et al. 2018, eq. 9) without its weight gamma / 2: E ||grad D(x)||^2 on real data. */
export function r1Penalty(d: Critic, real: tf.Tensor): tf.Scalar {
  return tf.mean(tf.square(gradientNorm(d, real))) as tf.Scalar;
}

/** m ~ U(0, 1) per sample, shaped to broadcast over a sample of `sampleShape`: WGAN-GP's mixing weights. */
export const penaltyMix = (n: number, sampleShape: number[], rng: Rng): tf.Tensor =>
  tf.tensor(rng.fill(n, (r) => r.uniform()), [n, ...sampleShape.map(() => 1)]);

/**
 * D's penalties as the config weighs them: the gradient penalty (weight lambda, at the mixes of
 * `mix`) and R1 (weight gamma / 2, as Mescheder et al. write it), added to D's `loss` in that
 * order. Each unweighted value is named for the metrics.
 */
export function withPenalties(loss: tf.Tensor, w: Pick<LossWeights, 'gradientPenalty' | 'r1'>, d: Critic, real: tf.Tensor, fake: tf.Tensor, mix: tf.Tensor | null): { loss: tf.Scalar; terms: { gp?: tf.Scalar; r1?: tf.Scalar } } {
  const terms: { gp?: tf.Scalar; r1?: tf.Scalar } = {};
  let total = loss;
  if (w.gradientPenalty > 0 && mix) total = tf.add(total, tf.mul(w.gradientPenalty, terms.gp = wganGradientPenalty(d, real, fake, mix)));
  if (w.r1 > 0) total = tf.add(total, tf.mul(w.r1 / 2, terms.r1 = r1Penalty(d, real)));
  return { loss: total as tf.Scalar, terms };
}

/** WGAN's weight clipping of the critic's variables to [-clip, clip] after its step (roughly 1-Lipschitz); null is off. */
export function clipWeights(vars: tf.Variable[], clip: number | null): void {
  if (clip === null) return;
  tf.tidy(() => { for (const v of vars) v.assign(tf.clipByValue(v, -clip, clip)); });
}
