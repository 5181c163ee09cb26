// The VAE's objective against references: the closed-form KL against the formula computed by hand
// and against a Monte Carlo estimate of its definition; the two likelihoods against their
// per-pixel densities; the reparameterisation against its formula and finite differences.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useBackend } from '../../src/engine/backend.ts';
import { Rng } from '../../src/random/prng.ts';
import {
  bernoulliLogLikelihood, elbo, gaussianKl, gaussianLogLikelihood, reconstructionLogLikelihood, reparameterize,
} from '../../src/vae/objective.ts';
import { assertClose } from '../helpers.ts';

before(async () => { await useBackend(); });

/** The values of the tensors `f` returns, as float64; every tensor it made is disposed. */
function valuesOf(f: () => tf.Tensor[]): Float64Array[] {
  const tensors = tf.tidy(f);
  const out = tensors.map((t) => Float64Array.from(t.dataSync()));
  tf.dispose(tensors);
  return out;
}
const valueOf = (f: () => tf.Tensor) => valuesOf(() => [f()])[0];

// Rows of (mean, logVar) with dimension 3: the prior itself, a shifted one, narrow and wide ones.
const MEANS = [[0, 0, 0], [1, -2, 0.5], [0.3, 0.1, -0.7], [-1.5, 2.5, 0]];
const LOG_VARS = [[0, 0, 0], [0, 0, 0], [-3, -1.2, 0.4], [2, -0.5, 1.1]];

test('gaussianKl is 1/2 sum(exp(logVar) + mean^2 - 1 - logVar), row by row', () => {
  // The closed form, in plain JS float64 (Kingma & Welling 2014, appendix B, with the sign turned).
  const expected = MEANS.map((m, i) => 0.5 * m.reduce((s, mu, j) => s + Math.exp(LOG_VARS[i][j]) + mu * mu - 1 - LOG_VARS[i][j], 0));
  const kl = valueOf(() => gaussianKl(tf.tensor2d(MEANS), tf.tensor2d(LOG_VARS)));
  assert.equal(kl.length, MEANS.length);
  assert.ok(kl[0] === 0, `KL of the prior to itself ${kl[0]}`);
  // float32 on terms up to ~e^2: a few ulps of 10.
  assertClose(kl, expected, 1e-5, 1e-6, 'KL');
});

test('gaussianKl agrees with a Monte Carlo estimate of E_q[log q(z) - log p(z)]', () => {
  const rng = new Rng(17);
  const n = 40000;
  const kl = valueOf(() => gaussianKl(tf.tensor2d(MEANS), tf.tensor2d(LOG_VARS)));
  MEANS.forEach((mean, row) => {
    const logVar = LOG_VARS[row];
    let sum = 0, sumSq = 0;
    for (let i = 0; i < n; i++) {
      // z = mu + sigma eps; log q(z) - log p(z) = sum_j -logVar_j / 2 - eps_j^2 / 2 + z_j^2 / 2 (the 2 pi terms cancel).
      let v = 0;
      for (let j = 0; j < mean.length; j++) {
        const eps = rng.normal();
        const z = mean[j] + Math.exp(logVar[j] / 2) * eps;
        v += -logVar[j] / 2 - (eps * eps) / 2 + (z * z) / 2;
      }
      sum += v;
      sumSq += v * v;
    }
    const estimate = sum / n;
    const standardError = Math.sqrt((sumSq / n - estimate * estimate) / n);
    // 4 standard errors: a fixed seed, and a true failure (a wrong factor) misses by far more.
    assert.ok(Math.abs(estimate - kl[row]) <= 4 * standardError + 1e-9,
      `row ${row}: closed form ${kl[row]}, Monte Carlo ${estimate} +- ${standardError}`);
  });
});

test('the KL gradient is mean for the mean and (exp(logVar) - 1) / 2 for logVar', () => {
  const [dMean, dLogVar] = valuesOf(() => {
    const g = tf.grads((m: tf.Tensor, v: tf.Tensor) => tf.sum(gaussianKl(m as tf.Tensor2D, v as tf.Tensor2D)));
    return g([tf.tensor2d(MEANS), tf.tensor2d(LOG_VARS)]);
  });
  assertClose(dMean, MEANS.flat(), 1e-6, 1e-6, 'dKL/dmean');
  assertClose(dLogVar, LOG_VARS.flat().map((v) => (Math.exp(v) - 1) / 2), 1e-6, 1e-5, 'dKL/dlogVar');
});

/** x in [-1, 1] and decoder outputs for 5 samples of 4 x 4 x 1 images, including saturated logits. */
function imageBatch(seed: number): { x: Float32Array; out: Float32Array; shape: number[] } {
  const rng = new Rng(seed);
  const shape = [5, 4, 4, 1];
  const size = 5 * 16;
  const x = rng.fill(size, (r) => r.uniform() * 2 - 1);
  x[0] = -1; x[1] = 1;   // pure black and white pixels
  const out = rng.fill(size, (r) => r.normal() * 3);
  out[0] = 30; out[1] = -30; out[2] = 25;
  return { x, out, shape };
}

const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));

