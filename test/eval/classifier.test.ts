// The stored evaluation classifiers: they load, clear their accuracy bars on the held-out splits,
// and give 128-d features and probabilities that sum to 1.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useBackend } from '../../src/engine/backend.ts';
import { loadDataset } from '../../src/data/index.ts';
import { classifierOutputs, evaluate, loadClassifier } from '../../src/eval/classifier.ts';

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
