// Minibatch discrimination against a loop implementation of Salimans et al.'s formulas.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/engine/backend.ts';
import { MinibatchDiscrimination, minibatchDiscrimination } from '../../src/nn/index.ts';
import { assertClose, randomArray, rng } from '../helpers.ts';
import { assertRoundTrip, checkGradients } from './layer_checks.ts';

before(async () => { await useBackend(); });

/** [x_i, o(x_i)] with o(x_i)_b = sum over all j (i included) of exp(-||M_ib - M_jb||_1), in float64. */
function mbdLoop(x: ArrayLike<number>, t: ArrayLike<number>, n: number, a: number, b: number, c: number): Float64Array {
  const m = new Float64Array(n * b * c);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < b * c; f++) {
      for (let k = 0; k < a; k++) m[i * b * c + f] += x[i * a + k] * t[k * b * c + f];
    }
  }
  const out = new Float64Array(n * (a + b));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < a; k++) out[i * (a + b) + k] = x[i * a + k];
    for (let kb = 0; kb < b; kb++) {
      let o = 0;
      for (let j = 0; j < n; j++) {
        let l1 = 0;
        for (let q = 0; q < c; q++) l1 += Math.abs(m[(i * b + kb) * c + q] - m[(j * b + kb) * c + q]);
        o += Math.exp(-l1);
      }
      out[i * (a + b) + a + kb] = o;
    }
  }
  return out;
}

function builtLayer(a: number, kernels: number, kernelDim: number, seed: number): MinibatchDiscrimination {
  const layer = minibatchDiscrimination({ kernels, kernelDim, seed });
  layer.build([null, a]);
  return layer;
}

test('forward pass matches the loop', () => {
  const random = rng(1);
  for (const [n, a, b, c] of [[4, 3, 2, 3], [1, 5, 3, 2], [7, 10, 5, 4], [16, 32, 50, 5]]) {
    const layer = builtLayer(a, b, c, 31);
    const xs = randomArray(n * a, random);
    const out = tf.tidy(() => layer.apply(tf.tensor2d(xs, [n, a])) as tf.Tensor);
    assert.deepEqual(out.shape, [n, a + b]);
    assertClose(out.dataSync(), mbdLoop(xs, layer.getWeights()[0].dataSync(), n, a, b, c), 1e-5, 1e-5, `mbd n=${n} a=${a} b=${b} c=${c}`);
    out.dispose();
  }
});

test('gradients w.r.t. input and T match central differences', () => {
  const random = rng(2);
  const [n, a, b, c] = [4, 3, 2, 3];
  const layer = builtLayer(a, b, c, 32);
  const x = tf.tensor2d(randomArray(n * a, random), [n, a]);
  checkGradients(layer, x, randomArray(n * (a + b), random), ([xs, t]) => mbdLoop(xs, t, n, a, b, c), 'minibatch discrimination');
  x.dispose();
});

test('a batch of identical samples gets larger o than a diverse batch', () => {
  const [n, a, b] = [8, 6, 5];
  const layer = builtLayer(a, b, 3, 33);
  const one = randomArray(a, rng(3));
  const identical = new Float32Array(n * a).map((_, i) => one[i % a]);
  const o = (xs: Float32Array) => tf.tidy(() => tf.slice(layer.apply(tf.tensor2d(xs, [n, a])) as tf.Tensor, [0, a], [n, b]).dataSync());
  const same = o(identical), diverse = o(randomArray(n * a, rng(4)));
  // All distances 0: every o is exactly n. A diverse batch: 1 (j = i) plus terms below 1.
  assert.ok(same.every((v) => Math.abs(v - n) < 1e-5), `identical batch: ${same}`);
  same.forEach((v, i) => assert.ok(diverse[i] < v - 0.5, `feature ${i}: diverse ${diverse[i]} vs identical ${v}`));
  assert.ok(diverse.every((v) => v >= 1 - 1e-6));
});

test('symbolic shape and a save/load round trip', async () => {
  const x = tf.input({ shape: [5] });
  const out = minibatchDiscrimination({ kernels: 4, kernelDim: 3, seed: 34 }).apply(x) as tf.SymbolicTensor;
  assert.deepEqual(out.shape, [null, 9]);
  const model = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 1, kernelInitializer: 'ones' }).apply(out) as tf.SymbolicTensor });
  const input = tf.tensor2d(randomArray(15, rng(5)), [3, 5]);
  await assertRoundTrip(model, input);
  input.dispose();
  assert.throws(() => minibatchDiscrimination({ kernels: 4, kernelDim: 3, seed: 1 }).apply(tf.input({ shape: [2, 2] })), /flatten it first/);
});
