// The small CNN classifiers the evaluation metrics measure generated images with: a classifier
// trained on the real data gives class probabilities (Inception score, class balance) and
// 128-d penultimate features (Fréchet distance, precision/recall) for 28×28×1 images in [-1, 1].
// Trained weights for MNIST and Fashion-MNIST live in the repository, in models/classifiers/.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { Rng } from '../random/prng.ts';
import { sampleSize, type Dataset } from '../data/dataset.ts';
import { loadLayersModel } from '../io/model_files.ts';
import { packageRoot } from '../util/package_root.ts';
import { adam } from '../train/optimizer.ts';

export const CLASSIFIER_DATASETS = ['mnist', 'fashion-mnist'] as const;
export type ClassifierDataset = (typeof CLASSIFIER_DATASETS)[number];

const SIDE = 28;
const FEATURES = 128;
const DROPOUT = 0.3;
const MAX_SHIFT = 2;
const MIN_STROKE = 8;

/** The folder holding the stored classifier for `dataset`. */
export const classifierDir = (dataset: ClassifierDataset) => join(packageRoot(), 'models', 'classifiers', dataset);

/**
 * conv32-conv32-pool-conv64-conv64-pool-dense128-dense(numClasses)-softmax. Convolutions are
 * 'valid' so the flattened map is 4×4×64 and the whole model stays ~200k weights (< 1 MB); batch
 * normalisation lets Adam converge in a few epochs. Dropout is not a layer: tfjs's seeded dropout
 * draws the same mask every step, so training applies its own Rng-drawn mask (see trainClassifier).
 */
export function buildClassifier(numClasses: number, seed: number): tf.LayersModel {
  const rng = new Rng(seed);
  const init = () => tf.initializers.heNormal({ seed: rng.nextUint32() });
  const input = tf.input({ shape: [SIDE, SIDE, 1] });
  let h: tf.SymbolicTensor = input;
  for (const [i, filters] of [32, 32, 64, 64].entries()) {
    const strides = i % 2 === 1 ? 2 : 1;
    h = tf.layers.conv2d({ filters, kernelSize: 3, strides, useBias: false, kernelInitializer: init() }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.batchNormalization({ momentum: 0.9 }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.reLU().apply(h) as tf.SymbolicTensor;
  }
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: FEATURES, activation: 'relu', kernelInitializer: init(), name: 'features' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: rng.nextUint32() }), name: 'logits' }).apply(h) as tf.SymbolicTensor;
  const probs = tf.layers.softmax({ name: 'probs' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: probs });
}

export interface TrainOptions {
  epochs: number;
  batchSize?: number;
  seed: number;
  /** Random shifts of up to ±2 pixels (default true). */
  augment?: boolean;
  learningRate?: number;
  /**
   * Outlier Exposure (Hendrycks, Mazeika & Dietterich, ICLR 2019; default true): every step also
   * feeds `outlierBatchSize` synthetic non-images (see OUTLIER_KINDS) and adds
   * λ · cross-entropy(uniform, p(outlier)) to the loss, so that the classifier is unsure on
   * anything that is not a sample of the dataset instead of confidently naming a class.
   */
  outlierExposure?: boolean;
  /** λ, the weight of the outlier term (default 0.5, as in the paper). */
  outlierWeight?: number;
  /** Outliers per step (default: batchSize). */
  outlierBatchSize?: number;
  /** The kinds of outliers drawn, each outlier of a kind chosen uniformly (default: TRAINING_OUTLIER_KINDS). */
  outlierKinds?: readonly OutlierKind[];
  /**
   * Degrades half the real training images (blur, fainter or greyer ink, pixel noise; see degrade),
   * so that an imperfect sample, like a generator's, still counts as one of the data's: with
   * Outlier Exposure alone the classifier learns that whatever is not crisp is an outlier (in a
   * trial on MNIST, a 3×3 blur of the held-out digits got a mean max-probability of 0.15 without
   * degrading and 0.97 with it). Default: the value of outlierExposure.
   */
  degrade?: boolean;
  /** Held-out data measured after each epoch (reported only: training never looks at it). */
  heldOut?: Dataset;
  onEpoch?: (e: EpochReport) => void;
}

