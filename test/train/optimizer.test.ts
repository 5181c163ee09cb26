// The learning-rate schedule: its factor at known steps, and optimisers really taking the new rate.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRateFactor, makeOptimizer, setLearningRate } from '../../src/train/optimizer.ts';
import { validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';

before(async () => { await useBackend(); });

test('the decay factor is 1 before its start, falls linearly or along a half cosine, and ends at 0', () => {
  const linear = { type: 'linear' as const, start: 0.5 }, cosine = { type: 'cosine' as const, start: 0.5 };
  assert.equal(learningRateFactor({ type: 'none', start: 0.5 }, 90, 100), 1);
  assert.equal(learningRateFactor(linear, 49, 100), 1);
  assert.equal(learningRateFactor(linear, 50, 100), 1);
  assert.equal(learningRateFactor(linear, 75, 100), 0.5);
  assert.equal(learningRateFactor(linear, 100, 100), 0);
  assert.ok(Math.abs(learningRateFactor(cosine, 75, 100) - 0.5) < 1e-12);
  assert.ok(Math.abs(learningRateFactor(cosine, 60, 100) - 0.5 * (1 + Math.cos(Math.PI * 0.2))) < 1e-12);
  // A run extended past its planned steps stays at 0 instead of growing again.
  assert.equal(learningRateFactor(cosine, 150, 100), 0);
});

test('Adam, RMSProp, SGD and momentum SGD step with the rate set last', () => {
  for (const optimizer of ['adam', 'rmsprop', 'sgd'] as const) {
    for (const momentum of optimizer === 'adam' ? [0] : [0, 0.5]) {
      const opt = makeOptimizer({ optimizer, momentum }, 0.1, [0.5, 0.999]);
      setLearningRate(opt, 0.01);
      const v = tf.variable(tf.scalar(1));
      opt.minimize(() => tf.mul(v, 2) as tf.Scalar, false, [v]);
      const moved = 1 - v.dataSync()[0];
      // SGD moves by lr * gradient; Adam's and RMSProp's first steps by lr times a normalised gradient.
      const expected = optimizer === 'sgd' ? 0.02 : optimizer === 'adam' ? 0.01 : 0.01 / Math.sqrt(0.1);
      assert.ok(Math.abs(moved - expected) < 1e-5, `${optimizer} momentum ${momentum}: moved ${moved}, expected ${expected}`);
      v.dispose();
      opt.dispose();
    }
  }
});

test('a family other than the GAN refuses a decay by name', () => {
  assert.throws(() => validateConfig({ family: 'vae', data: { source: 'mnist' }, model: { architecture: 'vae' }, train: { lrDecay: { type: 'linear' } } }, 'test'),
    /train\.lrDecay.*GAN runs/);
});
