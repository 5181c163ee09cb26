// bf16 mixed precision against fp32 on the native backend. Each output of a convolution or matrix
// product is a sum of K products a_k b_k. bf16 keeps 8 significand bits, so rounding an input to
// the nearest bf16 is off by at most u = 2^-8 relative, a product of two rounded inputs by
// 2u + u^2; the fp32 accumulation (in both runs) adds at most K 2^-24 relative each (Higham,
// Accuracy and Stability of Numerical Algorithms, 2002, eq. 3.5). Hence, per output,
//   |y_bf16 - y_fp32| <= (2u + u^2 + 2 K 2^-24) sum_k |a_k b_k|,
// and sum_k |a_k b_k| is the same op applied to |a| and |b|, computed here in fp32.
import * as tf from '@tensorflow/tfjs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomArray, requireNative, rng } from '../helpers.ts';
import { currentPrecision, inFp32, nativeBf16Isa, usePrecision } from '../../src/engine/precision.ts';
import { useBackend } from '../../src/engine/backend.ts';

before(requireNative);
after(() => usePrecision('fp32'));

const skip = nativeBf16Isa() ? false : 'this processor has no native bf16 instructions (AVX512_BF16 or AMX-BF16)';
const U = 2 ** -8;

/** op(a, b) in bf16 against fp32, within the bound above for reduction length k; returns the largest share of the bound used. */
function checkBilinear(op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: tf.Tensor, b: tf.Tensor, k: number, what: string): number {
  usePrecision('fp32');
  const exact = tf.tidy(() => op(a, b).dataSync());
  const magnitude = tf.tidy(() => op(tf.abs(a), tf.abs(b)).dataSync());
  usePrecision('bf16');
  const mixed = tf.tidy(() => op(a, b).dataSync());
  usePrecision('fp32');
  const factor = 2 * U + U * U + 2 * k * 2 ** -24;
  let worst = 0;
  for (let i = 0; i < exact.length; i++) {
    const bound = factor * magnitude[i] + 1e-30;
    const share = Math.abs(mixed[i] - exact[i]) / bound;
    assert.ok(share <= 1, `${what}: output ${i} is ${mixed[i]} in bf16, ${exact[i]} in fp32, beyond the bound ${bound}`);
    worst = Math.max(worst, share);
  }
  return worst;
}

// Inputs of mixed magnitudes (0.01 to 10): bf16 keeps fp32's exponent, so only the significand matters.
const tensor = (shape: number[], seed: number) => {
  const random = rng(seed);
  const values = randomArray(shape.reduce((p, d) => p * d), random).map((v) => v * 10 ** (2 * random() - 1));
  return tf.tensor(values, shape);
};

test('bf16 convolution, transposed convolution and the filter gradient stay within the bf16 bound of fp32', { skip }, () => {
  const x = tensor([4, 14, 14, 32], 1), w = tensor([5, 5, 32, 24], 2), dy = tensor([4, 7, 7, 24], 3);
  const k = 5 * 5 * 32;
  const shares = [
    checkBilinear((a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), x, w, k, 'conv2d'),
    checkBilinear((a, b) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [4, 14, 14, 32], 2, 'same'), dy, w, 5 * 5 * 24, 'conv2dTranspose'),
    checkBilinear((a, b) => tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'), b)))(w), x, dy, 4 * 7 * 7, 'filter gradient'),
    checkBilinear((a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'), tensor([2, 6, 6, 3], 4), tensor([3, 3, 3, 16], 5), 27, 'conv2d, 3 channels'),
  ];
  // The switch reaches the kernels: an fp32 result would use under a thousandth of the bound.
  for (const share of shares) assert.ok(share > 0.01, `bf16 results are as exact as fp32 (${share} of the bound): the kernels did not compute in bf16`);
  tf.dispose([x, w, dy]);
});

test('bf16 matrix products (transposed, batched, broadcast, with bias and activation) stay within the bf16 bound of fp32', { skip }, () => {
  const cases: [number[], number[], boolean, boolean, number][] = [
    [[64, 300], [300, 50], false, false, 300],
    [[300, 64], [50, 300], true, true, 300],
    [[3, 17, 40], [1, 40, 19], false, false, 40],
    [[2, 40, 17], [2, 40, 19], true, false, 40],
  ];
  cases.forEach(([sa, sb, ta, tb, k], i) => {
    const a = tensor(sa, 10 + i), b = tensor(sb, 20 + i);
    const share = checkBilinear((p, q) => tf.matMul(p, q, ta, tb), a, b, k, `matMul ${sa} x ${sb}`);
    assert.ok(share > 0.01, `matMul ${sa} x ${sb} is as exact in bf16 as in fp32: it did not compute in bf16`);
    tf.dispose([a, b]);
  });
  // A product with a side under 16 is memory-bound and stays fp32, bit for bit.
  const a1 = tensor([64, 300], 40), b1 = tensor([300, 1], 41), outer = tensor([1, 300], 42);
  for (const [p, q] of [[a1, b1], [b1, outer]]) {
    usePrecision('fp32');
    const exact = tf.tidy(() => tf.matMul(p, q).dataSync());
    usePrecision('bf16');
    assert.deepEqual(tf.tidy(() => tf.matMul(p, q).dataSync()), exact, `matMul ${p.shape} x ${q.shape} in bf16`);
    usePrecision('fp32');
  }
  tf.dispose([a1, b1, outer]);
  // The fused bias and ReLU are applied in fp32 to the bf16 product: within the same bound where the ReLU passes.
  const a = tensor([16, 64], 30), b = tensor([64, 24], 31), bias = tensor([24], 32);
  const fused = (p: tf.Tensor, q: tf.Tensor) => tf.fused.matMul({ a: p as tf.Tensor2D, b: q as tf.Tensor2D, bias, activation: 'relu' });
  usePrecision('bf16');
  const mixed = tf.tidy(() => fused(a, b).dataSync());
  usePrecision('fp32');
  const exact = tf.tidy(() => tf.relu(tf.add(tf.matMul(a, b), bias)).dataSync());
  const magnitude = tf.tidy(() => tf.matMul(tf.abs(a), tf.abs(b)).dataSync());
  for (let i = 0; i < exact.length; i++) assert.ok(Math.abs(mixed[i] - exact[i]) <= (2 * U + U * U + 128 * 2 ** -24) * magnitude[i] + 1e-30, `fused output ${i}`);
  tf.dispose([a, b, bias]);
});

test('inFp32 computes in fp32 and restores bf16 afterwards', { skip }, () => {
  usePrecision('bf16');
  assert.equal(inFp32(() => currentPrecision()), 'fp32');
  assert.equal(currentPrecision(), 'bf16');
  usePrecision('fp32');
});

test('auto is bf16 exactly where the processor has native bf16; bf16 off the native backend is refused in one sentence', async () => {
  assert.equal(usePrecision('auto'), nativeBf16Isa() ? 'bf16' : 'fp32');
  assert.equal(usePrecision('fp32'), 'fp32');
  await useBackend('cpu');
  try {
    assert.throws(() => usePrecision('bf16'), /^Error: precision "bf16" needs the native backend, not "cpu"; use --backend native, or precision "auto" or "fp32"\.$/);
    assert.equal(usePrecision('auto'), 'fp32');
  } finally {
    await useBackend('native');
  }
});
