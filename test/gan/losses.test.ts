// Each objective against its formula written out by hand, and the vanishing-gradient contrast
// between the saturating and non-saturating generator losses.
import * as tf from '@tensorflow/tfjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOSSES } from '../../src/config/schema.ts';
import { discriminatorLoss, generatorLoss } from '../../src/gan/losses.ts';

const real = [0.5, 2, -1], fake = [-1.5, 0.3, 1];
const sig = (l: number) => 1 / (1 + Math.exp(-l));
const softplus = (l: number) => Math.log1p(Math.exp(l));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const bce = (l: number, t: number) => -(t * Math.log(sig(l)) + (1 - t) * Math.log(1 - sig(l)));

// [D loss, G loss] for targets real 0.9 / fake 0.1 (where targets apply).
const expected: Record<string, [number, number]> = {
  minimax: [mean(real.map((l) => bce(l, 0.9))) + mean(fake.map((l) => bce(l, 0.1))), mean(fake.map((l) => Math.log(1 - sig(l))))],
  'non-saturating': [mean(real.map((l) => bce(l, 0.9))) + mean(fake.map((l) => bce(l, 0.1))), mean(fake.map((l) => -Math.log(sig(l))))],
  absolute: [0.5 * (mean(real.map((l) => Math.abs(0.9 - sig(l)))) + mean(fake.map((l) => Math.abs(sig(l) - 0.1)))), mean(fake.map((l) => 1 - sig(l)))],
  'least-squares': [0.5 * (mean(real.map((l) => (l - 0.9) ** 2)) + mean(fake.map((l) => (l - 0.1) ** 2))), 0.5 * mean(fake.map((l) => (l - 1) ** 2))],
  wasserstein: [mean(fake) - mean(real), -mean(fake)],
  'wgan-gp': [mean(fake) - mean(real), -mean(fake)],
  hinge: [mean(real.map((l) => Math.max(0, 1 - l))) + mean(fake.map((l) => Math.max(0, 1 + l))), -mean(fake)],
};

test('every loss matches its formula', () => {
  for (const type of LOSSES) {
    const [r, f] = [tf.tensor2d(real, [3, 1]), tf.tensor2d(fake, [3, 1])];
    const d = discriminatorLoss(type, r, f, { real: 0.9, fake: 0.1 }).dataSync()[0];
    const g = generatorLoss(type, f).dataSync()[0];
    assert.ok(Math.abs(d - expected[type][0]) < 1e-5, `${type} D: ${d} vs ${expected[type][0]}`);
    assert.ok(Math.abs(g - expected[type][1]) < 1e-5, `${type} G: ${g} vs ${expected[type][1]}`);
    tf.dispose([r, f]);
  }
  assert.ok(Math.abs(softplus(0) - Math.LN2) < 1e-12);
});

test('per-sample targets (flipped labels) enter the cross-entropy', () => {
  const r = tf.tensor2d([1, 1], [2, 1]), f = tf.tensor2d([0, 0], [2, 1]);
  const t = { real: tf.tensor2d([1, 0], [2, 1]), fake: tf.tensor2d([0, 1], [2, 1]) };
  const got = discriminatorLoss('non-saturating', r, f, t).dataSync()[0];
  assert.ok(Math.abs(got - ((bce(1, 1) + bce(1, 0)) / 2 + Math.LN2)) < 1e-5);
});

test('the minimax G loss saturates where D rejects fakes; the non-saturating one does not', () => {
  // D is confident the samples are fake: logits -8, D(G(z)) ~ 3e-4.
  const slope = (type: 'minimax' | 'non-saturating') =>
    Math.abs(tf.grad((l: tf.Tensor) => generatorLoss(type, l))(tf.tensor2d([-8], [1, 1])).dataSync()[0]);
  assert.ok(slope('minimax') < 1e-3, `minimax gradient ${slope('minimax')}`);
  assert.ok(slope('non-saturating') > 0.99, `non-saturating gradient ${slope('non-saturating')}`);
});