export interface EpochReport {
  epoch: number;
  /** Mean cross-entropy on the training batches. */
  loss: number;
  /** Mean cross-entropy(uniform, p) on the outliers (log(numClasses) is the least it can be). */
  outlierLoss?: number;
  heldOutAccuracy?: number;
  /** Mean max-probability on the held-out images, and on OUTLIER_PROBE_COUNT held-out outliers of each kind. */
  heldOutConfidence?: number;
  outlierConfidence?: Partial<Record<OutlierKind, number>>;
  seconds: number;
}

const OUTLIER_PROBE_COUNT = 300;

/** Trains a fresh classifier on `dataset` (which must have labels) with Adam and a cosine-decayed learning rate. */
export function trainClassifier(dataset: Dataset, options: TrainOptions): tf.LayersModel {
  const { epochs, batchSize = 64, seed, augment = true, learningRate = 2e-3 } = options;
  const { outlierExposure = true, outlierWeight = 0.5, outlierBatchSize = batchSize, outlierKinds = TRAINING_OUTLIER_KINDS } = options;
  const { degrade: degradeReal = outlierExposure } = options;
  const { labels, labelNames } = requireImages(dataset);
  const numClasses = labelNames.length;
  const rng = new Rng(seed);
  const model = buildClassifier(numClasses, rng.nextUint32());
  // Its own stream, so that the real batches do not depend on whether outliers are drawn.
  const outlierRng = rng.fork();
  const featureModel = tf.model({ inputs: model.inputs, outputs: model.getLayer('features').output });
  const logitsLayer = model.getLayer('logits');
  const optimizer = adam(learningRate);
  const size = sampleSize(dataset);
  const steps = Math.floor(dataset.count / batchSize);
  const outliers = outlierExposure ? outlierBatchSize : 0;
  if (outlierExposure && (!Number.isInteger(outliers) || outliers < 1 || outlierKinds.length === 0)) {
    throw new Error('Outlier exposure needs a positive outlierBatchSize and at least one outlier kind.');
  }
  const rows = batchSize + outliers;
  // The real images then the outliers, in one batch: batch normalisation sees the same mix in
  // training as its running statistics describe at inference.
  const xBatch = new Float32Array(rows * size);
  const yBatch = new Int32Array(batchSize);
  const mask = new Float32Array(rows * FEATURES);
  const blurBuffer = new Float32Array(size);
  const probes = options.heldOut && outlierExposure ? heldOutOutliers(options.heldOut, OUTLIER_PROBE_COUNT) : undefined;

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    // Adam reads its rate at every step; the field is protected only in the type declarations.
    (optimizer as unknown as { learningRate: number }).learningRate = learningRate * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs));
    const order = rng.permutation(dataset.count);
    let lossSum = 0;
    let outlierLossSum = 0;
    for (let s = 0; s < steps; s++) {
      for (let b = 0; b < batchSize; b++) {
        const i = order[s * batchSize + b];
        const src = dataset.x.subarray(i * size, (i + 1) * size);
        if (augment) shiftInto(xBatch.subarray(b * size, (b + 1) * size), src, rng.int(2 * MAX_SHIFT + 1) - MAX_SHIFT, rng.int(2 * MAX_SHIFT + 1) - MAX_SHIFT);
        else xBatch.set(src, b * size);
        if (degradeReal && rng.uniform() < 0.5) degrade(xBatch.subarray(b * size, (b + 1) * size), rng, blurBuffer);
        yBatch[b] = labels[i];
      }
      for (let b = batchSize; b < rows; b++) {
        drawOutlier(outlierKinds[outlierRng.int(outlierKinds.length)], xBatch.subarray(b * size, (b + 1) * size), outlierRng, dataset);
      }
      for (let k = 0; k < mask.length; k++) mask[k] = rng.uniform() < DROPOUT ? 0 : 1 / (1 - DROPOUT);
      const [loss, outlierLoss] = tf.tidy(() => {
        const x = tf.tensor4d(xBatch, [rows, SIDE, SIDE, 1]);
        const y = tf.oneHot(tf.tensor1d(yBatch, 'int32'), numClasses);
        const m = tf.tensor2d(mask, [rows, FEATURES]);
        let oe: tf.Scalar = tf.scalar(0);
        const total = optimizer.minimize(() => {
          const features = featureModel.apply(x, { training: true }) as tf.Tensor;
          const logits = logitsLayer.apply(features.mul(m)) as tf.Tensor2D;
          const ce = tf.losses.softmaxCrossEntropy(y, outliers ? logits.slice([0, 0], [batchSize, numClasses]) : logits) as tf.Scalar;
          if (!outliers) return ce;
          // cross-entropy(uniform, softmax(z)) = mean_c(-log softmax(z)_c), averaged over outliers.
          oe = tf.keep(tf.logSoftmax(logits.slice([batchSize, 0], [outliers, numClasses])).mean().neg() as tf.Scalar);
          return ce.add(oe.mul(outlierWeight)) as tf.Scalar;
        }, true)!;
        return [total, oe];
      });
      const [l, o] = [loss.dataSync()[0], outlierLoss.dataSync()[0]];
      lossSum += l - outlierWeight * o * (outliers ? 1 : 0);
      outlierLossSum += o;
      tf.dispose([loss, outlierLoss]);
    }
    let heldOutAccuracy: number | undefined;
    let heldOutConfidence: number | undefined;
    let outlierConfidence: Partial<Record<OutlierKind, number>> | undefined;
    if (options.heldOut) {
      heldOutAccuracy = evaluate(model, options.heldOut).accuracy;
      heldOutConfidence = meanMaxProbability(model, options.heldOut.x);
    }
    if (probes) outlierConfidence = Object.fromEntries(Object.entries(probes).map(([k, x]) => [k, meanMaxProbability(model, x)]));
    options.onEpoch?.({
      epoch, loss: lossSum / steps, outlierLoss: outliers ? outlierLossSum / steps : undefined,
      heldOutAccuracy, heldOutConfidence, outlierConfidence, seconds: (performance.now() - start) / 1000,
    });
  }
  optimizer.dispose();
  return model;
}

