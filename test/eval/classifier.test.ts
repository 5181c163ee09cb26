// The stored evaluation classifiers: they load, clear their accuracy bars on the held-out splits,
// are sure on held-out images and unsure on noise (Outlier Exposure), and give 128-d features and
// probabilities that sum to 1.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useBackend } from '../../src/engine/backend.ts';
import { loadDataset } from '../../src/data/index.ts';
import { classifierOutputs, evaluate, heldOutOutliers, loadClassifier, meanMaxProbability, outlierImages } from '../../src/eval/classifier.ts';
import { Rng } from '../../src/random/prng.ts';

before(async () => {
  await useBackend();
});

for (const [dataset, bar] of [['mnist', 0.98], ['fashion-mnist', 0.9]] as const) {
  test(`the stored ${dataset} classifier reaches ${bar * 100}% on the held-out split`, async () => {
    const model = await loadClassifier(dataset);
    const testSplit = await loadDataset({ source: dataset, split: 'test' });
    const { accuracy, perClass } = evaluate(model, testSplit);
    assert.ok(accuracy >= bar, `${dataset} held-out accuracy ${accuracy}`);
    assert.equal(perClass.length, 10);
    model.dispose();
  });
}

// Mean max-probability bars: 1/10 is a classifier that has no idea, 1 one that is certain. The
// stored classifiers were trained with Outlier Exposure; their figures are in metrics.json.
const SURE = { mnist: 0.95, 'fashion-mnist': 0.85 } as const;
const UNSURE = 0.5;

for (const dataset of ['mnist', 'fashion-mnist'] as const) {
  test(`the stored ${dataset} classifier is sure on held-out images and unsure on noise and shuffled images`, async () => {
    const model = await loadClassifier(dataset);
    const testSplit = await loadDataset({ source: dataset, split: 'test' });
    const real = meanMaxProbability(model, testSplit.x);
    assert.ok(real > SURE[dataset], `${dataset}: mean max-probability ${real.toFixed(3)} on held-out images`);
    const outliers: Record<string, Float32Array> = {
      ...(heldOutOutliers(testSplit, 500, ['uniform', 'gaussian', 'shuffled']) as Record<string, Float32Array>),
      // Noise unlike the training outliers, which are clipped to [-1, 1]: N(0, 1) as it comes.
      'unclipped N(0, 1)': new Rng(11).fill(500 * 784, (r) => r.normal()),
    };
    for (const [kind, x] of Object.entries(outliers)) {
      const p = meanMaxProbability(model, x);
      assert.ok(p < UNSURE, `${dataset}: mean max-probability ${p.toFixed(3)} on 500 ${kind} images`);
    }
    model.dispose();
  });
}

test('outlier images are seeded, in [-1, 1], and shuffled ones keep the pixels of an image', async () => {
  const data = await loadDataset({ source: 'mnist', split: 'test', limit: 20 });
  for (const kind of ['uniform', 'gaussian', 'shuffled', 'blobs', 'strokes', 'mixes'] as const) {
    const a = outlierImages(kind, 8, new Rng(4), data);
    assert.deepEqual(a, outlierImages(kind, 8, new Rng(4), data), `${kind} is a function of the seed`);
    assert.notDeepEqual(a, outlierImages(kind, 8, new Rng(5), data), `${kind} changes with the seed`);
    assert.ok(a.every((v) => v >= -1 && v <= 1), `${kind} stays in [-1, 1]`);
  }
  const shuffled = outlierImages('shuffled', 1, new Rng(4), data);
  const sorted = (x: Float32Array) => Array.from(x).sort((p, q) => p - q).join();
  const images = Array.from({ length: 20 }, (_, i) => sorted(data.x.subarray(i * 784, (i + 1) * 784)));
  assert.ok(images.includes(sorted(shuffled)), 'a shuffled outlier is a permutation of one image');
});

test('classifierOutputs gives [n, 128] features and probabilities summing to 1, batch by batch', async () => {
  const model = await loadClassifier('mnist');
  const data = await loadDataset({ source: 'mnist', split: 'test', limit: 37 });
  const before = tf.memory().numTensors;
  const { features, probs } = classifierOutputs(model, data.x, 10);
  assert.equal(tf.memory().numTensors, before + 2, 'only the two outputs stay allocated');
  assert.deepEqual(features.shape, [37, 128]);
  assert.deepEqual(probs.shape, [37, 10]);
  for (const s of probs.sum(1).dataSync()) assert.ok(Math.abs(s - 1) < 1e-5, `row sum ${s}`);

  // A tensor input in one batch gives the same outputs.
  const x = tf.tensor4d(data.x, [37, 28, 28, 1]);
  const whole = classifierOutputs(model, x);
  assert.ok(tf.max(tf.abs(whole.features.sub(features))).dataSync()[0] < 1e-4);
  assert.ok(tf.max(tf.abs(whole.probs.sub(probs))).dataSync()[0] < 1e-5);
  tf.dispose([x, features, probs, whole.features, whole.probs]);
  model.dispose();
});
