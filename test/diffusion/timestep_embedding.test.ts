// The sinusoidal timestep embedding against its formula, its shape checks and its round trip
// through a saved model's JSON.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { TimestepEmbedding, timestepEmbedding } from '../../src/diffusion/timestep_embedding.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { assertClose } from '../helpers.ts';

before(async () => { await useBackend(); });

/** Ho et al.'s code in float64: [sin(t f_i)..., cos(t f_i)...] with f_i = exp(-ln(P) i / (h - 1)). */
function reference(t: number, dim: number, maxPeriod = 10000): number[] {
  const h = dim / 2;
  const f = Array.from({ length: h }, (_, i) => Math.exp((-Math.log(maxPeriod) * i) / (h - 1)));
  return [...f.map((v) => Math.sin(t * v)), ...f.map((v) => Math.cos(t * v))];
}

test('values: sines then cosines of t at frequencies from 1 down to 1 / maxPeriod', () => {
  const steps = [0, 1, 2, 17, 500, 999, 1000];
  for (const [dim, maxPeriod] of [[4, undefined], [16, undefined], [128, undefined], [8, 100]] as const) {
    const layer = timestepEmbedding({ dim, maxPeriod });
    const f = layer.frequencies();
    assert.equal(f.length, dim / 2);
    assert.equal(f[0], 1);
    assertClose(f.subarray(f.length - 1), [1 / (maxPeriod ?? 10000)], 1e-12, 1e-6, 'lowest frequency');
    const out = tf.tidy(() => layer.apply(tf.tensor2d(steps, [steps.length, 1])) as tf.Tensor);
    assert.deepEqual(out.shape, [steps.length, dim]);
    // float32 angles up to 1000 rad: the argument itself is rounded by up to 1000 * 2^-24 = 6e-5.
    assertClose(out.dataSync(), steps.flatMap((t) => reference(t, dim, maxPeriod)), 2e-4, 0, `dim ${dim}`);
    out.dispose();
  }
});

test('at t = 0 the code is [0..., 1...]; distinct steps get distinct codes', () => {
  const layer = new TimestepEmbedding({ dim: 32 });
  const codes = tf.tidy(() => (layer.apply(tf.tensor2d([0, 1, 2, 3, 100, 101], [6, 1])) as tf.Tensor).arraySync() as number[][]);
  assert.deepEqual(codes[0], [...Array(16).fill(0), ...Array(16).fill(1)]);
  for (let i = 1; i < codes.length; i++) {
    const d = Math.hypot(...codes[i].map((v, j) => v - codes[i - 1][j]));
    assert.ok(d > 0.1, `steps ${i - 1} and ${i} are ${d} apart`);
  }
});

test('in a model: [batch, 1] in, [batch, dim] out, and the layer survives toJSON / modelFromJSON', async () => {
  const input = tf.input({ shape: [1] });
  const model = tf.model({ inputs: input, outputs: timestepEmbedding({ dim: 12, maxPeriod: 500 }).apply(input) as tf.SymbolicTensor });
  assert.deepEqual(model.outputs[0].shape, [null, 12]);
  const t = tf.tensor2d([3, 40], [2, 1]);
  const copy = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] });
  const layer = copy.layers.find((l) => l instanceof TimestepEmbedding) as TimestepEmbedding;
  assert.equal(layer.dim, 12);
  assert.equal(layer.maxPeriod, 500);
  const [a, b] = [model.predict(t) as tf.Tensor, copy.predict(t) as tf.Tensor];
  assert.deepEqual(a.dataSync(), b.dataSync());
  tf.dispose([t, a, b]);
});

test('bad widths and inputs stop with a clear message', () => {
  assert.throws(() => timestepEmbedding({ dim: 6.5 }), /even integer of at least 4/);
  assert.throws(() => timestepEmbedding({ dim: 2 }), /even integer of at least 4/);
  assert.throws(() => timestepEmbedding({ dim: 7 }), /even integer/);
  assert.throws(() => timestepEmbedding({ dim: 8, maxPeriod: 1 }), /maxPeriod must exceed 1/);
  assert.throws(() => timestepEmbedding({ dim: 8 }).apply(tf.input({ shape: [2] })), /\[batch, 1\]/);
});
