// Standard normal noise as a tensor, drawn from the run's Rng (never tfjs's own generator) so
// the same seed gives the same run on every backend.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from './prng.ts';

/** eps ~ N(0, I) of the given shape. */
export function gaussianNoise(shape: number[], rng: Rng): tf.Tensor {
  return tf.tensor(rng.fill(tf.util.sizeFromShape(shape), (r) => r.normal()), shape);
}
