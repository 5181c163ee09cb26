// PacGAN (Lin et al. 2018): D judges `pack` samples at once, so a generator that repeats itself
// is seen doing so.
import * as tf from '@tensorflow/tfjs';

/** D's input: one sample, or PacGAN's `pack` samples stacked on a new first axis. */
export const packedShape = (shape: number[], pack: number) => (pack === 1 ? shape : [pack, ...shape]);

/** A batch [n, ...shape] as the n / pack groups of consecutive samples D judges together (the identity at pack 1). */
export function packSamples(x: tf.Tensor, pack: number): tf.Tensor {
  return pack === 1 ? x : tf.reshape(x, [x.shape[0] / pack, pack, ...x.shape.slice(1)]);
}
