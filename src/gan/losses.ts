// The GAN objectives, written on D's raw outputs (logits for the probabilistic losses, critic
// scores for the others). D(x) = sigmoid(logit) where a probability is meant.
import * as tf from '@tensorflow/tfjs';
import type { LossType } from '../config/schema.ts';

/** D's targets for real and fake samples: 1 and 0, or smoothed / flipped per sample. */
export interface Targets { real: tf.Tensor | number; fake: tf.Tensor | number }

// Binary cross-entropy on logits, -t log s(l) - (1 - t) log(1 - s(l)) = softplus(l) - t l,
// which never takes the log of a rounded-off probability.
const bce = (logits: tf.Tensor, target: tf.Tensor | number) => tf.mean(tf.sub(tf.softplus(logits), tf.mul(logits, target)));

/** D's loss, which D minimises. */
export function discriminatorLoss(type: LossType, real: tf.Tensor, fake: tf.Tensor, t: Targets): tf.Scalar {
  return tf.tidy(() => {
    switch (type) {
      case 'minimax':
      case 'non-saturating':
        return tf.add(bce(real, t.real), bce(fake, t.fake));
      case 'absolute': {
        // The `000` document's formulation: D's expected absolute error on an even mix of real
        // and generated data, E|t - D(x)| / 2 + E|D(G(z)) - t| / 2.
        const err = (logits: tf.Tensor, target: tf.Tensor | number) => tf.mean(tf.abs(tf.sub(target, tf.sigmoid(logits))));
        return tf.mul(0.5, tf.add(err(real, t.real), err(fake, t.fake)));
      }
      case 'least-squares':
        // LSGAN (Mao et al. 2017) with a = 0, b = 1: (D(x) - 1)^2 / 2 + D(G(z))^2 / 2.
        return tf.mul(0.5, tf.add(tf.mean(tf.square(tf.sub(real, t.real))), tf.mean(tf.square(tf.sub(fake, t.fake)))));
      case 'wasserstein':
      case 'wgan-gp':
        // The critic maximises E[D(x)] - E[D(G(z))].
        return tf.sub(tf.mean(fake), tf.mean(real));
      case 'hinge':
        return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
    }
  }) as tf.Scalar;
}

/** G's loss, which G minimises, on D's outputs for generated samples. */
export function generatorLoss(type: LossType, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (type) {
      case 'minimax':
        // Goodfellow's original min-max game: G minimises E log(1 - D(G(z))) = -E softplus(l).
        // It saturates (vanishing gradients) while D rejects G's samples confidently.
        return tf.neg(tf.mean(tf.softplus(fake)));
      case 'non-saturating':
        // The practical fix: G maximises E log D(G(z)).
        return bce(fake, 1);
      case 'absolute':
        // G maximises D's absolute error on its samples: E|1 - D(G(z))| is minimised.
        return tf.mean(tf.sub(1, tf.sigmoid(fake)));
      case 'least-squares':
        return tf.mul(0.5, tf.mean(tf.square(tf.sub(fake, 1))));
      case 'wasserstein':
      case 'wgan-gp':
      case 'hinge':
        return tf.neg(tf.mean(fake));
    }
  }) as tf.Scalar;
}

/** Whether D's outputs are logits of a probability (so D(x) = sigmoid is what to report). */
export const outputsAreLogits = (type: LossType) => type === 'minimax' || type === 'non-saturating' || type === 'absolute';
