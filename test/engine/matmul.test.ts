// Native batched and fused matrix products against the cpu backend, and finite differences.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose, onBothBackends, pick, randInt, randomArray, requireNative, rng } from '../helpers.ts';

before(requireNative);

test('BatchMatMul matches cpu: transposes, batch broadcasting, odd sizes', async () => {
  const random = rng(11);
  for (let i = 0; i < 60; i++) {
    const [M, N, K] = [randInt(random, 1, 40), i % 4 === 0 ? 1 : randInt(random, 1, 40), randInt(random, 1, 70)];
    const ta = random() < 0.5, tb = random() < 0.5;
    const batch = pick(random, [[], [1], [3], [2, 2]]);
    const [batchA, batchB] = random() < 0.3 ? [batch, batch.map(() => 1)] : random() < 0.5 ? [batch.map(() => 1), batch] : [batch, batch];
    const aShape = [...batchA, ...(ta ? [K, M] : [M, K])], bShape = [...batchB, ...(tb ? [N, K] : [K, N])];
    const as = randomArray(aShape.reduce((a, b) => a * b, 1), random), bs = randomArray(bShape.reduce((a, b) => a * b, 1), random);
    const r = await onBothBackends(() => tf.matMul(tf.tensor(as, aShape), tf.tensor(bs, bShape), ta, tb));
    assertClose(r.native[0], r.cpu[0], 2e-6 * K + 1e-6, 1e-5, `matMul ${aShape} x ${bShape} ta=${ta} tb=${tb}`);
  }
});

test('_FusedMatMul with bias and each activation matches cpu', async () => {
  const random = rng(12);
  for (const activation of ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu', 'prelu'] as const) {
    for (const biasShape of [[17], [1], [1, 17], [5, 17]]) {
      const as = randomArray(5 * 23, random), bs = randomArray(23 * 17, random), bias = randomArray(biasShape.reduce((a, b) => a * b), random);
      const alphas = randomArray(17, random);
      const r = await onBothBackends(() => tf.fused.matMul({
        a: tf.tensor(as, [5, 23]), b: tf.tensor(bs, [23, 17]), bias: tf.tensor(bias, biasShape), activation,
        leakyreluAlpha: 0.1, preluActivationWeights: activation === 'prelu' ? tf.tensor1d(alphas) : undefined,
      }));
      assertClose(r.native[0], r.cpu[0], 1e-4, 1e-5, `fused matMul ${activation} bias ${biasShape}`);
    }
  }
});

test('matMul gradients agree with cpu and with central finite differences', async () => {
  const random = rng(13);
  const as = randomArray(6 * 9, random), bs = randomArray(9 * 4, random), rs = randomArray(6 * 4, random);
  const lossOf = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a, b), tf.tensor(rs, [6, 4])));
  const r = await onBothBackends(() => tf.grads(lossOf)([tf.tensor(as, [6, 9]), tf.tensor(bs, [9, 4])]));
  assertClose(r.native[0], r.cpu[0], 1e-5, 1e-5, 'da');
  assertClose(r.native[1], r.cpu[1], 1e-5, 1e-5, 'db');
  const eps = 0.05;
  for (let k = 0; k < 10; k++) {
    const i = Math.floor(random() * as.length);
    const plus = Float32Array.from(as), minus = Float32Array.from(as);
    plus[i] += eps;
    minus[i] -= eps;
    const f = (a: Float32Array) => tf.tidy(() => lossOf(tf.tensor(a, [6, 9]), tf.tensor(bs, [9, 4])).dataSync()[0]);
    const numeric = (f(plus) - f(minus)) / (2 * eps);
    assert.ok(Math.abs(numeric - r.native[0][i]) < 1e-3 * (1 + Math.abs(numeric)), `da[${i}] ${r.native[0][i]} vs ${numeric}`);
  }
});