test('bernoulliLogLikelihood is sum x\' log p + (1 - x\') log(1 - p) with p = sigmoid(logit), x\' = (x + 1) / 2', () => {
  const { x, out, shape } = imageBatch(3);
  const got = valueOf(() => bernoulliLogLikelihood(tf.tensor(x, shape), tf.tensor(out, shape)));
  const expected = Array.from({ length: shape[0] }, (_, b) => {
    let s = 0;
    for (let i = b * 16; i < (b + 1) * 16; i++) {
      const target = (x[i] + 1) / 2;
      // 1 - p as sigmoid(-l), so that a saturated logit keeps its tiny probability.
      s += target * Math.log(sigmoid(out[i])) + (1 - target) * Math.log(sigmoid(-out[i]));
    }
    return s;
  });
  // Per sample a sum of 16 terms up to 30 nats each in float32.
  assertClose(got, expected, 1e-4, 1e-5, 'Bernoulli log-likelihood');
  // A binary image scored by its own saturated logits is nearly certain: log P ~ 0.
  const sure = valueOf(() => bernoulliLogLikelihood(tf.tensor2d([[1, -1, 1]]), tf.tensor2d([[40, -40, 40]])));
  assert.ok(sure[0] <= 0 && sure[0] > -1e-6, `log P of a certain image ${sure[0]}`);
});

test('gaussianLogLikelihood is the sum of per-pixel normal log densities', () => {
  const { x, out, shape } = imageBatch(4);
  for (const std of [0.1, 1, 2.5]) {
    const got = valueOf(() => gaussianLogLikelihood(tf.tensor(x, shape), tf.tensor(out, shape), std));
    const expected = Array.from({ length: shape[0] }, (_, b) => {
      let s = 0;
      for (let i = b * 16; i < (b + 1) * 16; i++) s += -0.5 * Math.log(2 * Math.PI * std * std) - (x[i] - out[i]) ** 2 / (2 * std * std);
      return s;
    });
    // With std 0.1 the terms reach ~(4^2) / 0.02 = 800 nats: float32 keeps ~1e-7 of that per term.
    assertClose(got, expected, 1e-3, 1e-5, `Gaussian log-likelihood, std ${std}`);
  }
});

test('reconstructionLogLikelihood picks the likelihood and elbo is log-likelihood minus KL', () => {
  const { x, out, shape } = imageBatch(5);
  const [viaB, directB, viaG, directG, bound] = valuesOf(() => {
    const [xt, ot] = [tf.tensor(x, shape), tf.tensor(out, shape)];
    return [
      reconstructionLogLikelihood('bernoulli', xt, ot, 0.1), bernoulliLogLikelihood(xt, ot),
      reconstructionLogLikelihood('gaussian', xt, ot, 0.3), gaussianLogLikelihood(xt, ot, 0.3),
      elbo(tf.tensor1d([-3, 5]), tf.tensor1d([2, 0.5])),
    ];
  });
  assert.deepEqual(viaB, directB);
  assert.deepEqual(viaG, directG);
  assert.deepEqual(Array.from(bound), [-5, 4.5]);
});

test('reparameterize gives mean + exp(logVar / 2) * eps', () => {
  const rng = new Rng(8);
  const eps = rng.fill(12, (r) => r.normal());
  const got = valueOf(() => reparameterize(tf.tensor2d(MEANS), tf.tensor2d(LOG_VARS), tf.tensor2d(eps, [4, 3])));
  const expected = MEANS.flat().map((m, i) => m + Math.exp(LOG_VARS.flat()[i] / 2) * eps[i]);
  // The same formula in float32: equal to rounding (exp differs from Math.exp by an ulp at most).
  assertClose(got, expected, 1e-6, 1e-6, 'z');
});

test('the gradient of reparameterize with respect to mean and logVar matches central finite differences', () => {
  const rng = new Rng(9);
  const eps = tf.tensor2d(rng.fill(12, (r) => r.normal()), [4, 3]);
  const weights = tf.tensor2d(rng.fill(12, (r) => r.normal()), [4, 3]);
  // A scalar function of z with a different weight on every coordinate, so that no error cancels.
  const f = (mean: tf.Tensor, logVar: tf.Tensor) => tf.sum(tf.mul(weights, reparameterize(mean as tf.Tensor2D, logVar as tf.Tensor2D, eps)));
  const mean = Float32Array.from(MEANS.flat()), logVar = Float32Array.from(LOG_VARS.flat());
  const [dMean, dLogVar] = valuesOf(() => tf.grads(f)([tf.tensor2d(mean, [4, 3]), tf.tensor2d(logVar, [4, 3])]));
  const at = (m: Float32Array, v: Float32Array) => tf.tidy(() => f(tf.tensor2d(m, [4, 3]), tf.tensor2d(v, [4, 3])).dataSync()[0]);
  const h = 1e-2;
  const numeric = (which: 'mean' | 'logVar') => Array.from({ length: 12 }, (_, i) => {
    const [plus, minus] = [which === 'mean' ? mean : logVar, which === 'mean' ? mean : logVar].map((a) => Float32Array.from(a));
    plus[i] += h;
    minus[i] -= h;
    return which === 'mean' ? (at(plus, logVar) - at(minus, logVar)) / (2 * h) : (at(mean, plus) - at(mean, minus)) / (2 * h);
  });
  // Central differences in float32 with h = 0.01: truncation ~h^2 f''' / 6 (f''' <= e^{2.5} |w eps| / 8 here)
  // and rounding ~1e-7 |f| / h; both stay below 2e-3 for these values.
  assertClose(dMean, numeric('mean'), 2e-3, 2e-3, 'dz/dmean');
  assertClose(dLogVar, numeric('logVar'), 2e-3, 2e-3, 'dz/dlogVar');
  // The analytic values: w for the mean, w eps exp(logVar / 2) / 2 for logVar.
  const [w, e] = [weights.dataSync(), eps.dataSync()];
  assertClose(dMean, w, 1e-6, 1e-6, 'dz/dmean = w');
  assertClose(dLogVar, Array.from(w, (wi, i) => (wi * e[i] * Math.exp(logVar[i] / 2)) / 2), 1e-5, 1e-5, 'dz/dlogVar = w eps sigma / 2');
  tf.dispose([eps, weights]);
});
