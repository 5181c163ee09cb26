// The maximum mean discrepancy against a direct double loop in plain JS (float64): biased and
// unbiased estimators, several bandwidth sets, with and without labels; the known values on
// identical sets and the expectations on independent samples of one distribution; the median
// heuristic against a JS median; the gradient the GMN trains through, against finite differences.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useBackend } from '../../src/engine/backend.ts';
import { gaussianKernelSum, MEDIAN_FACTORS, medianDistance, mmd2, squaredDistances, type MmdEstimator } from '../../src/gmn/mmd.ts';
import { Rng } from '../../src/random/prng.ts';
import { assertClose } from '../helpers.ts';

before(async () => { await useBackend(); });

type Rows = number[][];

/** n rows of dimension d, N(shift, scale^2) per coordinate. */
const rows = (rng: Rng, n: number, d: number, scale = 1, shift = 0): Rows =>
  Array.from({ length: n }, () => Array.from({ length: d }, () => shift + scale * rng.normal()));

const kernel = (a: number[], b: number[], sigmas: number[]) => {
  const d2 = a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
  return sigmas.reduce((s, sigma) => s + Math.exp(-d2 / (2 * sigma * sigma)), 0);
};

/** MMD^2 by the definition (Gretton et al. 2012, eq. 3 and Lemma 6), with k((a, c), (b, d)) = k(a, b) [c = d] when labelled. */
function mmd2Reference(x: Rows, y: Rows, sigmas: number[], estimator: MmdEstimator, labels?: { x: number[]; y: number[] }): number {
  const k = (a: Rows, i: number, la: number[] | undefined, b: Rows, j: number, lb: number[] | undefined) =>
    (la && lb && la[i] !== lb[j] ? 0 : kernel(a[i], b[j], sigmas));
  const [n, m] = [x.length, y.length];
  let xx = 0, yy = 0, xy = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (estimator === 'biased' || i !== j) xx += k(x, i, labels?.x, x, j, labels?.x);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (estimator === 'biased' || i !== j) yy += k(y, i, labels?.y, y, j, labels?.y);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) xy += k(x, i, labels?.x, y, j, labels?.y);
  return estimator === 'biased' ? xx / (n * n) + yy / (m * m) - (2 * xy) / (n * m) : xx / (n * (n - 1)) + yy / (m * (m - 1)) - (2 * xy) / (n * m);
}

const run = (f: () => tf.Tensor) => tf.tidy(() => f().dataSync()[0]);
const oneHot = (labels: number[], k: number) => tf.oneHot(tf.tensor1d(labels, 'int32'), k).toFloat() as tf.Tensor2D;

// Bandwidths from one to several, narrow to wide against the data's spread (~1.4 per coordinate pair).
const BANDWIDTHS = [[0.7], [0.2, 1, 5], [0.05, 0.3, 3, 40]];

test('squaredDistances and gaussianKernelSum equal the pairwise formulas', () => {
  const rng = new Rng(1);
  const [x, y] = [rows(rng, 6, 3), rows(rng, 4, 3, 2)];
  const d2 = tf.tidy(() => squaredDistances(tf.tensor2d(x), tf.tensor2d(y)).dataSync());
  assertClose(d2, x.flatMap((a) => y.map((b) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0))), 1e-5, 1e-5, 'squared distances');
  const self = tf.tidy(() => squaredDistances(tf.tensor2d(x), tf.tensor2d(x)).dataSync());
  assert.ok(self.every((v) => v >= 0), 'never negative (rounding is floored at 0)');
  for (const sigmas of BANDWIDTHS) {
    const k = tf.tidy(() => gaussianKernelSum(tf.tensor2d(x), tf.tensor2d(y), sigmas).dataSync());
    assertClose(k, x.flatMap((a) => y.map((b) => kernel(a, b, sigmas))), 1e-6, 1e-5, `kernel, sigmas ${sigmas}`);
  }
});

test('mmd2, biased and unbiased, equals the double loop for several bandwidth sets and shapes', () => {
  const rng = new Rng(2);
  for (const [n, m, d] of [[7, 5, 3], [2, 2, 1], [12, 9, 8]]) {
    // A shifted and widened y, so that the MMD is far from 0 and every term matters.
    const x = rows(rng, n, d), y = rows(rng, m, d, 1.5, 0.4);
    for (const sigmas of [...BANDWIDTHS, MEDIAN_FACTORS.map((f) => f * 2)]) {
      for (const estimator of ['biased', 'unbiased'] as const) {
        const got = run(() => mmd2(tf.tensor2d(x), tf.tensor2d(y), sigmas, estimator));
        const expected = mmd2Reference(x, y, sigmas, estimator);
        // float32 sums of at most 12 x 12 kernel values up to 7 each: error ~1e-6 of their total.
        assert.ok(Math.abs(got - expected) <= 2e-5 + 1e-4 * Math.abs(expected), `${estimator}, [${n}, ${m}, ${d}], sigmas ${sigmas}: ${got} vs ${expected}`);
      }
    }
  }
  // Samples of any shape are compared as flattened vectors: [n, 2, 2, 1] images are rows of 4.
  const x = rows(rng, 5, 4), y = rows(rng, 6, 4, 1, 1);
  const images = run(() => mmd2(tf.tensor4d(x.flat(), [5, 2, 2, 1]), tf.tensor4d(y.flat(), [6, 2, 2, 1]), [0.5, 2], 'unbiased'));
  assert.ok(Math.abs(images - mmd2Reference(x, y, [0.5, 2], 'unbiased')) < 2e-5);
});

