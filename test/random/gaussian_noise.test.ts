// The one Gaussian noise helper every family draws eps with.
import * as tf from '@tensorflow/tfjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussianNoise } from '../../src/random/gaussian_noise.ts';
import { Rng } from '../../src/random/prng.ts';

test('gaussianNoise draws from the given Rng: the same state gives the same eps, in row-major order', () => {
  const [a, b] = [gaussianNoise([3, 4], new Rng(2)), gaussianNoise([3, 4], new Rng(2))];
  assert.deepEqual(a.shape, [3, 4]);
  assert.deepEqual(a.dataSync(), b.dataSync());
  assert.deepEqual(a.dataSync(), Float32Array.from(new Rng(2).fill(12, (r) => r.normal())));
  tf.dispose([a, b]);
});
