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

export const CLASSIFIER_DATASETS = ['mnist', 'fashion-mnist'] as const;
export type ClassifierDataset = (typeof CLASSIFIER_DATASETS)[number];

const SIDE = 28;
const FEATURES = 128;
const DROPOUT = 0.3;
const MAX_SHIFT = 2;

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
  /** Held-out data measured after each epoch (reported only: training never looks at it). */
  heldOut?: Dataset;
  onEpoch?: (e: { epoch: number; loss: number; heldOutAccuracy?: number; seconds: number }) => void;
}

/** Trains a fresh classifier on `dataset` (which must have labels) with Adam and a cosine-decayed learning rate. */
export function trainClassifier(dataset: Dataset, options: TrainOptions): tf.LayersModel {
  const { epochs, batchSize = 64, seed, augment = true, learningRate = 2e-3 } = options;
  const { labels, labelNames } = requireImages(dataset);
  const numClasses = labelNames.length;
  const rng = new Rng(seed);
  const model = buildClassifier(numClasses, rng.nextUint32());
  const featureModel = tf.model({ inputs: model.inputs, outputs: model.getLayer('features').output });
  const logitsLayer = model.getLayer('logits');
  const optimizer = tf.train.adam(learningRate);
  const size = sampleSize(dataset);
  const steps = Math.floor(dataset.count / batchSize);
  const xBatch = new Float32Array(batchSize * size);
  const yBatch = new Int32Array(batchSize);
  const mask = new Float32Array(batchSize * FEATURES);

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    // Adam reads its rate at every step; the field is protected only in the type declarations.
    (optimizer as unknown as { learningRate: number }).learningRate = learningRate * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs));
    const order = rng.permutation(dataset.count);
    let lossSum = 0;
    for (let s = 0; s < steps; s++) {
      for (let b = 0; b < batchSize; b++) {
        const i = order[s * batchSize + b];
        const src = dataset.x.subarray(i * size, (i + 1) * size);
        if (augment) shiftInto(xBatch.subarray(b * size, (b + 1) * size), src, rng.int(2 * MAX_SHIFT + 1) - MAX_SHIFT, rng.int(2 * MAX_SHIFT + 1) - MAX_SHIFT);
        else xBatch.set(src, b * size);
        yBatch[b] = labels[i];
      }
      for (let k = 0; k < mask.length; k++) mask[k] = rng.uniform() < DROPOUT ? 0 : 1 / (1 - DROPOUT);
      const loss = tf.tidy(() => {
        const x = tf.tensor4d(xBatch, [batchSize, SIDE, SIDE, 1]);
        const y = tf.oneHot(tf.tensor1d(yBatch, 'int32'), numClasses);
        const m = tf.tensor2d(mask, [batchSize, FEATURES]);
        return optimizer.minimize(() => {
          const features = featureModel.apply(x, { training: true }) as tf.Tensor;
          const logits = logitsLayer.apply(features.mul(m)) as tf.Tensor;
          return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
        }, true)!;
      });
      lossSum += loss.dataSync()[0];
      loss.dispose();
    }
    const heldOutAccuracy = options.heldOut ? evaluate(model, options.heldOut).accuracy : undefined;
    options.onEpoch?.({ epoch, loss: lossSum / steps, heldOutAccuracy, seconds: (performance.now() - start) / 1000 });
  }
  optimizer.dispose();
  return model;
}

/** Copies a [28, 28, 1] image shifted by (dx, dy) pixels, filling the uncovered border with background (-1). */
function shiftInto(dst: Float32Array, src: Float32Array, dx: number, dy: number): void {
  dst.fill(-1);
  for (let y = Math.max(0, dy); y < Math.min(SIDE, SIDE + dy); y++) {
    const from = (y - dy) * SIDE;
    dst.set(src.subarray(from + Math.max(0, -dx), from + SIDE - Math.max(0, dx)), y * SIDE + Math.max(0, dx));
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