// --- Outliers: synthetic non-images for Outlier Exposure and for measuring calibration. ---

/**
 * uniform:  i.i.d. pixels uniform in [-1, 1].
 * gaussian: i.i.d. normal pixels of a random mean (-0.5..0.5) and spread (0.25..1), clipped to [-1, 1].
 * shuffled: a dataset image with its pixels randomly permuted (same intensities, no shape).
 * blobs:    random values on a coarse 2..7-cell grid, bilinearly upsampled to 28×28, then
 *           given a random contrast and offset (smooth shapes, often saturated).
 * strokes:  a random 4..8-segment polyline (segments >= 8 px) of random width, white on black (scribbles).
 * mixes:    two dataset images of different classes averaged (weight 0.4..0.6) or overlaid (pixel max).
 */
export const OUTLIER_KINDS = ['uniform', 'gaussian', 'shuffled', 'blobs', 'strokes', 'mixes'] as const;
export type OutlierKind = (typeof OUTLIER_KINDS)[number];

/**
 * The kinds trainClassifier exposes the classifier to by default: all but mixes, which are only
 * measured. Trained on, mixes cut the mean max-probability on held-out MNIST digits (0.984 to
 * 0.968; eights to 0.87, which look like mixes) and on a trained DCGAN's samples (0.84 to 0.76).
 */
export const TRAINING_OUTLIER_KINDS: readonly OutlierKind[] = ['uniform', 'gaussian', 'shuffled', 'blobs', 'strokes'];

/** The seed of the held-out outliers that metrics.json and the tests measure (no training run draws from it). */
export const OUTLIER_EVAL_SEED = 20190506;

/**
 * Writes one outlier of `kind` (784 values in [-1, 1]) into `dst`, drawing from `rng`;
 * 'shuffled' and 'mixes' start from images of `source` (mixes need its labels).
 */
