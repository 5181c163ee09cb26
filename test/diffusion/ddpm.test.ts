// DDPM's forward process, loss and samplers against closed forms: qSample is eq. 4 to the last
// bit, the forward chain ends in N(0, I), and with the exact noise predictor of data whose law is
// known (oracles.ts) the samplers return that law. Statistical checks use fixed seeds; each
// bound is derived from the sample size in a comment beside it.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  ddimSteps, forwardChain, qSample, randomSteps, reverseChain, sample, sampleAncestral, sampleChain, sampleDdim, simpleLoss,
  type ChainProgress, type NoisePredictor,
} from '../../src/diffusion/ddpm.ts';
import { gaussianNoise } from '../../src/random/gaussian_noise.ts';
import { noiseSchedule, type NoiseSchedule } from '../../src/diffusion/schedule.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { ksTest } from '../../src/eval/ks_test.ts';
import { gaussianMixture, normal } from '../../src/random/distributions.ts';
import { Rng } from '../../src/random/prng.ts';
import { assertClose } from '../helpers.ts';
import { column, gaussianOracle, mean, mixtureOracle, std } from './oracles.ts';

before(async () => { await useBackend(); });

const T100 = noiseSchedule('linear', 100);
const standardNormal = normal(0, 1).cdf;
const f32 = Math.fround;

/** Runs a sampler and returns its values, disposing the tensor. */
function values(x: tf.Tensor): Float32Array {
  const v = x.dataSync().slice() as Float32Array;
  x.dispose();
  return v;
}

/** (x_t - sqrt(alphaBar_t) x_0) / sqrt(1 - alphaBar_t): the noise in x_t, N(0, 1) when x_t ~ q(x_t | x_0). */
function standardised(schedule: NoiseSchedule, xt: ArrayLike<number>, x0: ArrayLike<number>, t: number): Float64Array {
  const a = schedule.alphaBars[t];
  return Float64Array.from(xt, (v, i) => (v - Math.sqrt(a) * x0[i % x0.length]) / Math.sqrt(1 - a));
}

// KS tests below ask p > 0.001: this file runs ~25 of them, so a right law fails one with chance
// under 3% whatever the seeds; at n = 4000 values that still rejects a std off by 7% (D > 0.031).
const KS_P = 0.001;

test('qSample is sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps per sample, to the float32 rounding of that formula', () => {
  const rng = new Rng(1);
  const n = 7, shape = [n, 2, 3];
  const x0v = rng.fill(n * 6, (r) => r.uniform() * 2 - 1), epsv = rng.fill(n * 6, (r) => r.normal());
  const t = [0, 1, 2, 50, 99, 100, 37];
  const out = tf.tidy(() => qSample(T100, tf.tensor(x0v, shape), t, tf.tensor(epsv, shape)).dataSync());
  const expected = Float32Array.from(x0v, (x, i) => {
    const a = T100.alphaBars[t[Math.floor(i / 6)]];
    return f32(f32(f32(Math.sqrt(a)) * x) + f32(f32(Math.sqrt(1 - a)) * epsv[i]));
  });
  assert.deepEqual(out, expected);
  // t = 0 is the data itself.
  assert.deepEqual(out.subarray(0, 6), x0v.subarray(0, 6));
  assert.throws(() => qSample(T100, tf.zeros([2, 2]), [1], tf.zeros([2, 2])), /1 steps for 2 samples/);
});

test('simpleLoss draws t then eps from the rng and scores ||eps - eps_theta(x_t, t)||^2 averaged over elements', () => {
  const n = 64, x0v = new Rng(2).fill(n * 3, (r) => r.uniform() * 2 - 1);
  let seen: { xt: Float32Array; t: Float32Array } | null = null;
  const zeros: NoisePredictor = (xt, t) => {
    seen = { xt: xt.dataSync().slice() as Float32Array, t: t.dataSync().slice() as Float32Array };
    return tf.zerosLike(xt);
  };
  const x0 = tf.tensor2d(x0v, [n, 3]);
  const loss = simpleLoss(T100, zeros, x0, new Rng(5));
  // The same draws in the same order from a twin generator.
  const twin = new Rng(5);
  const t = randomSteps(n, T100, twin);
  const eps = twin.fill(n * 3, (r) => r.normal());
  assert.deepEqual(seen!.t, Float32Array.from(t));
  assert.ok(t.every((s) => s >= 1 && s <= 100));
  const xt = tf.tidy(() => qSample(T100, x0, t, tf.tensor2d(eps, [n, 3])).dataSync());
  assert.deepEqual(seen!.xt, xt);
  // A predictor of zeros scores mean(eps^2).
  assertClose([loss.dataSync()[0]], [mean(eps.map((e) => e * e))], 1e-6, 1e-6, 'loss of zeros');
  // The exact predictor of a single point recovers eps from x_t: the loss is 0 up to rounding.
  const point = tf.tensor2d(new Float32Array(n * 3).fill(0.3), [n, 3]);
  const exact = simpleLoss(T100, gaussianOracle(T100, [0.3, 0.3, 0.3], [0, 0, 0]), point, new Rng(6));
  assert.ok(exact.dataSync()[0] < 1e-8, `loss of the exact predictor ${exact.dataSync()[0]}`);
  tf.dispose([x0, loss, point, exact]);
});

