// Inference over many rows without holding every intermediate tensor at once.
import * as tf from '@tensorflow/tfjs';

/**
 * Runs `f` on rows [from, to) of n, `chunk` rows at a time, each in its own tidy scope, and joins
 * the results (each `width` values per row). Values are read outside the tidy scope: tidy walks a
 * returned typed array element by element looking for tensors.
 */
export function mapRowChunks(n: number, width: number, f: (from: number, to: number) => tf.Tensor, chunk = 256): Float32Array {
  const out = new Float32Array(n * width);
  for (let from = 0; from < n; from += chunk) {
    const to = Math.min(n, from + chunk);
    const values = tf.tidy(() => f(from, to));
    out.set(values.dataSync() as Float32Array, from * width);
    values.dispose();
  }
  return out;
}