export function drawOutlier(kind: OutlierKind, dst: Float32Array, rng: Rng, source?: Dataset): void {
  const n = SIDE * SIDE;
  switch (kind) {
    case 'uniform':
      for (let k = 0; k < n; k++) dst[k] = rng.uniform() * 2 - 1;
      return;
    case 'gaussian': {
      const mean = rng.uniform() - 0.5;
      const sd = 0.25 + 0.75 * rng.uniform();
      for (let k = 0; k < n; k++) dst[k] = clip(mean + sd * rng.normal());
      return;
    }
    case 'shuffled': {
      const src = pickImage(source, kind, rng);
      dst.set(src);
      for (let k = n - 1; k > 0; k--) {
        const j = rng.int(k + 1);
        const t = dst[k]; dst[k] = dst[j]; dst[j] = t;
      }
      return;
    }
    case 'blobs': {
      const cells = 2 + rng.int(6);
      const grid = rng.fill((cells + 1) * (cells + 1), (r) => r.uniform() * 2 - 1);
      const contrast = 1 + 3 * rng.uniform();
      const offset = 1.5 * rng.uniform() - 1;
      for (let y = 0; y < SIDE; y++) {
        const gy = (y / (SIDE - 1)) * cells;
        const y0 = Math.min(cells - 1, Math.floor(gy));
        const fy = gy - y0;
        for (let x = 0; x < SIDE; x++) {
          const gx = (x / (SIDE - 1)) * cells;
          const x0 = Math.min(cells - 1, Math.floor(gx));
          const fx = gx - x0;
          const at = (yy: number, xx: number) => grid[yy * (cells + 1) + xx];
          const v = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
          dst[y * SIDE + x] = clip(contrast * v + offset);
        }
      }
      return;
    }
    case 'strokes': {
      dst.fill(-1);
      const segments = 4 + rng.int(5);
      const halfWidth = 0.5 + rng.uniform();
      const point = () => [3 + rng.uniform() * (SIDE - 7), 3 + rng.uniform() * (SIDE - 7)];
      let [ax, ay] = point();
      for (let s = 0; s < segments; s++) {
        // Segments of at least MIN_STROKE px, so that the scribble spans the canvas.
        let [bx, by] = point();
        while (Math.hypot(bx - ax, by - ay) < MIN_STROKE) [bx, by] = point();
        const dx = bx - ax, dy = by - ay;
        const len2 = dx * dx + dy * dy || 1;
        for (let y = Math.max(0, Math.floor(Math.min(ay, by) - 3)); y <= Math.min(SIDE - 1, Math.ceil(Math.max(ay, by) + 3)); y++) {
          for (let x = Math.max(0, Math.floor(Math.min(ax, bx) - 3)); x <= Math.min(SIDE - 1, Math.ceil(Math.max(ax, bx) + 3)); x++) {
            const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
            const d = Math.hypot(x - ax - t * dx, y - ay - t * dy);
            // Anti-aliased: full ink within halfWidth, fading to background over one pixel.
            const ink = Math.max(0, Math.min(1, halfWidth + 0.5 - d));
            dst[y * SIDE + x] = Math.max(dst[y * SIDE + x], 2 * ink - 1);
          }
        }
        [ax, ay] = [bx, by];
      }
      return;
    }
    case 'mixes': {
      if (!source?.labels) throw new Error('Mixed outliers need a labelled dataset to mix images of.');
      const i = rng.int(source.count);
      let j = rng.int(source.count);
      while (source.labels[j] === source.labels[i]) j = rng.int(source.count);
      const a = source.x.subarray(i * n, (i + 1) * n);
      const b = source.x.subarray(j * n, (j + 1) * n);
      if (rng.uniform() < 0.5) {
        const w = 0.4 + 0.2 * rng.uniform();
        for (let k = 0; k < n; k++) dst[k] = w * a[k] + (1 - w) * b[k];
      } else {
        for (let k = 0; k < n; k++) dst[k] = Math.max(a[k], b[k]);
      }
      return;
    }
  }
}

/** n outliers of `kind` (n × 784 values) drawn from `rng`; see drawOutlier. */
export function outlierImages(kind: OutlierKind, n: number, rng: Rng, source?: Dataset): Float32Array {
  const size = SIDE * SIDE;
  const out = new Float32Array(n * size);
  for (let i = 0; i < n; i++) drawOutlier(kind, out.subarray(i * size, (i + 1) * size), rng, source);
  return out;
}

/**
 * n held-out outliers of each kind, drawn from OUTLIER_EVAL_SEED (one stream per kind, so a kind's
 * images do not depend on which other kinds are asked for); shuffled and mixed ones start from
 * `heldOut`'s images, never the training ones.
 */