test('forwardChain: x_t of the step-by-step chain (eq. 2) has the closed-form law of eq. 4, and x_T is N(0, I)', () => {
  const n = 2000;
  const x0v = new Rng(3).fill(2 * n, (r) => 0.8 * Math.sin(7 * r.uniform()));
  for (const schedule of [T100, noiseSchedule('cosine', 100)]) {
    const x0 = tf.tensor2d(x0v, [n, 2]);
    const states = forwardChain(schedule, x0, [100, 0, 10, 50], new Rng(4));
    x0.dispose();
    assert.deepEqual(states.map((s) => s.t), [0, 10, 50, 100]);
    assert.deepEqual(states[0].x, x0v);
    for (const s of states.slice(1)) {
      const z = standardised(schedule, s.x, x0v, s.t);
      const ks = ksTest(z, standardNormal);
      assert.ok(ks.pValue > KS_P, `${schedule.name} t ${s.t}: KS D ${ks.statistic}, p ${ks.pValue}`);
    }
    // At T the data is gone: the raw values, not standardised, are N(0, 1).
    const ks = ksTest(states[3].x, standardNormal);
    assert.ok(ks.pValue > KS_P, `${schedule.name} x_T: KS D ${ks.statistic}, p ${ks.pValue}`);
  }
  // Steps are drawn in order from the generator: the same seed gives the same chain.
  const ones = tf.ones([3, 2]);
  const again = (seed: number) => forwardChain(T100, ones, [5], new Rng(seed))[0].x;
  assert.deepEqual(again(9), again(9));
  assert.notDeepEqual(again(9), again(10));
  assert.throws(() => forwardChain(T100, ones, [101], new Rng(0)), /integers in 0\.\.100/);
  ones.dispose();
});

test('with the exact predictor of a single point, every sampler returns that point', () => {
  const c = [0.5, -0.3], n = 50;
  const oracle = gaussianOracle(T100, c, [0, 0]);
  const cases = [
    { method: 'ancestral' as const }, { method: 'ancestral' as const, variance: 'beta' as const },
    { method: 'ddim' as const, steps: 5 }, { method: 'ddim' as const, steps: 100 }, { method: 'ddim' as const, steps: 10, eta: 1 },
  ];
  for (const options of cases) {
    const x = values(sample(T100, oracle, [n, 2], new Rng(7), options));
    // float32 rounding of x_0 = (x_t - sqrt(1 - alphaBar) eps) / sqrt(alphaBar) at the last step: ~1e-7 relative.
    assertClose(x, Array.from({ length: 2 * n }, (_, i) => c[i % 2]), 1e-5, 0, JSON.stringify(options));
  }
  // clip bounds each estimate of x_0, so the result is the clipped point.
  assertClose(values(sampleAncestral(T100, oracle, [4, 2], new Rng(7), { clip: 0.2 })), [0.2, -0.2, 0.2, -0.2, 0.2, -0.2, 0.2, -0.2], 1e-6, 0, 'clipped');
});

test('ancestral sampling of a single point passes through q(x_t | x_0) at every step (beta~ is its exact posterior variance)', () => {
  const c = [1, -0.5], n = 2000;
  const states = reverseChain(T100, gaussianOracle(T100, c, [0, 0]), [n, 2], [100, 90, 50, 20, 5, 2], new Rng(8), { method: 'ancestral' });
  assert.deepEqual(states.map((s) => s.t), [100, 90, 50, 20, 5, 2]);
  for (const s of states) {
    // x_T ~ N(0, I) is drawn, not q(x_T | x_0); they differ by sqrt(alphaBar_T) c = 0.006 c, far below what the test sees.
    const ks = ksTest(standardised(T100, s.x, c, s.t), standardNormal);
    assert.ok(ks.pValue > KS_P, `t ${s.t}: KS D ${ks.statistic}, p ${ks.pValue}`);
  }
});

