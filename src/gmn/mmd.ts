// The maximum mean discrepancy (Gretton et al. 2012) between two batches, the distance a
// generative moment matching network minimises directly (Li, Swersky & Zemel 2015; Dziugaite,
// Roy & Ghahramani 2015; the `000` document's "generative matching networks"). The kernel is a
// sum of Gaussians over several bandwidths, k(a, b) = sum_s exp(-||a - b||^2 / (2 s^2)), as in
// Li et al.: one bandwidth sees only one scale, and a sum of characteristic kernels is
// characteristic, so MMD = 0 only when the distributions agree. Everything is a tf op, so the
// generator's gradient flows through it.
import * as tf from '@tensorflow/tfjs';

export type MmdEstimator = 'biased' | 'unbiased';

/**
 * The default bandwidths: the median heuristic (Gretton et al. 2012; Dziugaite et al. 2015), the
 * median distance between real samples, times these factors. The spread of 1/16 to 4 keeps
 * gradients alive when the samples are far apart (the wide kernels) and resolves fine structure
 * (the narrow ones): on MNIST pixels in [-1, 1] the median is ~20, giving sigmas 1.25 to 80, a
 * little wider than Li et al.'s {2, 5, 10, 20, 40, 80} on [0, 1] pixels (x2 on our scale).
 */
export const MEDIAN_FACTORS = [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4];

const flat = (t: tf.Tensor) => tf.reshape(t, [t.shape[0], -1]) as tf.Tensor2D;

/** ||a_i - b_j||^2 for all rows of a [n, ...] and b [m, ...]: [n, m]. */
export function squaredDistances(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const [fa, fb] = [flat(a), flat(b)];
  const na = tf.sum(tf.square(fa), 1, true), nb = tf.sum(tf.square(fb), 1, true);
  // ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b; rounding can make it slightly negative, hence the floor at 0.
  return tf.relu(tf.sub(tf.add(na, tf.transpose(nb)), tf.mul(2, tf.matMul(fa, fb, false, true)))) as tf.Tensor2D;
}

/** The kernel matrix [n, m] of the sum of Gaussians with standard deviations `sigmas`. */
export function gaussianKernelSum(a: tf.Tensor, b: tf.Tensor, sigmas: number[]): tf.Tensor2D {
  if (sigmas.length === 0 || sigmas.some((s) => !(s > 0))) throw new Error(`kernel bandwidths must be positive numbers, not [${sigmas.join(', ')}]; give at least one sigma > 0.`);
  const d2 = squaredDistances(a, b);
  // k(a, b) = sum_s exp(-||a - b||^2 / (2 s^2))   (Li et al. 2015)
  // Summed by adds, not addN: AddN has no native kernel, and with its cpu one the sum and its
  // gradient over a 256 x 256 matrix and 7 sigmas took twice as long (6.7 ms against 3.3).
  return sigmas.map((s) => tf.exp(tf.mul(d2, -1 / (2 * s * s)))).reduce((sum, k) => tf.add(sum, k)) as tf.Tensor2D;
}

/**
 * Squared MMD between the samples x [n, ...] and y [m, ...] as a scalar tensor.
 * 'biased' (the V-statistic, always >= 0, what Li et al. minimise) or 'unbiased' (the
 * U-statistic, zero in expectation for equal distributions, can be negative). With one-hot
 * labels for both sides the kernel becomes k((a, c), (b, d)) = k(a, b) [c = d]: the MMD of the
 * joint distributions of (sample, label), zero only when every class's samples match.
 */
export function mmd2(x: tf.Tensor, y: tf.Tensor, sigmas: number[], estimator: MmdEstimator = 'biased', labels?: { x: tf.Tensor2D; y: tf.Tensor2D }): tf.Scalar {
  return tf.tidy(() => {
    const [n, m] = [x.shape[0], y.shape[0]];
    if (estimator === 'unbiased' && (n < 2 || m < 2)) throw new Error(`the unbiased MMD needs at least 2 samples on each side, not ${n} and ${m}; use larger batches or the biased estimator.`);
    const kernel = (a: tf.Tensor, b: tf.Tensor, la?: tf.Tensor2D, lb?: tf.Tensor2D) => {
      const k = gaussianKernelSum(a, b, sigmas);
      return la && lb ? tf.mul(k, tf.matMul(la, lb, false, true)) : k;
    };
    const kxx = kernel(x, x, labels?.x, labels?.x), kyy = kernel(y, y, labels?.y, labels?.y), kxy = kernel(x, y, labels?.x, labels?.y);
    const cross = tf.div(tf.sum(kxy), n * m);
    if (estimator === 'biased') {
      // MMD_b^2 = 1/n^2 sum_ij k(x_i, x_j) + 1/m^2 sum_ij k(y_i, y_j) - 2/(nm) sum_ij k(x_i, y_j)   (Gretton et al. 2012; Li et al. 2015's loss)
      return tf.sub(tf.add(tf.div(tf.sum(kxx), n * n), tf.div(tf.sum(kyy), m * m)), tf.mul(2, cross)) as tf.Scalar;
    }
    const offDiagonal = (k: tf.Tensor, size: number) => tf.div(tf.sub(tf.sum(k), tf.sum(tf.mul(k, tf.eye(size)))), size * (size - 1));
    // MMD_u^2 = 1/(n(n-1)) sum_{i!=j} k(x_i, x_j) + 1/(m(m-1)) sum_{i!=j} k(y_i, y_j) - 2/(nm) sum_ij k(x_i, y_j)   (Gretton et al. 2012, Lemma 6)
    return tf.sub(tf.add(offDiagonal(kxx, n), offDiagonal(kyy, m)), tf.mul(2, cross)) as tf.Scalar;
  });
}

/** The median distance between distinct samples of x (the median heuristic's bandwidth). */
export function medianDistance(x: tf.Tensor): number {
  const n = x.shape[0];
  if (n < 2) throw new Error(`the median heuristic needs at least 2 samples, not ${n}; use a larger batch or fixed bandwidths.`);
  const distances = tf.tidy(() => squaredDistances(x, x));
  const d2 = distances.dataSync();
  distances.dispose();
  const upper = new Float32Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) upper[k++] = d2[i * n + j];
  upper.sort();
  const mid = upper.length >> 1;
  // An even count's median is the mean of the two middle distances (not the root of their squares' mean).
  return upper.length % 2 ? Math.sqrt(upper[mid]) : (Math.sqrt(upper[mid - 1]) + Math.sqrt(upper[mid])) / 2;
}