export function heldOutOutliers(heldOut: Dataset, n: number, kinds: readonly OutlierKind[] = OUTLIER_KINDS): Partial<Record<OutlierKind, Float32Array>> {
  return Object.fromEntries(kinds.map((kind) => [kind, outlierImages(kind, n, new Rng(OUTLIER_EVAL_SEED + OUTLIER_KINDS.indexOf(kind)), heldOut)]));
}

/** The mean over n images (n × 784 values) of the classifier's largest class probability. */
export function meanMaxProbability(model: tf.LayersModel, x: Float32Array): number {
  const { features, probs } = classifierOutputs(model, x);
  const mean = tf.tidy(() => probs.max(1).mean().dataSync()[0]);
  tf.dispose([features, probs]);
  return mean;
}

/** Mean max-probability on `heldOut`'s images ('real') and on n held-out outliers of each kind. */
export function calibrationReport(model: tf.LayersModel, heldOut: Dataset, n = 1000): Record<'real' | OutlierKind, number> {
  const outliers = heldOutOutliers(heldOut, n);
  const report = { real: meanMaxProbability(model, heldOut.x) } as Record<'real' | OutlierKind, number>;
  for (const kind of OUTLIER_KINDS) report[kind] = meanMaxProbability(model, outliers[kind]!);
  return report;
}

function pickImage(source: Dataset | undefined, kind: OutlierKind, rng: Rng): Float32Array {
  if (!source || source.count === 0) throw new Error(`${kind} outliers need a dataset to draw images from.`);
  const n = SIDE * SIDE;
  const i = rng.int(source.count);
  return source.x.subarray(i * n, (i + 1) * n);
}

const clip = (v: number) => (v < -1 ? -1 : v > 1 ? 1 : v);

/** Copies a [28, 28, 1] image shifted by (dx, dy) pixels, filling the uncovered border with background (-1). */
function shiftInto(dst: Float32Array, src: Float32Array, dx: number, dy: number): void {
  dst.fill(-1);
  for (let y = Math.max(0, dy); y < Math.min(SIDE, SIDE + dy); y++) {
    const from = (y - dy) * SIDE;
    dst.set(src.subarray(from + Math.max(0, -dx), from + SIDE - Math.max(0, dx)), y * SIDE + Math.max(0, dx));
  }
}

/**
 * Degrades an image in place the ways a generator's samples fall short of the data, each with
 * probability 1/2 (at least one): a Gaussian blur (σ 0.5..1.2 px); ink and background pulled
 * together (background up to -0.7, ink down to 0.2); pixel noise (σ up to 0.25), clipped to [-1, 1].
 */
export function degrade(img: Float32Array, rng: Rng, scratch = new Float32Array(SIDE * SIDE)): void {
  let which = 0;
  while (which === 0) which = rng.int(8);
  if (which & 1) gaussianBlur(img, 0.5 + 0.7 * rng.uniform(), scratch);
  if (which & 2) {
    const lo = -1 + 0.3 * rng.uniform();
    const hi = 0.2 + 0.8 * rng.uniform();
    for (let k = 0; k < img.length; k++) img[k] = lo + ((img[k] + 1) / 2) * (hi - lo);
  }
  if (which & 4) {
    const sd = 0.25 * rng.uniform();
    for (let k = 0; k < img.length; k++) img[k] = clip(img[k] + sd * rng.normal());
  }
}

/** Separable Gaussian blur of a 28×28 image (radius 2, edges clamped). */
function gaussianBlur(img: Float32Array, sigma: number, scratch: Float32Array): void {
  const w = [-2, -1, 0, 1, 2].map((d) => Math.exp(-(d * d) / (2 * sigma * sigma)));
  const sum = w.reduce((a, b) => a + b, 0);
  const at = (v: number) => (v < 0 ? 0 : v >= SIDE ? SIDE - 1 : v);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let v = 0;
      for (let d = -2; d <= 2; d++) v += w[d + 2] * img[y * SIDE + at(x + d)];
      scratch[y * SIDE + x] = v / sum;
    }
  }
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let v = 0;
      for (let d = -2; d <= 2; d++) v += w[d + 2] * scratch[at(y + d) * SIDE + x];
      img[y * SIDE + x] = v / sum;
    }
  }
}