test('DDIM (eta 0) from a single point: x_t = sqrt(alphaBar_t) c + sqrt(1 - alphaBar_t) e along the whole path, no noise drawn after x_T', () => {
  const c = [0.7, 0.2], n = 100;
  const path = ddimSteps(T100, 4);
  assert.deepEqual(path, [100, 75, 50, 25, 0]);
  const rng = new Rng(11);
  const states = reverseChain(T100, gaussianOracle(T100, c, [0, 0]), [n, 2], path, rng, { method: 'ddim', steps: 4 });
  assert.deepEqual(states.map((s) => s.t), path);
  const e = standardised(T100, states[0].x, c, 100);
  for (const s of states) {
    const a = T100.alphaBars[s.t];
    assertClose(s.x, Array.from(e, (v, i) => Math.sqrt(a) * c[i % 2] + Math.sqrt(1 - a) * v), 2e-5, 1e-5, `t ${s.t}`);
  }
  // Deterministic: the generator gave only x_T's 2n normals.
  const twin = new Rng(11);
  twin.fill(2 * n, (r) => r.normal());
  assert.deepEqual(rng.getState(), twin.getState());
});

test('Gaussian data: ancestral sampling (T = 1000, both variances) returns N(m, s^2) by KS, mean and std', () => {
  // With T = 1000 the Gaussian reverse steps' own error on N(0.8, 0.6^2) is 0.5% in std (the
  // recursion of the steps' variances in float64 gives 0.995 for beta~, 1.002 for beta), below the tests' resolution.
  const schedule = noiseSchedule('linear', 1000);
  const m = 0.8, s = 0.6, n = 4000;
  const oracle = gaussianOracle(schedule, [m], [s]);
  for (const variance of ['beta-tilde', 'beta'] as const) {
    const x = values(sampleAncestral(schedule, oracle, [n, 1], new Rng(12), { variance }));
    const ks = ksTest(x, normal(m, s).cdf);
    assert.ok(ks.pValue > KS_P, `${variance}: KS D ${ks.statistic}, p ${ks.pValue}`);
    // Standard errors at n = 4000: s / sqrt(n) = 0.0095 for the mean, s / sqrt(2n) = 0.0067 for the std; bounds are 4 of them.
    assert.ok(Math.abs(mean(x) - m) < 0.038, `${variance}: mean ${mean(x)}`);
    assert.ok(Math.abs(std(x) - s) < 0.027, `${variance}: std ${std(x)}`);
  }
});

test('Gaussian data: DDIM (eta 0) maps x_T affinely to x_0 with the slope of the closed form, and converges to N(m, s^2) as S grows', () => {
  // The linear schedule: the cosine one's alphaBar_T = 2e-9 makes x_0 = (x_T - sqrt(1 - alphaBar) eps) / sqrt(alphaBar)
  // cancel 2e4-sized terms, ~2e-3 of float32 rounding (alike in every float32 implementation) that would blur the comparison.
  const schedule = noiseSchedule('linear', 1000);
  const m = [1.5, -0.5], s = [0.5, 1.2], n = 2000;
  const oracle = gaussianOracle(schedule, m, s);
  for (const S of [3, 10, 200]) {
    let xT: Float32Array | null = null;
    const x = values(sampleDdim(schedule, oracle, [n, 2], new Rng(13), { steps: S, onStep: (t, xt) => { if (t === 1000) xT = xt.dataSync().slice() as Float32Array; } }));
    // Each step is x' - sqrt(a') m = k (x - sqrt(a) m), k = (sqrt(a' a) s^2 + sqrt((1 - a')(1 - a))) / (a s^2 + 1 - a).
    const path = ddimSteps(schedule, S);
    const slope = s.map((sj) => {
      let k = 1;
      for (let i = 0; i + 1 < path.length; i++) {
        const a = schedule.alphaBars[path[i]], a1 = schedule.alphaBars[path[i + 1]];
        k *= (Math.sqrt(a1 * a) * sj * sj + Math.sqrt((1 - a1) * (1 - a))) / (a * sj * sj + 1 - a);
      }
      return k;
    });
    const aT = schedule.alphaBars[1000];
    assertClose(x, Array.from(xT!, (v, i) => m[i % 2] + slope[i % 2] * (v - Math.sqrt(aT) * m[i % 2])), 1e-4, 1e-4, `S ${S}`);
    // DDIM's first-order steps narrow the law when S is small (each step keeps E[x_0 | x_t], not x_0):
    // at S = 10 the slope gives 74% and 84% of the two stds; at S = 200 it is below 2% (98.5%, 99.1%)
    // and the samples pass KS against the data in each coordinate.
    if (S === 10) assert.ok(slope.every((k, j) => k < 0.9 * s[j] && k > 0.7 * s[j]), `S 10 slopes ${slope}`);
    if (S === 200) {
      assert.ok(slope.every((k, j) => k < s[j] && k > 0.98 * s[j]), `S 200 slopes ${slope}`);
      for (let j = 0; j < 2; j++) {
        const ks = ksTest(column(x, j, 2), normal(m[j], s[j]).cdf);
        assert.ok(ks.pValue > KS_P, `coordinate ${j}: KS D ${ks.statistic}, p ${ks.pValue}`);
      }
    }
  }
});