test('on identical sets the biased MMD is 0 and the unbiased one is the diagonal\'s known offset', () => {
  const rng = new Rng(3);
  for (const n of [3, 10]) {
    const x = rows(rng, n, 2);
    for (const sigmas of BANDWIDTHS) {
      const [biased, unbiased] = (['biased', 'unbiased'] as const).map((e) => run(() => mmd2(tf.tensor2d(x), tf.tensor2d(x), sigmas, e)));
      // Every term is the same sum S of k(x_i, x_j): S/n^2 + S/n^2 - 2 S/n^2, exactly 0 in any arithmetic.
      assert.equal(Math.abs(biased), 0, `biased on identical sets, n ${n}, sigmas ${sigmas}`);
      // The unbiased one drops the n diagonal terms k(x, x) = (number of sigmas) from the two self terms:
      // 2 (S - n K) / (n (n - 1)) - 2 S / n^2 = 2 (S - n^2 K) / (n^2 (n - 1)) < 0.
      let s = 0;
      for (const a of x) for (const b of x) s += kernel(a, b, sigmas);
      const expected = (2 * (s - n * n * sigmas.length)) / (n * n * (n - 1));
      assert.ok(unbiased < 0 && Math.abs(unbiased - expected) <= 1e-5 + 1e-4 * Math.abs(expected), `unbiased ${unbiased} vs ${expected}`);
    }
  }
});

test('over independent samples of one distribution, the unbiased MMD averages 0 and the biased one its known bias', () => {
  const rng = new Rng(4);
  const trials = 300, n = 12, sigmas = [0.5, 2];
  const u: number[] = [], b: number[] = [];
  for (let t = 0; t < trials; t++) {
    const [x, y] = [rows(rng, n, 2), rows(rng, n, 2)];
    tf.tidy(() => {
      const [xt, yt] = [tf.tensor2d(x), tf.tensor2d(y)];
      u.push(mmd2(xt, yt, sigmas, 'unbiased').dataSync()[0]);
      b.push(mmd2(xt, yt, sigmas, 'biased').dataSync()[0]);
    });
  }
  const meanAndError = (v: number[]) => {
    const mean = v.reduce((a, c) => a + c, 0) / v.length;
    return [mean, Math.sqrt(v.reduce((a, c) => a + (c - mean) ** 2, 0) / (v.length - 1) / v.length)];
  };
  const [uMean, uError] = meanAndError(u);
  // E[MMD_u^2] = 0 when x and y share their law (Gretton et al. 2012, Lemma 6): within 4 standard errors.
  assert.ok(Math.abs(uMean) < 4 * uError, `unbiased mean ${uMean} +- ${uError}`);
  // The biased estimate adds the diagonals back: E[MMD_b^2] = 2/n (K - E k(x, x')), with x, x' ~ N(0, I_2)
  // independent, x - x' ~ N(0, 2 I_2): E exp(-|x - x'|^2 / (2 s^2)) = s^2 / (s^2 + 2), per bandwidth.
  const expectedBias = (2 / n) * sigmas.reduce((acc, s) => acc + 1 - (s * s) / (s * s + 2), 0);
  const [bMean, bError] = meanAndError(b);
  assert.ok(Math.abs(bMean - expectedBias) < 4 * bError, `biased mean ${bMean} +- ${bError}, expected ${expectedBias}`);
  assert.ok(b.every((v) => v >= -1e-6), 'the biased estimate is never negative');
  assert.ok(u.some((v) => v < 0), 'the unbiased one sometimes is');
});

