// DiffAugment (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN Training"):
// the same random, differentiable augmentations of every image D sees, so D cannot memorise a
// small training set and G still gets gradients through them.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/prng.ts';

export type AugmentOp = 'color' | 'translation' | 'cutout';

/** The official policy of the paper's code. */
export const DIFF_AUGMENT_POLICY: readonly AugmentOp[] = ['color', 'translation', 'cutout'];

/** One op's per-sample parameters, drawn beforehand: constants to the graph, not functions of x. */
export type AugmentDraw =
  | { op: 'color'; brightness: Float32Array; saturation: Float32Array; contrast: Float32Array }
  /** Content moves by (dy, dx) pixels: out[h, w] = x[h - dy, w - dx], zero where that is outside. */
  | { op: 'translation'; dy: Int32Array; dx: Int32Array }
  /** Zeroes rows top..top+size[0]-1 and columns left..left+size[1]-1, clipped to the image. */
  | { op: 'cutout'; top: Int32Array; left: Int32Array; size: [number, number] };

const round = (v: number) => Math.floor(v + 0.5);

/**
 * Draws every op's per-sample parameters from `rng`, op by op in policy order and, within an
 * op, one quantity for all samples before the next. The ranges are the official code's: shifts
 * up to round(size / 8) per axis; a cutout of round(size / 2) whose centre is uniform over the
 * image, so it may hang over the border.
 */
export function drawAugmentation(policy: readonly AugmentOp[], shape: readonly number[], rng: Rng): AugmentDraw[] {
  const [n, h, w] = shape;
  const uniform = (lo: number, hi: number) => rng.fill(n, (r) => lo + (hi - lo) * r.uniform());
  const ints = (lo: number, count: number) => Int32Array.from({ length: n }, () => lo + rng.int(count));
  return policy.map((op): AugmentDraw => {
    if (op === 'color') {
      return { op, brightness: uniform(-0.5, 0.5), saturation: uniform(0, 2), contrast: uniform(0.5, 1.5) };
    }
    if (op === 'translation') {
      const [sy, sx] = [round(h / 8), round(w / 8)];
      return { op, dy: ints(-sy, 2 * sy + 1), dx: ints(-sx, 2 * sx + 1) };
    }
    if (op === 'cutout') {
      const size: [number, number] = [round(h / 2), round(w / 2)];
      // Centres 0..h-1, plus h when the size is even (the official code's range).
      const top = ints(-Math.floor(size[0] / 2), h + 1 - (size[0] % 2));
      const left = ints(-Math.floor(size[1] / 2), w + 1 - (size[1] % 2));
      return { op, top, left, size };
    }
    throw new Error(`Unknown DiffAugment op "${op as string}"; choose from color, translation, cutout.`);
  });
}

/** Applies drawn augmentations to x [N, H, W, C]; differentiable with respect to x. */
export function applyAugmentation(x: tf.Tensor4D, draws: readonly AugmentDraw[]): tf.Tensor4D {
  if (draws.length === 0) return x;
  return tf.tidy(() => draws.reduce((y, d) => (d.op === 'color' ? color(y, d) : d.op === 'translation' ? translate(y, d) : cutout(y, d)), x));
}

/**
 * DiffAugment of a batch x [N, H, W, C] in [-1, 1] with `policy` (the paper's is
 * DIFF_AUGMENT_POLICY); the empty policy returns x itself. Apply it to every input of D, real
 * and fake alike, in D's steps and in G's: augmenting only the reals would teach G to produce
 * augmented images, and only the D step would leave G's gradient un-augmented. The random
 * parameters are per sample and come from `rng`, so the same rng state gives the same
 * augmentation. Saturation scales each pixel's deviation from the mean of its channels, so
 * on one-channel images it changes nothing (its draws are still made).
 */
export function diffAugment(x: tf.Tensor4D, policy: readonly AugmentOp[], rng: Rng): tf.Tensor4D {
  return applyAugmentation(x, drawAugmentation(policy, x.shape, rng));
}

const perSample = (v: Float32Array) => tf.tensor4d(v, [v.length, 1, 1, 1]);

/** Brightness + b, then saturation and contrast: (x - mean) * factor + mean, per pixel and per image. */
function color(x: tf.Tensor4D, d: Extract<AugmentDraw, { op: 'color' }>): tf.Tensor4D {
  const scaleAround = (y: tf.Tensor4D, mean: tf.Tensor, factor: Float32Array): tf.Tensor4D =>
    tf.add(tf.mul(tf.sub(y, mean), perSample(factor)), mean);
  let y: tf.Tensor4D = tf.add(x, perSample(d.brightness));
  y = scaleAround(y, tf.mean(y, 3, true), d.saturation);
  return scaleAround(y, tf.mean(y, [1, 2, 3], true), d.contrast);
}

/**
 * Moving a pixel by (dy, dx) moves it by k = (dy * W + dx) * C along the image flattened to
 * [H * W * C]; then the columns whose source lay beyond the left or right edge (wrapped in from
 * the neighbouring row) are masked to zero. The shift is a split and a concat of whole runs,
 * and so is its gradient (a gather would need a segment sum, which has no native kernel).
 */
function translate(x: tf.Tensor4D, d: Extract<AugmentDraw, { op: 'translation' }>): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const length = h * w * c;
  const shifted = tf.split(tf.reshape(x, [n, length]), n, 0).map((row, s) => {
    const k = (d.dy[s] * w + d.dx[s]) * c;
    if (k === 0) return row;
    const zeros = tf.zeros([1, Math.abs(k)]);
    return k > 0 ? tf.concat([zeros, tf.split(row, [length - k, k], 1)[0]], 1) : tf.concat([tf.split(row, [-k, length + k], 1)[1], zeros], 1);
  });
  const columns = new Float32Array(n * w);
  for (let s = 0; s < n; s++) for (let j = 0; j < w; j++) columns[s * w + j] = j - d.dx[s] >= 0 && j - d.dx[s] < w ? 1 : 0;
  return tf.mul(tf.reshape(tf.concat(shifted, 0), [n, h, w, c]), tf.tensor4d(columns, [n, 1, w, 1]));
}

function cutout(x: tf.Tensor4D, d: Extract<AugmentDraw, { op: 'cutout' }>): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const mask = new Float32Array(n * h * w).fill(1);
  for (let s = 0; s < n; s++) {
    for (let i = Math.max(d.top[s], 0); i < Math.min(d.top[s] + d.size[0], h); i++) {
      mask.fill(0, (s * h + i) * w + Math.max(d.left[s], 0), (s * h + i) * w + Math.min(d.left[s] + d.size[1], w));
    }
  }
  return tf.mul(x, tf.tensor4d(mask, [n, h, w, 1]));
}