test('a mixture of two Gaussians: ancestral sampling recovers both modes and their weights', () => {
  const components = [{ weight: 0.3, mean: -1.5, std: 0.3 }, { weight: 0.7, mean: 1, std: 0.5 }];
  const target = gaussianMixture(components);
  const oracle = mixtureOracle(T100, components);
  const n = 4000;
  for (const variance of ['beta-tilde', 'beta'] as const) {
    const x = values(sampleAncestral(T100, oracle, [n, 1], new Rng(15), { variance }));
    const ks = ksTest(x, target.cdf);
    assert.ok(ks.pValue > KS_P, `${variance}: KS D ${ks.statistic}, p ${ks.pValue}`);
    // The left mode's share: binomial standard error sqrt(0.3 * 0.7 / 4000) = 0.0072; 4 of them.
    const left = x.filter((v) => v < -0.25).length / n;
    assert.ok(Math.abs(left - 0.3) < 0.03, `${variance}: share of the left mode ${left}`);
  }
});

test('DDIM with eta = 1 and every step is DDPM with beta~: the same numbers from the same seed', () => {
  const oracle = mixtureOracle(T100, [{ weight: 1, mean: -1, std: 0.2 }, { weight: 1, mean: 1, std: 0.2 }]);
  const ddpm = values(sampleAncestral(T100, oracle, [300, 1], new Rng(16)));
  const ddim = values(sampleDdim(T100, oracle, [300, 1], new Rng(16), { eta: 1 }));
  // Song et al. 2021, eq. 16: sigma_t(1)^2 is beta~_t and eq. 12's mean is then eq. 7's; only rounding differs.
  assertClose(ddim, ddpm, 1e-4, 1e-4, 'DDIM eta 1 vs DDPM');
  // eta 0 is another sampler altogether.
  const deterministic = values(sampleDdim(T100, oracle, [300, 1], new Rng(16)));
  assert.ok(deterministic.some((v, i) => Math.abs(v - ddpm[i]) > 0.1));
});

test('ddimSteps: trailing spacing from T to 0; reverseChain records skipped steps at the next state reached', () => {
  assert.deepEqual(ddimSteps(T100, 1), [100, 0]);
  assert.deepEqual(ddimSteps(T100, 3), [100, 67, 33, 0]);
  assert.deepEqual(ddimSteps(T100, 100), Array.from({ length: 101 }, (_, i) => 100 - i));
  for (const S of [1, 7, 30, 99]) {
    const p = ddimSteps(T100, S);
    assert.equal(p.length, S + 1);
    for (let i = 1; i < p.length; i++) assert.ok(p[i] < p[i - 1]);
  }
  assert.throws(() => ddimSteps(T100, 0), /between 1 and 100/);
  assert.throws(() => ddimSteps(T100, 101), /between 1 and 100/);

  const oracle = gaussianOracle(T100, [0.5], [0.4]);
  const options = { method: 'ddim' as const, steps: 4 };
  const states = reverseChain(T100, oracle, [5, 1], [0, 60, 100, 99], new Rng(17), options);
  // 99 and 60 lie between the path's 100, 75, 50: each is recorded at the first state at or below it.
  assert.deepEqual(states.map((s) => s.t), [100, 75, 50, 0]);
  // The chain's last state is what `sample` returns from the same seed.
  assert.deepEqual(states[3].x, values(sample(T100, oracle, [5, 1], new Rng(17), options)));
  assert.throws(() => reverseChain(T100, oracle, [5, 1], [-1], new Rng(0), options), /integers in 0\.\.100/);
});

