// Native element-wise kernels, reductions and batch normalisation against the cpu backend,
// including NaN and infinities and every broadcasting pattern.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose, onBothBackends, randInt, randomArray, requireNative, rng } from '../helpers.ts';

before(requireNative);

function valuesWithSpecials(n: number, random: () => number, scale: number): Float32Array {
  const v = randomArray(n, random, scale);
  v[0] = NaN;
  v[1] = Infinity;
  v[2] = -Infinity;
  v[3] = 0;
  v[4] = -0.5;
  return v;
}

const UNARY: [string, (x: tf.Tensor) => tf.Tensor][] = [
  ['relu', tf.relu], ['relu6', tf.relu6], ['leakyRelu', (x) => tf.leakyRelu(x, 0.3)], ['sigmoid', tf.sigmoid],
  ['elu', tf.elu], ['tanh', tf.tanh], ['exp', tf.exp], ['log', tf.log], ['sqrt', tf.sqrt], ['rsqrt', tf.rsqrt],
  ['square', tf.square], ['neg', tf.neg], ['abs', tf.abs], ['reciprocal', tf.reciprocal], ['softplus', tf.softplus],
  ['log1p', tf.log1p], ['step', (x) => tf.step(x, 0.25)], ['clipByValue', (x) => tf.clipByValue(x, -0.7, 1.3)],
  ['sign', tf.sign], ['expm1', tf.expm1], ['floor', tf.floor], ['ceil', tf.ceil], ['round', tf.round],
  ['sin', tf.sin], ['cos', tf.cos], ['erf', tf.erf], ['selu', tf.selu],
];

test('unary kernels match cpu, NaN and infinities included', async () => {
  const random = rng(21);
  for (const [name, f] of UNARY) {
    for (const n of [7, 100_003]) {  // below and above the size where threads start
      const xs = valuesWithSpecials(n, random, 4);
      const r = await onBothBackends(() => f(tf.tensor1d(xs)));
      assertClose(r.native[0], r.cpu[0], 1e-6, 2e-6, `${name}[${n}]`);
    }
  }
});

const BINARY: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
  ['add', tf.add], ['sub', tf.sub], ['mul', tf.mul], ['div', tf.div], ['maximum', tf.maximum], ['minimum', tf.minimum],
  ['squaredDifference', tf.squaredDifference], ['pow', tf.pow], ['greater', tf.greater], ['greaterEqual', tf.greaterEqual],
  ['less', tf.less], ['lessEqual', tf.lessEqual], ['equal', tf.equal], ['notEqual', tf.notEqual],
];

const SHAPES: [number[], number[]][] = [
  [[5, 7], [5, 7]], [[5, 7], []], [[], [5, 7]], [[5, 7], [7]], [[5, 1], [1, 7]], [[3, 1, 4], [2, 1]],
  [[2, 3, 4, 5], [3, 1, 5]], [[64, 7, 7, 128], [128]], [[64, 7, 7, 128], [64, 1, 1, 128]], [[1, 1], [3, 1, 2]],
];

test('binary kernels match cpu for every broadcasting pattern', async () => {
  const random = rng(22);
  for (const [name, f] of BINARY) {
    for (const [sa, sb] of SHAPES) {
      const as = valuesWithSpecials(Math.max(5, sa.reduce((x, y) => x * y, 1)), random, 3).slice(0, sa.reduce((x, y) => x * y, 1));
      const bs = randomArray(sb.reduce((x, y) => x * y, 1), random, 3);
      if (name === 'pow') bs.forEach((v, i) => { bs[i] = Math.round(v); });  // integer powers of negatives
      const r = await onBothBackends(() => f(tf.tensor(as, sa), tf.tensor(bs, sb)));
      assertClose(r.native[0], r.cpu[0], 1e-5, 1e-5, `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`);
    }
  }
});

test('select (where) matches cpu, with a full and a per-row condition', async () => {
  const random = rng(23);
  const t = randomArray(6 * 50, random), e = randomArray(6 * 50, random);
  const cond = Array.from({ length: 6 * 50 }, () => random() < 0.5);
  const r = await onBothBackends(() => [
    tf.where(tf.tensor(cond, [6, 50], 'bool'), tf.tensor(t, [6, 50]), tf.tensor(e, [6, 50])),
    tf.where(tf.tensor(cond.slice(0, 6), [6, 1], 'bool'), tf.tensor(t, [6, 50]), tf.tensor(e, [6, 50])),
  ]);
  assertClose(r.native[0], r.cpu[0], 0, 0, 'where full');
  assertClose(r.native[1], r.cpu[1], 0, 0, 'where per row');
});

