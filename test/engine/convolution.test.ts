// Native convolutions against the cpu backend on randomized geometries, and their gradients
// against finite differences.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose, onBothBackends, pick, randInt, randomArray, requireNative, rng } from '../helpers.ts';
import { loadNativeAddon } from '../../src/engine/native_addon.ts';

before(requireNative);

type Geometry = {
  x: [number, number, number, number]; filter: [number, number, number, number];
  strides: [number, number]; dilations: [number, number];
  pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
};

// Batch 1-3, odd sizes, 1 and many channels, strides 1-3, every padding mode, dilation (tfjs
// allows dilation > 1 only with stride 1).
function randomGeometry(random: () => number): Geometry {
  const kh = randInt(random, 1, 5), kw = randInt(random, 1, 4);
  const dilated = random() < 0.25;
  const dilations: [number, number] = dilated ? [randInt(random, 1, 2), randInt(random, 2, 3)] : [1, 1];
  const strides: [number, number] = dilated ? [1, 1] : [randInt(random, 1, 3), randInt(random, 1, 3)];
  const h = randInt(random, (kh - 1) * dilations[0] + 1, 13), w = randInt(random, (kw - 1) * dilations[1] + 1, 11);
  const padMode = pick(random, ['same', 'valid', 'explicit'] as const);
  const pad = padMode === 'explicit'
    ? [[0, 0], [randInt(random, 0, 2), randInt(random, 0, 2)], [randInt(random, 0, 2), randInt(random, 0, 2)], [0, 0]] as Geometry['pad']
    : padMode;
  return {
    x: [randInt(random, 1, 3), h, w, pick(random, [1, 2, 3, 8, 17])],
    filter: [kh, kw, 0, pick(random, [1, 4, 16, 33])], strides, dilations, pad,
  };
}

function withChannels(g: Geometry): Geometry {
  return { ...g, filter: [g.filter[0], g.filter[1], g.x[3], g.filter[3]] };
}

// Sums of k products of values in [-1, 1]: float32 rounding grows like sqrt(k).
const tolerance = (g: Geometry) => 2e-6 * g.filter[0] * g.filter[1] * g.x[3] + 1e-5;

test('Conv2D matches cpu on 60 random geometries', async () => {
  const random = rng(1);
  for (let i = 0; i < 60; i++) {
    const g = withChannels(randomGeometry(random));
    const xs = randomArray(g.x.reduce((a, b) => a * b), random), ws = randomArray(g.filter.reduce((a, b) => a * b), random);
    const r = await onBothBackends(() =>
      tf.conv2d(tf.tensor4d(xs, g.x), tf.tensor4d(ws, g.filter), g.strides, g.pad, 'NHWC', g.dilations));
    assertClose(r.native[0], r.cpu[0], tolerance(g), 1e-5, `conv2d ${JSON.stringify(g)}`);
  }
});

test('Conv2D in NCHW matches cpu', async () => {
  const random = rng(2);
  for (let i = 0; i < 10; i++) {
    const g = withChannels(randomGeometry(random));
    const nchw: [number, number, number, number] = [g.x[0], g.x[3], g.x[1], g.x[2]];
    const pad = Array.isArray(g.pad) ? [[0, 0], [0, 0], g.pad[1], g.pad[2]] as Geometry['pad'] : g.pad;
    const xs = randomArray(g.x.reduce((a, b) => a * b), random), ws = randomArray(g.filter.reduce((a, b) => a * b), random);
    const r = await onBothBackends(() =>
      tf.conv2d(tf.tensor4d(xs, nchw), tf.tensor4d(ws, g.filter), g.strides, pad, 'NCHW', g.dilations));
    assertClose(r.native[0], r.cpu[0], tolerance(g), 1e-5, `conv2d NCHW ${JSON.stringify(g)}`);
  }
});

test('FusedConv2D with bias and each fused activation matches cpu', async () => {
  const random = rng(3);
  for (const activation of ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu', 'prelu'] as const) {
    const g = withChannels(randomGeometry(random));
    const co = g.filter[3];
    const xs = randomArray(g.x.reduce((a, b) => a * b), random, 3), ws = randomArray(g.filter.reduce((a, b) => a * b), random);
    const bs = randomArray(co, random), alphas = randomArray(co, random);
    const r = await onBothBackends(() => tf.fused.conv2d({
      x: tf.tensor4d(xs, g.x), filter: tf.tensor4d(ws, g.filter), strides: g.strides, pad: g.pad,
      dilations: g.dilations, bias: tf.tensor1d(bs), activation, leakyreluAlpha: 0.15,
      preluActivationWeights: activation === 'prelu' ? tf.tensor1d(alphas) : undefined,
    }));
    assertClose(r.native[0], r.cpu[0], 3 * tolerance(g), 1e-5, `fused conv2d ${activation} ${JSON.stringify(g)}`);
  }
});