test('the labelled MMD equals the double loop with k((a, c), (b, d)) = k(a, b) [c = d]', () => {
  const rng = new Rng(5);
  const k = 3;
  for (const [n, m] of [[9, 7], [4, 6]]) {
    const x = rows(rng, n, 2), y = rows(rng, m, 2, 1, 0.5);
    const lx = Array.from({ length: n }, () => rng.int(k)), ly = Array.from({ length: m }, () => rng.int(k));
    for (const sigmas of BANDWIDTHS) {
      for (const estimator of ['biased', 'unbiased'] as const) {
        const got = run(() => mmd2(tf.tensor2d(x), tf.tensor2d(y), sigmas, estimator, { x: oneHot(lx, k), y: oneHot(ly, k) }));
        const expected = mmd2Reference(x, y, sigmas, estimator, { x: lx, y: ly });
        assert.ok(Math.abs(got - expected) <= 2e-5 + 1e-4 * Math.abs(expected), `labelled ${estimator}, sigmas ${sigmas}: ${got} vs ${expected}`);
      }
    }
  }
  // The same points under the same labels match; swapping the labels of y's two groups does not.
  const x = rows(rng, 8, 2);
  const labels = [0, 0, 0, 0, 1, 1, 1, 1];
  const same = run(() => mmd2(tf.tensor2d(x), tf.tensor2d(x), [1], 'biased', { x: oneHot(labels, 2), y: oneHot(labels, 2) }));
  const swapped = run(() => mmd2(tf.tensor2d(x), tf.tensor2d(x), [1], 'biased', { x: oneHot(labels, 2), y: oneHot(labels.map((l) => 1 - l), 2) }));
  assert.equal(Math.abs(same), 0);
  assert.ok(swapped > 0.05, `the MMD of the joint law sees labels swapped: ${swapped}`);
});

test('medianDistance is the median of the pairwise distances, for odd and even pair counts', () => {
  const rng = new Rng(6);
  // n = 5: 10 pairs (even, the mean of the two middle distances); n = 6: 15 pairs (odd); n = 2: one pair.
  for (const n of [2, 5, 6, 40]) {
    const x = rows(rng, n, 3, 2);
    const distances: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) distances.push(Math.sqrt(x[i].reduce((s, v, c) => s + (v - x[j][c]) ** 2, 0)));
    distances.sort((a, b) => a - b);
    const h = distances.length >> 1;
    const expected = distances.length % 2 ? distances[h] : (distances[h - 1] + distances[h]) / 2;
    const got = tf.tidy(() => medianDistance(tf.tensor2d(x)));
    assert.ok(Math.abs(got - expected) < 1e-5 * expected, `n ${n}: ${got} vs ${expected}`);
  }
  // Points 0, 1, 3, 10 on a line: distances 1, 2, 3, 7, 9, 10; the median is (3 + 7) / 2 = 5
  // (the root of the mean of the middle squares would be 5.39).
  assert.ok(Math.abs(tf.tidy(() => medianDistance(tf.tensor2d([[0], [1], [3], [10]]))) - 5) < 1e-6);
});

test('the gradient of mmd2 with respect to x matches central finite differences', () => {
  const rng = new Rng(7);
  const x = rows(rng, 4, 2), y = rows(rng, 3, 2, 1, 0.5);
  const sigmas = [0.5, 1.5];
  for (const estimator of ['biased', 'unbiased'] as const) {
    const analytic = tf.tidy(() => tf.grad((a: tf.Tensor) => mmd2(a, tf.tensor2d(y), sigmas, estimator))(tf.tensor2d(x)).dataSync());
    // The double loop in float64, differenced with h = 1e-4: its error (~h^2 f''') is far below float32's.
    const h = 1e-4;
    const numeric = x.flatMap((row, i) => row.map((_, c) => {
      const [plus, minus] = [x.map((r) => [...r]), x.map((r) => [...r])];
      plus[i][c] += h;
      minus[i][c] -= h;
      return (mmd2Reference(plus, y, sigmas, estimator) - mmd2Reference(minus, y, sigmas, estimator)) / (2 * h);
    }));
    assertClose(analytic, numeric, 1e-5, 1e-4, `d mmd2 / dx (${estimator})`);
  }
});

test('bad arguments are refused with one sentence', () => {
  const x = tf.tensor2d([[0, 1], [1, 0], [2, 2]]), one = tf.tensor2d([[0, 1]]);
  assert.throws(() => mmd2(x, one, [1], 'unbiased'), {
    message: 'the unbiased MMD needs at least 2 samples on each side, not 3 and 1; use larger batches or the biased estimator.',
  });
  for (const sigmas of [[], [1, 0], [-1], [Number.NaN]]) {
    assert.throws(() => mmd2(x, x, sigmas), {
      message: `kernel bandwidths must be positive numbers, not [${sigmas.join(', ')}]; give at least one sigma > 0.`,
    });
  }
  assert.throws(() => medianDistance(one), { message: 'the median heuristic needs at least 2 samples, not 1; use a larger batch or fixed bandwidths.' });
  // The biased estimate is defined for single samples: k(x, x) + k(y, y) - 2 k(x, y).
  assert.ok(Math.abs(run(() => mmd2(one, tf.tensor2d([[0, 0]]), [1])) - 2 * (1 - Math.exp(-0.5))) < 1e-6);
  tf.dispose([x, one]);
});