test('sum, mean, max and min over random axes match cpu', async () => {
  const random = rng(24);
  for (let i = 0; i < 80; i++) {
    const rank = randInt(random, 1, 4);
    const shape = Array.from({ length: rank }, () => randInt(random, 1, 9));
    const axes = Array.from({ length: rank }, (_, k) => k).filter(() => random() < 0.5);
    const keepDims = random() < 0.5;
    const xs = randomArray(shape.reduce((a, b) => a * b, 1), random, 5);
    const ax = axes.length ? axes : undefined;
    const r = await onBothBackends(() => [tf.sum(tf.tensor(xs, shape), ax, keepDims), tf.mean(tf.tensor(xs, shape), ax, keepDims),
      tf.max(tf.tensor(xs, shape), ax, keepDims), tf.min(tf.tensor(xs, shape), ax, keepDims)]);
    r.native.forEach((v, k) => assertClose(v, r.cpu[k], 1e-5, 1e-5, `${['sum', 'mean', 'max', 'min'][k]} ${shape} axes ${axes}`));
  }
  const big = randomArray(64 * 14 * 14 * 64, random);
  const r = await onBothBackends(() => [tf.sum(tf.tensor(big, [64, 14, 14, 64]), [0, 1, 2]), tf.mean(tf.tensor(big, [64, 12544]), 1)]);
  assertClose(r.native[0], r.cpu[0], 1e-3, 1e-5, 'sum over NHW');
  assertClose(r.native[1], r.cpu[1], 1e-5, 1e-5, 'mean over rows');
});

test('max and min propagate NaN as the cpu backend does', async () => {
  const r = await onBothBackends(() => [tf.max(tf.tensor([1, NaN, 3, 4, 5, 6], [2, 3]), 1), tf.min(tf.tensor([1, NaN, 3, 4, 5, 6], [2, 3]), 0)]);
  assertClose(r.native[0], r.cpu[0], 0, 0, 'max');
  assertClose(r.native[1], r.cpu[1], 0, 0, 'min');
});

test('batchNorm matches cpu with and without scale and offset', async () => {
  const random = rng(25);
  const x = randomArray(4 * 5 * 5 * 6, random, 3);
  const [m, v, o, s] = [randomArray(6, random), randomArray(6, random).map(Math.abs), randomArray(6, random), randomArray(6, random)];
  const r = await onBothBackends(() => [
    tf.batchNorm(tf.tensor4d(x, [4, 5, 5, 6]), tf.tensor1d(m), tf.tensor1d(v), tf.tensor1d(o), tf.tensor1d(s), 1e-3),
    tf.batchNorm(tf.tensor4d(x, [4, 5, 5, 6]), tf.tensor1d(m), tf.tensor1d(v), undefined, undefined, 1e-5),
    tf.batchNorm(tf.tensor2d(x.slice(0, 60), [10, 6]), tf.tensor1d([0.3]), tf.tensor1d([2]), tf.tensor1d(o), tf.tensor1d([1.5])),
  ]);
  r.native.forEach((values, k) => assertClose(values, r.cpu[k], 1e-4, 1e-4, `batchNorm case ${k}`));
});

test('batch-norm gradients agree with central finite differences', async () => {
  const random = rng(26);
  const x = randomArray(8 * 3, random, 2), rs = randomArray(8 * 3, random);
  // Training-mode normalisation, as layers computes it: batch moments, then batchNorm.
  const loss = (t: tf.Tensor) => {
    const { mean, variance } = tf.moments(t, 0);
    return tf.sum(tf.mul(tf.batchNorm(t, mean, variance, tf.zeros([3]), tf.ones([3]), 1e-3), tf.tensor(rs, [8, 3])));
  };
  const g = tf.tidy(() => tf.grad(loss)(tf.tensor(x, [8, 3])).dataSync().slice());
  const eps = 1e-2;
  for (let i = 0; i < x.length; i++) {
    const plus = Float32Array.from(x), minus = Float32Array.from(x);
    plus[i] += eps;
    minus[i] -= eps;
    const f = (v: Float32Array) => tf.tidy(() => loss(tf.tensor(v, [8, 3])).dataSync()[0]);
    const numeric = (f(plus) - f(minus)) / (2 * eps);
    assert.ok(Math.abs(numeric - g[i]) < 2e-2 * (1 + Math.abs(numeric)), `dx[${i}]: analytic ${g[i]}, numeric ${numeric}`);
  }
});
