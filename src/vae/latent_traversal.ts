// A latent traversal: one latent coordinate swept over a range with the others held fixed, each
// point decoded, to show what that coordinate controls (a row of a VAE's usual figure).
import * as tf from '@tensorflow/tfjs';

export interface TraversalOptions {
  /** The fixed latent, latentDim values (e.g. a posterior mean from encode, or zeros: the prior's centre). */
  base: Float32Array;
  /** The coordinate that varies, 0..latentDim-1. */
  coordinate: number;
  /** Its values run evenly from range[0] to range[1]: default +-3, three prior standard deviations. */
  range?: [number, number];
  steps?: number;
  /** The class, for a conditional generator (inputs [z, y]). */
  label?: number;
}

/**
 * `steps` decoded samples, row-major [steps, ...sampleShape], from a generator with inputs [z]
 * or [z, y] (a VAE's generator, or a GAN's with a normal prior).
 */
export function latentTraversal(generator: tf.LayersModel, opts: TraversalOptions): Float32Array {
  const { base, coordinate, range = [-3, 3], steps = 9, label } = opts;
  const dim = generator.inputs[0].shape[1]!;
  if (base.length !== dim) throw new Error(`the base latent has ${base.length} values but the generator takes ${dim}; give one value per latent coordinate.`);
  if (!(Number.isInteger(coordinate) && coordinate >= 0 && coordinate < dim)) {
    throw new Error(`coordinate ${coordinate} is not a latent coordinate; use 0..${dim - 1}.`);
  }
  const conditional = generator.inputs.length > 1;
  if (conditional !== (label !== undefined)) {
    throw new Error(conditional ? 'this generator is conditional: give a label.' : 'this generator is unconditional: leave out the label.');
  }
  const classes = conditional ? generator.inputs[1].shape[1]! : 0;
  if (conditional && !(Number.isInteger(label) && label! >= 0 && label! < classes)) {
    throw new Error(`label ${label} is not a class of this generator; use 0..${classes - 1}.`);
  }
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`steps must be a positive integer, not ${steps}.`);
  const z = new Float32Array(steps * dim);
  for (let s = 0; s < steps; s++) {
    z.set(base, s * dim);
    z[s * dim + coordinate] = steps === 1 ? range[0] : range[0] + ((range[1] - range[0]) * s) / (steps - 1);
  }
  const out = tf.tidy(() => {
    const zs = tf.tensor2d(z, [steps, dim]);
    const inputs = conditional ? [zs, tf.oneHot(tf.fill([steps], label!, 'int32') as tf.Tensor1D, classes).toFloat()] : zs;
    return generator.apply(inputs) as tf.Tensor;
  });
  // Read outside the tidy scope: tidy walks a returned typed array element by element looking for tensors.
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}