test('samplers check their inputs and leak no tensors', () => {
  const oracle = gaussianOracle(T100, [0, 0], [1, 1]);
  const before = tf.memory().numTensors;
  for (const options of [{ method: 'ancestral' as const }, { method: 'ddim' as const, steps: 10, eta: 0.5 }]) {
    sample(T100, oracle, [8, 2], new Rng(18), options).dispose();
    reverseChain(T100, oracle, [8, 2], [0, 50], new Rng(18), options);
  }
  const ones = tf.ones([8, 2]);
  forwardChain(T100, ones, [100], new Rng(18));
  ones.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => sampleDdim(T100, oracle, [2, 2], new Rng(0), { eta: -0.1 }), /eta must be at least 0/);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 0], 'int32'), 2) as tf.Tensor2D);
  assert.throws(() => sample(T100, oracle, [2, 2], new Rng(0), { method: 'ancestral', oneHotLabels: labels }), /3 labels for 2 samples/);
  assert.throws(() => sample(T100, oracle, [2, 2], new Rng(0), { method: 'euler' } as never), /unknown sampling method "euler"/);
  labels.dispose();
});

test('with clipping, a DDIM step is the DDIM step of its clipped x_0, its noise derived again from it', () => {
  // A predictor that always says "no noise" makes the first x_0 estimate x_T / sqrt(alphaBar_T),
  // far outside [-1, 1]. After clipping, the step must use eps' = (x_t - sqrt(ab_t) x0c) / sqrt(1 - ab_t).
  const zero: NoisePredictor = (xt) => tf.zerosLike(xt);
  const states: Float32Array[] = [];
  const steps: number[] = [];
  sampleDdim(T100, zero, [64, 1], new Rng(4), {
    steps: 2, clip: 1, onStep: (t, xt) => { steps.push(t); states.push(xt.dataSync().slice() as Float32Array); },
  }).dispose();
  const [t, prev] = steps;
  const ab = T100.alphaBars[t], abPrev = T100.alphaBars[prev];
  const expected = states[0].map((xt) => {
    const x0 = Math.max(-1, Math.min(1, xt / Math.sqrt(ab)));
    const eps = (xt - Math.sqrt(ab) * x0) / Math.sqrt(1 - ab);
    return Math.sqrt(abPrev) * x0 + Math.sqrt(1 - abPrev) * eps;
  });
  assertClose(states[1], expected, 1e-5, 1e-4, 'x at the second state');
});

test('a chain run a step at a time yields its progress and draws what sample draws; stopped half-way it frees its state; a given start replaces the rng\'s x_T', () => {
  const oracle = gaussianOracle(T100, [0.5, -0.5], [0.3, 0.3]);
  const options = { method: 'ddim' as const, steps: 10, eta: 0.5 };
  const whole = values(sample(T100, oracle, [6, 2], new Rng(19), options));
  const before = tf.memory().numTensors;
  const chain = sampleChain(T100, oracle, [6, 2], new Rng(19), options);
  const seen: ChainProgress[] = [];
  let step = chain.next();
  for (; !step.done; step = chain.next()) seen.push(step.value);
  assert.deepEqual(seen, Array.from({ length: 10 }, (_, i) => ({ done: i + 1, total: 10 })));
  assert.deepEqual(values(step.value), whole);
  const stopped = sampleChain(T100, oracle, [6, 2], new Rng(19), options);
  stopped.next();
  stopped.return(undefined!);
  assert.equal(tf.memory().numTensors, before);

  // x_T drawn from Rng(20) and passed as the start: the same deterministic DDIM sample.
  const start = gaussianNoise([6, 2], new Rng(20));
  const deterministic = { method: 'ddim' as const, steps: 10 };
  assert.deepEqual(values(sample(T100, oracle, [6, 2], new Rng(0), { ...deterministic, start })), values(sample(T100, oracle, [6, 2], new Rng(20), deterministic)));
  assert.throws(() => sample(T100, oracle, [3, 2], new Rng(0), { ...deterministic, start }), /start of shape \[6, 2\] for samples \[3, 2\]/);
  start.dispose();
});
