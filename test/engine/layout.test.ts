// Native data movement (tile, transpose, slice, reverse, split, concat, pad) against the cpu backend on
// random shapes: odd sizes, regions at the edges, int32 and bool (which stay on the cpu kernels),
// and sizes above the threading threshold, where threads split rows in the middle.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import { assertClose, onBothBackends, pick, randInt, randomArray, requireNative, rng } from '../helpers.ts';

before(requireNative);

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const randomShape = (random: () => number, maxDim = 7) => Array.from({ length: randInt(random, 1, 5) }, () => randInt(random, 1, maxDim));

// A tensor of the dtype with values drawn from `random`.
function tensorOf(shape: number[], dtype: 'float32' | 'int32' | 'bool', random: () => number): tf.Tensor {
  const values = randomArray(size(shape), random, 10);
  if (dtype === 'float32') return tf.tensor(values, shape);
  return dtype === 'bool' ? tf.tensor(Array.from(values, (v) => v > 0), shape, 'bool') : tf.tensor(values.map(Math.round), shape, 'int32');
}

// The results and their shapes, so that a wrong shape with the right values is caught too.
async function compare(what: string, f: () => tf.Tensor[]): Promise<void> {
  const r = await onBothBackends(() => f().flatMap((t) => [t, tf.tensor1d(t.shape, 'int32')]));
  r.native.forEach((values, k) => assertClose(values, r.cpu[k], 0, 0, `${what} (${k % 2 ? 'shape' : 'values'} ${k >> 1})`));
}

test('tile and transpose match cpu', async () => {
  const random = rng(27);
  for (let i = 0; i < 40; i++) {
    const shape = randomShape(random, 6);
    const reps = shape.map(() => randInt(random, 1, 3));
    const perm = Array.from({ length: shape.length }, (_, k) => k).sort(() => random() - 0.5);
    const xs = randomArray(size(shape), random);
    await compare(`tile ${shape} by ${reps}, transpose by ${perm}`,
      () => [tf.tile(tf.tensor(xs, shape), reps), tf.transpose(tf.tensor(xs, shape), perm)]);
  }
  const big = randomArray(37 * 29 * 41, random);
  await compare('large tile and transpose', () => [tf.tile(tf.tensor(big.subarray(0, 21), [3, 7]), [2, 3001]),
    tf.tile(tf.tensor(big.subarray(0, 105), [5, 7, 3]), [9, 11, 13]), tf.transpose(tf.tensor(big, [37, 29, 41]), [2, 0, 1])]);
});

test('slice matches cpu: any rank, edges, size -1, int32 and bool', async () => {
  const random = rng(28);
  for (let i = 0; i < 150; i++) {
    const shape = randomShape(random);
    const begin = shape.map((d) => pick(random, [0, d - 1, randInt(random, 0, d - 1)]));
    const sizes = shape.map((d, k) => pick(random, [-1, 1, d - begin[k], randInt(random, 1, d - begin[k])]));
    const dtype = i % 10 === 0 ? 'int32' : i % 10 === 1 ? 'bool' : 'float32';
    const x = tensorOf(shape, dtype, random);
    await compare(`slice ${dtype} ${shape} at ${begin} size ${sizes}`, () => [tf.slice(x, begin, sizes)]);
    x.dispose();
  }
  const big = randomArray(3 * 101 * 113 * 2, random);
  await compare('large slices', () => [tf.slice(tf.tensor(big, [3, 101, 113, 2]), [0, 0, 0, 1], [-1, -1, -1, 1]),
    tf.slice(tf.tensor(big, [3, 101, 113, 2]), [1, 3, 1, 0], [2, 97, 111, 2])]);
});

