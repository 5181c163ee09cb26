// Latent traversals: through a generator that returns its own latent (and label), the output shows
// that exactly the chosen coordinate runs over the range and the rest stay at the base; through a
// VAE's generator, the rows equal the generator applied to those latents.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useBackend } from '../../src/engine/backend.ts';
import { Rng } from '../../src/random/prng.ts';
import { latentTraversal } from '../../src/vae/latent_traversal.ts';
import { buildVaeNetworks } from '../../src/vae/networks.ts';
import { assertClose } from '../helpers.ts';

before(async () => { await useBackend(); });

/** A weightless generator whose output is its input z, or [z, y] side by side when conditional. */
function echo(dim: number, classes = 0): tf.LayersModel {
  const z = tf.input({ shape: [dim] });
  if (!classes) return tf.model({ inputs: z, outputs: tf.layers.activation({ activation: 'linear' }).apply(z) as tf.SymbolicTensor });
  const y = tf.input({ shape: [classes] });
  return tf.model({ inputs: [z, y], outputs: tf.layers.concatenate().apply([z, y]) as tf.SymbolicTensor });
}

const BASE = Float32Array.from([0.5, -1.25, 2, 0]);

test('exactly the chosen coordinate runs evenly over the range; the others keep the base values', () => {
  const g = echo(4);
  for (const coordinate of [0, 2, 3]) {
    const out = latentTraversal(g, { base: BASE, coordinate, range: [-2, 1], steps: 7 });
    assert.equal(out.length, 7 * 4);
    for (let s = 0; s < 7; s++) {
      for (let j = 0; j < 4; j++) {
        const expected = j === coordinate ? -2 + (3 * s) / 6 : BASE[j];
        assert.ok(Math.abs(out[s * 4 + j] - expected) < 1e-6, `step ${s}, coordinate ${j}: ${out[s * 4 + j]}, expected ${expected}`);
      }
    }
  }
  // The defaults: 9 steps over +-3 prior standard deviations; one step sits at the range's start.
  const byDefault = latentTraversal(g, { base: BASE, coordinate: 1 });
  assert.deepEqual(Array.from({ length: 9 }, (_, s) => byDefault[s * 4 + 1]), [-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3]);
  assert.deepEqual(Array.from(latentTraversal(g, { base: BASE, coordinate: 1, steps: 1, range: [0.5, 9] })), [0.5, 0.5, 2, 0]);
  g.dispose();
});

test('a conditional generator gets the label one-hot on every step', () => {
  const g = echo(3, 5);
  const out = latentTraversal(g, { base: Float32Array.from([1, 2, 3]), coordinate: 1, steps: 4, range: [0, 3], label: 3 });
  assert.equal(out.length, 4 * 8);
  for (let s = 0; s < 4; s++) assert.deepEqual(Array.from(out.subarray(s * 8, s * 8 + 8)), [1, s, 3, 0, 0, 0, 1, 0]);
  g.dispose();
});

test('on a VAE generator: [steps, ...sampleShape] samples equal to the generator applied to the traversed latents', () => {
  const nets = buildVaeNetworks({ architecture: 'conv', channels: 4, latentDim: 3, conditional: true }, { shape: [8, 8, 1], numClasses: 10 }, new Rng(2));
  const base = Float32Array.from([0.3, -0.7, 1.1]);
  const before = tf.memory().numTensors;
  const out = latentTraversal(nets.generator, { base, coordinate: 2, steps: 5, label: 7 });
  assert.equal(tf.memory().numTensors, before, 'no tensor is left behind');
  assert.equal(out.length, 5 * 64);
  assert.ok(out.every((v) => v >= -1 && v <= 1));
  const expected = tf.tidy(() => {
    const z = tf.tensor2d([0, 1, 2, 3, 4].flatMap((s) => [0.3, -0.7, -3 + 1.5 * s]), [5, 3]);
    const y = tf.oneHot(tf.fill([5], 7, 'int32') as tf.Tensor1D, 10).toFloat();
    return (nets.generator.apply([z, y]) as tf.Tensor).dataSync();
  });
  assertClose(out, expected, 1e-6, 1e-6, 'traversal vs generator');
  // Each row differs from the next: the coordinate moves the sample.
  for (let s = 1; s < 5; s++) {
    const change = out.subarray(s * 64, (s + 1) * 64).reduce((a, v, i) => a + Math.abs(v - out[(s - 1) * 64 + i]), 0);
    assert.ok(change > 0, `step ${s} equals step ${s - 1}`);
  }
  nets.encoder.dispose();
  nets.decoder.dispose();
});

test('bad inputs are refused with one sentence', () => {
  const g = echo(4), c = echo(4, 10);
  const cases: [() => unknown, string][] = [
    [() => latentTraversal(g, { base: new Float32Array(3), coordinate: 0 }), 'the base latent has 3 values but the generator takes 4; give one value per latent coordinate.'],
    [() => latentTraversal(g, { base: BASE, coordinate: 4 }), 'coordinate 4 is not a latent coordinate; use 0..3.'],
    [() => latentTraversal(g, { base: BASE, coordinate: -1 }), 'coordinate -1 is not a latent coordinate; use 0..3.'],
    [() => latentTraversal(g, { base: BASE, coordinate: 1.5 }), 'coordinate 1.5 is not a latent coordinate; use 0..3.'],
    [() => latentTraversal(g, { base: BASE, coordinate: 0, label: 2 }), 'this generator is unconditional: leave out the label.'],
    [() => latentTraversal(c, { base: BASE, coordinate: 0 }), 'this generator is conditional: give a label.'],
    [() => latentTraversal(c, { base: BASE, coordinate: 0, label: 10 }), 'label 10 is not a class of this generator; use 0..9.'],
    [() => latentTraversal(c, { base: BASE, coordinate: 0, label: -1 }), 'label -1 is not a class of this generator; use 0..9.'],
    [() => latentTraversal(g, { base: BASE, coordinate: 0, steps: 0 }), 'steps must be a positive integer, not 0.'],
  ];
  for (const [f, message] of cases) assert.throws(f, { message });
  g.dispose();
  c.dispose();
});
