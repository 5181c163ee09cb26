// The native backend reuses the buffers of disposed tensors; nothing outside it may notice.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { requireNative } from '../helpers.ts';

before(requireNative);

test('values read from a tensor stay valid after it is disposed and its buffer reused', () => {
  const a = tf.add(tf.ones([1000]), tf.ones([1000]));
  const values = a.dataSync();
  a.dispose();
  const b = tf.add(tf.zeros([1000]), tf.fill([1000], 7));  // likely lands in a's old buffer
  assert.ok(values.every((v) => v === 2));
  b.dispose();
});

test("a user's array given to tf.tensor is never recycled", () => {
  const mine = new Float32Array(1000).fill(5);
  tf.tensor(mine).dispose();
  tf.tidy(() => tf.add(tf.ones([1000]), tf.ones([1000])).dataSync());
  assert.ok(mine.every((v) => v === 5));
});

test('a slice (a view into its source buffer) survives the disposal of its source', () => {
  const source = tf.mul(tf.range(0, 1000), tf.scalar(1));
  const part = tf.slice(source, [10], [100]);
  source.dispose();
  tf.tidy(() => tf.add(tf.zeros([1000]), tf.fill([1000], -1)).dataSync());
  assert.deepEqual(Array.from(part.dataSync()), Array.from({ length: 100 }, (_, i) => i + 10));
  part.dispose();
});
