// DiffAugment: each op against its definition with the drawn parameters, determinism, and
// gradients that reach the input (exactly the mask for translation and cutout).
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/engine/backend.ts';
import { DIFF_AUGMENT_POLICY, diffAugment, drawAugmentation, type AugmentDraw, type AugmentOp } from '../../src/data/diff_augment.ts';
import { Rng } from '../../src/random/prng.ts';
import { assertClose, randomArray, rng } from '../helpers.ts';

before(async () => { await useBackend(); });

const SHAPE: [number, number, number, number] = [6, 16, 12, 3];
const [N, H, W, C] = SHAPE;
const at = (s: number, i: number, j: number, c: number) => ((s * H + i) * W + j) * C + c;
const images = (seed: number) => tf.tensor4d(randomArray(N * H * W * C, rng(seed)), SHAPE);
const draw = <K extends AugmentOp>(op: K, seed: number) => drawAugmentation([op], SHAPE, new Rng(seed))[0] as Extract<AugmentDraw, { op: K }>;

test('every policy keeps the shape; the empty policy returns x itself and draws nothing', () => {
  const x = images(1);
  for (const policy of [['color'], ['translation'], ['cutout'], DIFF_AUGMENT_POLICY] as AugmentOp[][]) {
    const y = diffAugment(x, policy, new Rng(1));
    assert.deepEqual(y.shape, SHAPE);
    y.dispose();
  }
  const r = new Rng(2);
  const state = r.getState();
  assert.equal(diffAugment(x, [], r), x);
  assert.deepEqual(r.getState(), state);
  x.dispose();
});

test('the same rng state gives the same augmentation, another one a different one', () => {
  const x = images(2);
  const run = (seed: number) => tf.tidy(() => diffAugment(x, DIFF_AUGMENT_POLICY, new Rng(seed)).dataSync());
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
  x.dispose();
});

test('color is brightness, saturation and contrast with the drawn factors', () => {
  for (const shape of [SHAPE, [N, H, W, 1]]) {
    const [n, h, w, c] = shape;
    const xs = randomArray(n * h * w * c, rng(3));
    const d = drawAugmentation(['color'], shape, new Rng(3))[0] as Extract<AugmentDraw, { op: 'color' }>;
    const out = tf.tidy(() => diffAugment(tf.tensor4d(xs, shape as typeof SHAPE), ['color'], new Rng(3)).dataSync());
    const expected = new Float64Array(xs.length);
    for (let s = 0; s < n; s++) {
      const img = Array.from(xs.subarray(s * h * w * c, (s + 1) * h * w * c), (v) => v + d.brightness[s]);
      for (let p = 0; p < h * w; p++) {
        const mean = img.slice(p * c, (p + 1) * c).reduce((a, b) => a + b, 0) / c;  // = the pixel when c = 1
        for (let ch = 0; ch < c; ch++) img[p * c + ch] = (img[p * c + ch] - mean) * d.saturation[s] + mean;
      }
      const mean = img.reduce((a, b) => a + b, 0) / img.length;
      img.forEach((v, k) => { expected[s * h * w * c + k] = (v - mean) * d.contrast[s] + mean; });
    }
    assertClose(out, expected, 1e-5, 1e-5, `color on ${c} channels`);
  }
});

