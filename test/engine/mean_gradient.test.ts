// Mean's gradient as ganforge registers it (dy / n broadcast to x, no ones tensor): the values
// TensorFlow.js's own formula gives, bit for bit, for any axes; and differentiable again.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randInt, randomArray, requireNative, rng } from '../helpers.ts';

before(requireNative);

test('the gradient of mean is TensorFlow.js\'s dy * ones / n, exactly, for any axes and keepDims', () => {
  const random = rng(41);
  for (let i = 0; i < 40; i++) {
    const shape = Array.from({ length: randInt(random, 1, 4) }, () => randInt(random, 1, 6));
    const axes = shape.map((_, k) => k).filter(() => random() < 0.5).map((k) => (random() < 0.3 ? k - shape.length : k));
    const keepDims = random() < 0.5;
    tf.tidy(() => {
      const x = tf.tensor(randomArray(shape.reduce((a, b) => a * b, 1), random), shape);
      const reducedSize = tf.mean(x, axes.length ? axes : undefined, keepDims).size;
      const dy = tf.tensor(randomArray(reducedSize, random), tf.mean(x, axes.length ? axes : undefined, keepDims).shape);
      const got = tf.grad((v: tf.Tensor) => tf.mean(v, axes.length ? axes : undefined, keepDims))(x, dy);
      // TensorFlow.js's formula (tfjs-core's Mean_grad).
      const all = axes.length ? axes.map((a) => (a + shape.length) % shape.length) : shape.map((_, k) => k);
      const expanded = shape.map((d, k) => (all.includes(k) ? 1 : d));
      const n = all.reduce((m, a) => m * shape[a], 1);
      const expected = tf.div(tf.mul(tf.reshape(dy, expanded), tf.ones(shape)), n);
      assert.deepEqual(got.shape, shape);
      assert.deepEqual(Array.from(got.dataSync()), Array.from(expected.dataSync()), `shape ${shape}, axes ${axes}`);
    });
  }
});

test('the gradient of mean is differentiable: d/dx sum((d mean(x^2) / dx)^2) = 8 x / n^2', () => {
  const x = tf.tensor([0.5, -1.25, 2, 3.5, -0.75, 1], [2, 3]);
  const inner = (v: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.mean(tf.square(u)))(v);
  const outer = tf.grad((v: tf.Tensor) => tf.sum(tf.square(inner(v))))(x);
  const expected = Array.from(x.dataSync(), (v) => (8 * v) / 36);
  Array.from(outer.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${v} vs ${expected[i]}`));
  tf.dispose([x, outer]);
});
