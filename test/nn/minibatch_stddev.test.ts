// Minibatch standard deviation against a loop implementation of ProGAN's layer.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/engine/backend.ts';
import { MinibatchStddev, effectiveGroupSize, minibatchStddev } from '../../src/nn/index.ts';
import { assertClose, randomArray, rng } from '../helpers.ts';
import { assertRoundTrip, checkGradients } from './layer_checks.ts';

before(async () => { await useBackend(); });

/** x [n, f features] -> [n, f + 1] per position, in float64; `shape` is x's, features last. */
function stddevLoop(x: ArrayLike<number>, shape: number[], groupSize: number): Float64Array {
  const [n, ...rest] = shape;
  const f = rest.reduce((a, b) => a * b, 1), channels = rest[rest.length - 1], positions = f / channels;
  const g = effectiveGroupSize(groupSize, n), groups = n / g;
  const perGroup = new Float64Array(groups);
  for (let m = 0; m < groups; m++) {
    const members = Array.from({ length: g }, (_, k) => k * groups + m);  // strided, as in ProGAN
    let sum = 0;
    for (let q = 0; q < f; q++) {
      const mean = members.reduce((s, i) => s + x[i * f + q], 0) / g;
      const variance = members.reduce((s, i) => s + (x[i * f + q] - mean) ** 2, 0) / g;
      sum += Math.sqrt(variance + 1e-8);
    }
    perGroup[m] = sum / f;
  }
  const out = new Float64Array(n * positions * (channels + 1));
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < positions; p++) {
      for (let ch = 0; ch < channels; ch++) out[(i * positions + p) * (channels + 1) + ch] = x[(i * positions + p) * channels + ch];
      out[(i * positions + p) * (channels + 1) + channels] = perGroup[i % groups];
    }
  }
  return out;
}

test('group size: min(groupSize, N), or the whole batch when N is not divisible', () => {
  assert.deepEqual([[4, 8], [4, 3], [4, 6], [2, 6], [1, 5]].map(([g, n]) => effectiveGroupSize(g, n)), [4, 3, 6, 2, 1]);
});

test('forward pass matches the loop for images and vectors and several group sizes', () => {
  const random = rng(1);
  const cases: [number[], number | undefined][] = [
    [[8, 3, 2, 4], undefined], [[4, 2, 2, 3], 2], [[6, 2, 3, 1], undefined], [[3, 4, 4, 2], undefined], [[8, 5], 4], [[5, 7], 2], [[1, 2, 2, 2], 4],
  ];
  for (const [shape, groupSize] of cases) {
    const xs = randomArray(shape.reduce((a, b) => a * b), random, 2);
    const layer = minibatchStddev(groupSize === undefined ? {} : { groupSize });
    const out = tf.tidy(() => layer.apply(tf.tensor(xs, shape)) as tf.Tensor);
    assert.deepEqual(out.shape, [...shape.slice(0, -1), shape[shape.length - 1] + 1]);
    assertClose(out.dataSync(), stddevLoop(xs, shape, groupSize ?? 4), 1e-5, 1e-5, `stddev ${shape} group ${groupSize}`);
    out.dispose();
  }
});

test('gradient w.r.t. the input matches central differences', () => {
  const random = rng(2);
  const shape = [4, 2, 2, 3];
  const layer = minibatchStddev({ groupSize: 2 });
  const x = tf.tensor(randomArray(48, random), shape);
  checkGradients(layer, x, randomArray(4 * 2 * 2 * 4, random), ([xs]) => stddevLoop(xs, shape, 2), 'minibatch stddev');
  x.dispose();
});

test('symbolic shapes and a save/load round trip', async () => {
  const image = tf.input({ shape: [4, 4, 3] });
  const h = new MinibatchStddev({ groupSize: 2 }).apply(image) as tf.SymbolicTensor;
  assert.deepEqual(h.shape, [null, 4, 4, 4]);
  const v = minibatchStddev().apply(tf.layers.flatten().apply(h)) as tf.SymbolicTensor;
  assert.deepEqual(v.shape, [null, 65]);
  const model = tf.model({ inputs: image, outputs: v });
  const input = tf.tensor4d(randomArray(4 * 48, rng(3)), [4, 4, 4, 3]);
  const loaded = await assertRoundTrip(model, input);
  assert.equal((loaded.layers[1] as MinibatchStddev).groupSize, 2);
  input.dispose();
});