test('translation moves every pixel by the drawn shift, with zeros coming in', () => {
  const d = draw('translation', 4);
  assert.ok(d.dy.every((v) => Math.abs(v) <= 2) && d.dx.every((v) => Math.abs(v) <= 2), 'shifts up to size / 8');
  assert.ok(d.dy.some((v) => v !== 0) && d.dx.some((v) => v !== 0), 'this seed draws nonzero shifts');
  // One marked pixel per image lands at its position plus the shift.
  const marked = new Float32Array(N * H * W * C);
  for (let s = 0; s < N; s++) marked[at(s, 7, 5, 1)] = 1;
  const moved = tf.tidy(() => diffAugment(tf.tensor4d(marked, SHAPE), ['translation'], new Rng(4)).dataSync() as Float32Array);
  for (let s = 0; s < N; s++) assert.equal(moved[at(s, 7 + d.dy[s], 5 + d.dx[s], 1)], 1, `image ${s}`);
  assert.equal(moved.reduce((a, b) => a + b, 0), N);
  // And all of a random image: out[i, j] = x[i - dy, j - dx], zero where that is outside.
  const xs = randomArray(N * H * W * C, rng(4));
  const out = tf.tidy(() => diffAugment(tf.tensor4d(xs, SHAPE), ['translation'], new Rng(4)).dataSync());
  const expected = new Float32Array(xs.length);
  for (let s = 0; s < N; s++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let c = 0; c < C; c++) {
    const [si, sj] = [i - d.dy[s], j - d.dx[s]];
    if (si >= 0 && si < H && sj >= 0 && sj < W) expected[at(s, i, j, c)] = xs[at(s, si, sj, c)];
  }
  assertClose(out, expected, 0, 0, 'translated images');
});

/** 0 inside the drawn cutout square (clipped to the image), 1 elsewhere, per pixel and channel. */
function cutoutMask(d: Extract<AugmentDraw, { op: 'cutout' }>): Float32Array {
  const mask = new Float32Array(N * H * W * C).fill(1);
  for (let s = 0; s < N; s++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let c = 0; c < C; c++) {
    if (i >= d.top[s] && i < d.top[s] + d.size[0] && j >= d.left[s] && j < d.left[s] + d.size[1]) mask[at(s, i, j, c)] = 0;
  }
  return mask;
}

test('cutout zeroes a square of half the size at the drawn position', () => {
  const d = draw('cutout', 5);
  assert.deepEqual(d.size, [8, 6]);
  assert.ok(d.top.every((t) => t >= -4 && t <= 12) && d.left.every((l) => l >= -3 && l <= 9), 'centres inside the image');
  const out = tf.tidy(() => diffAugment(tf.ones(SHAPE) as tf.Tensor4D, ['cutout'], new Rng(5)).dataSync());
  assertClose(out, cutoutMask(d), 0, 0, 'cutout of ones');
  for (let s = 0; s < N; s++) {
    const rows = Math.min(d.top[s] + 8, H) - Math.max(d.top[s], 0), cols = Math.min(d.left[s] + 6, W) - Math.max(d.left[s], 0);
    const zeros = out.subarray(s * H * W * C, (s + 1) * H * W * C).filter((v) => v === 0).length;
    assert.equal(zeros, rows * cols * C, `image ${s}: the clipped square`);
  }
});

test('the gradient w.r.t. x is exactly the mask for translation and cutout', () => {
  const x = images(6);
  const gradient = (policy: AugmentOp[], seed: number) =>
    tf.tidy(() => tf.grad((v) => tf.sum(diffAugment(v as tf.Tensor4D, policy, new Rng(seed))))(x).dataSync());
  const d = draw('translation', 6);
  const landsInside = new Float32Array(N * H * W * C);
  for (let s = 0; s < N; s++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let c = 0; c < C; c++) {
    const [ti, tj] = [i + d.dy[s], j + d.dx[s]];
    landsInside[at(s, i, j, c)] = ti >= 0 && ti < H && tj >= 0 && tj < W ? 1 : 0;
  }
  assertClose(gradient(['translation'], 6), landsInside, 0, 0, 'translation gradient');
  assertClose(gradient(['cutout'], 6), cutoutMask(draw('cutout', 6)), 0, 0, 'cutout gradient');
  x.dispose();
});

test('the gradient of the full policy reaches x', () => {
  const x = images(7);
  const r = images(8);
  const g = tf.tidy(() => tf.grad((v) => tf.sum(tf.mul(diffAugment(v as tf.Tensor4D, DIFF_AUGMENT_POLICY, new Rng(7)), r)))(x).dataSync());
  assert.ok(g.every(Number.isFinite));
  const nonzero = g.filter((v) => v !== 0).length;
  assert.ok(nonzero > g.length / 4, `${nonzero} of ${g.length} gradient entries are nonzero`);
  tf.dispose([x, r]);
});