test('reverse matches cpu: any subset of axes, negative and repeated ones, int32, and above the threading threshold', async () => {
  const random = rng(31);
  for (let i = 0; i < 80; i++) {
    const shape = randomShape(random);
    const r = shape.length;
    const axes = Array.from({ length: r }, (_, k) => k).filter(() => random() < 0.5)
      .map((k) => (random() < 0.3 ? k - r : k));
    if (i % 8 === 0 && r > 0) axes.push(axes[0] ?? 0); // an axis twice: reversed back
    const dtype = i % 10 === 0 ? 'int32' : 'float32';
    const x = tensorOf(shape, dtype, random);
    await compare(`reverse ${dtype} ${shape} along ${axes}`, () => [tf.reverse(x, axes)]);
    x.dispose();
  }
  const big = randomArray(7 * 131 * 67, random);
  await compare('large reverses', () => [tf.reverse(tf.tensor(big, [7, 131, 67]), [1]), tf.reverse(tf.tensor(big, [7, 131, 67]), [0, 2])]);
});

test('split matches cpu along every axis', async () => {
  const random = rng(29);
  for (let i = 0; i < 60; i++) {
    const shape = randomShape(random);
    const axis = randInt(random, -shape.length, shape.length - 1);
    const length = shape.at(axis)!;
    const first = randInt(random, 0, length), second = randInt(random, 0, length - first);
    const x = tensorOf(shape, i % 10 === 0 ? 'int32' : 'float32', random);
    await compare(`split ${shape} on ${axis} at ${first}, ${second}`, () => tf.split(x, [first, second, -1], axis));
    x.dispose();
  }
});

test('concat matches cpu: any axis, 2-4 inputs, empty inputs, int32', async () => {
  const random = rng(30);
  for (let i = 0; i < 100; i++) {
    const shape = randomShape(random);
    const axis = randInt(random, -shape.length, shape.length - 1);
    const dtype = i % 10 === 0 ? 'int32' : 'float32';
    const xs = Array.from({ length: randInt(random, 2, 4) }, () => {
      const s = shape.slice();
      s.splice(axis < 0 ? axis + s.length : axis, 1, random() < 0.1 ? 0 : randInt(random, 1, 6));
      return tensorOf(s, dtype, random);
    });
    await compare(`concat ${dtype} ${xs.map((t) => `[${t.shape}]`).join(' ')} on ${axis}`, () => [tf.concat(xs, axis)]);
    tf.dispose(xs);
  }
  const [a, b] = [randomArray(64 * 4 * 4 * 256, random), randomArray(64 * 4 * 4, random)];
  await compare('large concat', () => [tf.concat([tf.tensor(a, [64, 4, 4, 256]), tf.tensor(b, [64, 4, 4, 1])], -1)]);
});

test('pad matches cpu: any rank, constant values, int32', async () => {
  const random = rng(31);
  for (let i = 0; i < 80; i++) {
    const shape = randomShape(random);
    const paddings = shape.map(() => [randInt(random, 0, 3), randInt(random, 0, 3)] as [number, number]);
    const dtype = i % 10 === 0 ? 'int32' : 'float32';
    const value = pick(random, [0, 1.5, -2]);
    const x = tensorOf(shape, dtype, random);
    await compare(`pad ${dtype} ${shape} by ${JSON.stringify(paddings)} with ${value}`, () => [tf.pad(x, paddings, value)]);
    x.dispose();
  }
  const big = randomArray(16 * 14 * 14 * 13, random);
  await compare('large pad', () => [tf.pad(tf.tensor(big, [16, 14, 14, 13]), [[0, 0], [1, 2], [2, 1], [0, 3]], 0.5)]);
});

test('gradients of concat and slice match cpu', async () => {
  const random = rng(32);
  const [a, b] = [randomArray(8 * 5 * 5 * 3, random), randomArray(8 * 5 * 5, random)];
  const dy = randomArray(8 * 5 * 5 * 4, random);
  await compare('d concat', () => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.concat([x, y], -1), tf.tensor(dy, [8, 5, 5, 4]))))(
    [tf.tensor(a, [8, 5, 5, 3]), tf.tensor(b, [8, 5, 5, 1])]));
  await compare('d slice', () => [tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.slice(x, [0, 1, 0, 1], [-1, 3, 5, 2]), tf.tensor(dy.subarray(0, 240), [8, 3, 5, 2]))))(
    tf.tensor(a, [8, 5, 5, 3]))]);
});