function requireImages(dataset: Dataset): { labels: Int32Array; labelNames: string[] } {
  if (dataset.shape.join('x') !== `${SIDE}x${SIDE}x1`) throw new Error(`The classifier takes 28×28×1 images, but ${dataset.name} holds samples of shape [${dataset.shape}]; use MNIST or Fashion-MNIST.`);
  if (!dataset.labels || !dataset.labelNames) throw new Error(`${dataset.name} has no class labels; a classifier needs a labelled dataset.`);
  return { labels: dataset.labels, labelNames: dataset.labelNames };
}

const outputModels = new WeakMap<tf.LayersModel, tf.LayersModel>();

/**
 * The 128-d penultimate features and the class probabilities of n images ([n, 28, 28, 1] tensor,
 * or n × 784 values in [-1, 1]) in one forward pass, `batchSize` images at a time so that the
 * convolution activations of 10k images never exist at once. The caller disposes both tensors.
 */
export function classifierOutputs(model: tf.LayersModel, x: tf.Tensor | Float32Array, batchSize = 500): { features: tf.Tensor2D; probs: tf.Tensor2D } {
  let both = outputModels.get(model);
  if (!both) {
    both = tf.model({ inputs: model.inputs, outputs: [model.getLayer('features').output as tf.SymbolicTensor, model.outputs[0]] });
    outputModels.set(model, both);
  }
  const n = x instanceof Float32Array ? x.length / (SIDE * SIDE) : x.shape[0];
  if (!Number.isInteger(n) || (!(x instanceof Float32Array) && x.size !== n * SIDE * SIDE)) {
    throw new Error(`The classifier takes 28×28×1 images, but got ${x instanceof Float32Array ? `${x.length} values` : `a tensor of shape [${x.shape}]`}; pass n × 784 values.`);
  }
  const features: tf.Tensor[] = [];
  const probs: tf.Tensor[] = [];
  for (let i = 0; i < n; i += batchSize) {
    const k = Math.min(batchSize, n - i);
    const [f, p] = tf.tidy(() => {
      const batch = x instanceof Float32Array
        ? tf.tensor4d(x.subarray(i * SIDE * SIDE, (i + k) * SIDE * SIDE), [k, SIDE, SIDE, 1])
        : x.slice(i, k).reshape([k, SIDE, SIDE, 1]);
      return both.predict(batch) as tf.Tensor[];
    });
    features.push(f);
    probs.push(p);
  }
  const out = tf.tidy(() => ({
    features: (n === 0 ? tf.zeros([0, FEATURES]) : tf.concat(features)) as tf.Tensor2D,
    probs: (n === 0 ? tf.zeros([0, model.outputs[0].shape[1]!]) : tf.concat(probs)) as tf.Tensor2D,
  }));
  tf.dispose([...features, ...probs]);
  return out;
}

/** Accuracy over `dataset` and per class (the fraction of each class's samples classified right). */
export function evaluate(model: tf.LayersModel, dataset: Dataset): { accuracy: number; perClass: number[] } {
  const { labels, labelNames } = requireImages(dataset);
  const { features, probs } = classifierOutputs(model, dataset.x);
  const predicted = tf.tidy(() => probs.argMax(1).dataSync() as Int32Array);
  tf.dispose([features, probs]);
  const right = new Array<number>(labelNames.length).fill(0);
  const total = new Array<number>(labelNames.length).fill(0);
  for (let i = 0; i < dataset.count; i++) {
    total[labels[i]]++;
    if (predicted[i] === labels[i]) right[labels[i]]++;
  }
  return {
    accuracy: right.reduce((a, b) => a + b, 0) / dataset.count,
    perClass: right.map((r, c) => (total[c] ? r / total[c] : Number.NaN)),
  };
}

/** The stored classifier for MNIST or Fashion-MNIST (models/classifiers/<dataset>/). */
export function loadClassifier(dataset: ClassifierDataset): Promise<tf.LayersModel> {
  return loadLayersModel(classifierDir(dataset), `retrain it with \`ganforge classifier train ${dataset}\``);
}
