// The GAN objectives, each one named pair of D's loss and G's loss, written on D's raw outputs
// (logits for the probabilistic losses, critic scores for the others; D(x) = sigmoid(logit)
// where a probability is meant). What each implies for a config (targets, default clip and
// penalty) is LOSS_PROPERTIES in src/config/schema.ts.
import * as tf from '@tensorflow/tfjs';
import { LOSS_PROPERTIES, type LossType } from '../config/schema.ts';

/** D's targets for real and fake samples: 1 and 0, or smoothed / flipped per sample. */
export interface Targets { real: tf.Tensor | number; fake: tf.Tensor | number }

export interface GanObjective {
  /** D's loss, which D minimises, on its outputs for real and generated samples. */
  discriminator(real: tf.Tensor, fake: tf.Tensor, t: Targets): tf.Tensor;
  /** G's loss, which G minimises, on D's outputs for generated samples. */
  generator(fake: tf.Tensor): tf.Tensor;
}

// Binary cross-entropy on logits, -t log s(l) - (1 - t) log(1 - s(l)) = softplus(l) - t l,
// which never takes the log of a rounded-off probability.
const bce = (logits: tf.Tensor, target: tf.Tensor | number) => tf.mean(tf.sub(tf.softplus(logits), tf.mul(logits, target)));

/** The critic maximises E[D(x)] - E[D(G(z))]; G maximises E[D(G(z))]. */
const wasserstein: GanObjective = {
  discriminator: (real, fake) => tf.sub(tf.mean(fake), tf.mean(real)),
  generator: (fake) => tf.neg(tf.mean(fake)),
};

const OBJECTIVES: Record<LossType, GanObjective> = {
  /** Goodfellow et al. 2014: the min-max game; G minimises E log(1 - D(G(z))) = -E softplus(l), which saturates while D rejects G's samples confidently. */
  minimax: {
    discriminator: (real, fake, t) => tf.add(bce(real, t.real), bce(fake, t.fake)),
    generator: (fake) => tf.neg(tf.mean(tf.softplus(fake))),
  },
  /** Goodfellow et al. 2014, section 3: the practical fix, G maximises E log D(G(z)). */
  'non-saturating': {
    discriminator: (real, fake, t) => tf.add(bce(real, t.real), bce(fake, t.fake)),
    generator: (fake) => bce(fake, 1),
  },
  /**
   * The `000` document's formulation: D's expected absolute error on an even mix of real and
   * generated data, E|t - D(x)| / 2 + E|D(G(z)) - t| / 2; G maximises it on its samples.
   */
  absolute: {
    discriminator: (real, fake, t) => {
      const err = (logits: tf.Tensor, target: tf.Tensor | number) => tf.mean(tf.abs(tf.sub(target, tf.sigmoid(logits))));
      return tf.mul(0.5, tf.add(err(real, t.real), err(fake, t.fake)));
    },
    generator: (fake) => tf.mean(tf.sub(1, tf.sigmoid(fake))),
  },
  /** LSGAN (Mao et al. 2017) with a = 0, b = c = 1: (D(x) - 1)^2 / 2 + D(G(z))^2 / 2; G: (D(G(z)) - 1)^2 / 2. */
  'least-squares': {
    discriminator: (real, fake, t) => tf.mul(0.5, tf.add(tf.mean(tf.square(tf.sub(real, t.real))), tf.mean(tf.square(tf.sub(fake, t.fake))))),
    generator: (fake) => tf.mul(0.5, tf.mean(tf.square(tf.sub(fake, 1)))),
  },
  /** WGAN (Arjovsky et al. 2017), kept 1-Lipschitz by weight clipping. */
  wasserstein,
  /** WGAN-GP (Gulrajani et al. 2017): the same critic, kept 1-Lipschitz by the gradient penalty (src/gan/penalties.ts). */
  'wgan-gp': wasserstein,
  /** The hinge loss (Lim & Ye 2017; SAGAN, BigGAN): E relu(1 - D(x)) + E relu(1 + D(G(z))); G as WGAN's. */
  hinge: {
    discriminator: (real, fake) => tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake)))),
    generator: wasserstein.generator,
  },
};

/** D's loss, which D minimises. */
export const discriminatorLoss = (type: LossType, real: tf.Tensor, fake: tf.Tensor, t: Targets): tf.Scalar =>
  tf.tidy(() => OBJECTIVES[type].discriminator(real, fake, t)) as tf.Scalar;

/** G's loss, which G minimises, on D's outputs for generated samples. */
export const generatorLoss = (type: LossType, fake: tf.Tensor): tf.Scalar =>
  tf.tidy(() => OBJECTIVES[type].generator(fake)) as tf.Scalar;

/** What D's output reads as on a [0, 1] scale: sigmoid of a logit, LSGAN's own output; a critic's score as it is. */
export const dOutputProbe = (type: LossType): ((out: tf.Tensor) => tf.Tensor) => (LOSS_PROPERTIES[type].logits ? tf.sigmoid : (out) => out);
