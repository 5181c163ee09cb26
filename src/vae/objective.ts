// The variational autoencoder's objective (Kingma & Welling 2014; the `003` document): an
// encoder Q(z|X) = N(mu, diag exp(logVar)), the prior P(z) = N(0, I), a decoder P(X|z), and
//   log P(X) >= E_Q[log P(X|z)] - KL(Q(z|X) || P(z))   (the ELBO),
// estimated with one reparameterised z per data point. Every term is per sample, in nats.
//
// The two likelihoods for data in [-1, 1]:
// - 'bernoulli': the decoder gives logits l of independent pixels with P(pixel on) = sigmoid(l),
//   scored on x' = (x + 1) / 2. For grey levels x' in [0, 1] the term x' log p + (1 - x') log(1 - p)
//   is the expected Bernoulli log-likelihood of a binarisation b ~ Bernoulli(x'); the ELBO is
//   linear in it, so what is reported is the expected ELBO over binarisations, a true lower bound
//   on E_b[log P(b)] <= 0 (as the MNIST results of Kingma & Welling, and later papers, count nats).
// - 'gaussian': the decoder gives the mean (in [-1, 1]) of N(x; mean, std^2 I) with a fixed std:
//   a density on R^D, so its ELBO bounds a log-density and can be positive.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/prng.ts';

export const LIKELIHOODS = ['bernoulli', 'gaussian'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];


/** The reparameterisation trick: z is a differentiable function of the encoder's outputs. */
export function reparameterize(mean: tf.Tensor2D, logVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  // z = mu + sigma * eps, sigma = exp(logVar / 2), eps ~ N(0, I)   (Kingma & Welling 2014, eq. 10)
  return tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
}

/** KL(N(mu, diag sigma^2) || N(0, I)) per sample: [B]. */
export function gaussianKl(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  // -KL = 1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2)   (Kingma & Welling 2014, appendix B)
  return tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mean)), tf.exp(logVar)), 1)) as tf.Tensor1D;
}

const sampleAxes = (t: tf.Tensor) => t.shape.map((_, i) => i).slice(1);

/** log P(X|z) per sample for independent Bernoulli pixels on (x + 1) / 2, from the decoder's logits. */
export function bernoulliLogLikelihood(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  const target = tf.mul(tf.add(x, 1), 0.5);
  // log P(X|z) = sum_i x'_i log p_i + (1 - x'_i) log(1 - p_i) = sum_i x'_i l_i - softplus(l_i)   (appendix C.1)
  return tf.sum(tf.sub(tf.mul(target, logits), tf.softplus(logits)), sampleAxes(x)) as tf.Tensor1D;
}

/** log P(X|z) per sample for N(x; mean, std^2 I) with a fixed std. */
export function gaussianLogLikelihood(x: tf.Tensor, mean: tf.Tensor, std: number): tf.Tensor1D {
  const d = x.size / x.shape[0];
  // log N(x; mu, s^2 I) = -D/2 log(2 pi s^2) - ||x - mu||^2 / (2 s^2)   (appendix C.2)
  return tf.sub(-0.5 * d * Math.log(2 * Math.PI * std * std), tf.div(tf.sum(tf.squaredDifference(x, mean), sampleAxes(x)), 2 * std * std)) as tf.Tensor1D;
}

/** log P(X|z) per sample from the decoder's output: logits for 'bernoulli', the mean for 'gaussian'. */
export function reconstructionLogLikelihood(likelihood: Likelihood, x: tf.Tensor, decoded: tf.Tensor, gaussianStd: number): tf.Tensor1D {
  return likelihood === 'bernoulli' ? bernoulliLogLikelihood(x, decoded) : gaussianLogLikelihood(x, decoded, gaussianStd);
}

/** The single-sample ELBO per sample, from log P(X|z) at a reparameterised z and the closed-form KL. */
export function elbo(logLikelihood: tf.Tensor1D, kl: tf.Tensor1D): tf.Tensor1D {
  // L(X) = log P(X|z) - KL(Q(z|X) || P(z)) <= log P(X)   (Kingma & Welling 2014, eq. 10; the `003` document)
  return tf.sub(logLikelihood, kl) as tf.Tensor1D;
}
