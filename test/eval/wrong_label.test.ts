// The wrong-label experiment on discriminators whose answers are known: one that checks the label
// against the image, and one that ignores the label.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/engine/backend.ts';
import { wrongLabelExperiment } from '../../src/eval/wrong_label.ts';

await useBackend();

const K = 4, DIM = 6;
/** A conditional "D" whose logit is 3 x . prototype[y] (or 3 sum(x), ignoring y). */
function fakeD(usesLabel: boolean): tf.LayersModel {
  const x = tf.input({ shape: [DIM] }), y = tf.input({ shape: [K] });
  const proto = tf.layers.dense({ units: DIM, useBias: false, trainable: false, weights: [tf.eye(K, DIM).mul(3)] }).apply(y) as tf.SymbolicTensor;
  const joined = usesLabel ? tf.layers.multiply().apply([x, proto]) as tf.SymbolicTensor : x;
  const out = tf.layers.dense({ units: 1, useBias: false, trainable: false, weights: [tf.ones([DIM, 1])] }).apply(joined) as tf.SymbolicTensor;
  return tf.model({ inputs: [x, y], outputs: out });
}

// Image i of class c is the c-th unit vector.
const labels = Int32Array.from({ length: 40 }, (_, i) => i % K);
const images = new Float32Array(40 * DIM);
labels.forEach((c, i) => { images[i * DIM + c] = 1; });

test('a discriminator that checks the label prefers the true one', () => {
  const r = wrongLabelExperiment(fakeD(true), images, [DIM], labels, K, true, 16);
  assert.equal(r.count, 40);
  assert.equal(r.trueAboveWrong, 1);
  assert.equal(r.trueBest, 1);
  assert.ok(Math.abs(r.meanTrue - 1 / (1 + Math.exp(-3))) < 1e-6, String(r.meanTrue));
  assert.ok(Math.abs(r.meanWrong - 0.5) < 1e-6, String(r.meanWrong));
});

test('a discriminator that ignores the label scores chance', () => {
  const r = wrongLabelExperiment(fakeD(false), images, [DIM], labels, K, false);
  assert.equal(r.scale, 'score');
  assert.equal(r.trueAboveWrong, 0.5);
  assert.equal(r.trueBest, 0);
  assert.ok(Math.abs(r.meanTrue - 1) < 1e-6 && Math.abs(r.meanWrong - 1) < 1e-6);
});