test('Conv2DBackpropInput (conv2dTranspose) matches cpu on 40 random geometries', async () => {
  const random = rng(4);
  for (let i = 0; i < 40; i++) {
    const g = withChannels({ ...randomGeometry(random), dilations: [1, 1] });
    if (Array.isArray(g.pad)) g.pad = 'same';  // conv2dTranspose takes 'same' | 'valid' | a number
    const outShape = tf.tidy(() => tf.conv2d(tf.zeros(g.x) as tf.Tensor4D, tf.zeros(g.filter) as tf.Tensor4D, g.strides, g.pad).shape);
    const dys = randomArray(outShape.reduce((a, b) => a * b), random), ws = randomArray(g.filter.reduce((a, b) => a * b), random);
    const r = await onBothBackends(() =>
      tf.conv2dTranspose(tf.tensor4d(dys, outShape as [number, number, number, number]), tf.tensor4d(ws, g.filter), g.x, g.strides, g.pad));
    assertClose(r.native[0], r.cpu[0], 2e-6 * g.filter[0] * g.filter[1] * g.filter[3] + 1e-5, 1e-5,
      `conv2dTranspose ${JSON.stringify(g)}`);
  }
});

test('Conv2D gradients (backprop input and filter) match cpu on 40 random geometries', async () => {
  const random = rng(5);
  for (let i = 0; i < 40; i++) {
    const g = withChannels({ ...randomGeometry(random), dilations: [1, 1] });
    const xs = randomArray(g.x.reduce((a, b) => a * b), random), ws = randomArray(g.filter.reduce((a, b) => a * b), random);
    const outShape = tf.tidy(() => tf.conv2d(tf.zeros(g.x) as tf.Tensor4D, tf.zeros(g.filter) as tf.Tensor4D, g.strides, g.pad).shape);
    const dys = randomArray(outShape.reduce((a, b) => a * b), random);
    const r = await onBothBackends(() => {
      const dy = tf.tensor(dys, outShape);
      const grads = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, g.strides, g.pad));
      return grads([tf.tensor4d(xs, g.x), tf.tensor4d(ws, g.filter)], dy);
    });
    const n = g.x[0] * outShape[1] * outShape[2];
    assertClose(r.native[0], r.cpu[0], 2e-6 * g.filter[0] * g.filter[1] * g.filter[3] + 1e-5, 1e-5, `dx ${JSON.stringify(g)}`);
    assertClose(r.native[1], r.cpu[1], 2e-6 * n + 1e-5, 1e-5, `dfilter ${JSON.stringify(g)}`);
  }
});

test('native conv2d gradients agree with central finite differences', async () => {
  const random = rng(6);
  const g: Geometry = { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: [2, 1], dilations: [1, 1], pad: 'same' };
  const xs = randomArray(2 * 7 * 6 * 3, random), ws = randomArray(3 * 3 * 3 * 4, random);
  const outShape = [2, 4, 6, 4];
  const rs = randomArray(outShape.reduce((a, b) => a * b), random);
  // loss(x, w) = sum(conv(x, w) * r): bilinear, so central differences are exact up to rounding.
  const loss = (x: Float32Array, w: Float32Array) => tf.tidy(() =>
    tf.sum(tf.mul(tf.conv2d(tf.tensor4d(x, g.x), tf.tensor4d(w, g.filter), g.strides, g.pad), tf.tensor(rs, outShape))).dataSync()[0]);
  const [dx, dw] = tf.tidy(() => tf.grads((x: tf.Tensor, w: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, g.strides, g.pad), tf.tensor(rs, outShape))))(
    [tf.tensor4d(xs, g.x), tf.tensor4d(ws, g.filter)]).map((t) => t.dataSync().slice()));
  const eps = 0.05;
  for (const [values, grad, isX] of [[xs, dx, true], [ws, dw, false]] as const) {
    for (let k = 0; k < 12; k++) {
      const i = Math.floor(random() * values.length);
      const plus = Float32Array.from(values), minus = Float32Array.from(values);
      plus[i] += eps;
      minus[i] -= eps;
      const numeric = isX ? (loss(plus, ws) - loss(minus, ws)) / (2 * eps) : (loss(xs, plus) - loss(xs, minus)) / (2 * eps);
      assert.ok(Math.abs(numeric - grad[i]) < 2e-3 * (1 + Math.abs(numeric)),
        `d${isX ? 'x' : 'w'}[${i}]: analytic ${grad[i]}, numeric ${numeric}`);
    }
  }
});

test('convolutions really run in the addon', async () => {
  const addon = loadNativeAddon()!;
  const calls: Record<string, number> = {};
  const names = ['conv2dForward', 'conv2dBackwardData', 'conv2dBackwardFilter'];
  const originals = names.map((n) => addon[n]);
  names.forEach((n, k) => { addon[n] = (...args: unknown[]) => { calls[n] = (calls[n] ?? 0) + 1; return originals[k](...args); }; });
  try {
    tf.tidy(() => tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'))(
      [tf.ones([1, 4, 4, 2]), tf.ones([3, 3, 2, 2])]));
  } finally {
    names.forEach((n, k) => { addon[n] = originals[k]; });
  }
  assert.deepEqual(calls, { conv2dForward: 1, conv2dBackwardData: 1, conv2dBackwardFilter: 1 });
});
