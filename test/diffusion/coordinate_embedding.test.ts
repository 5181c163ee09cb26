// The MLP denoiser's sinusoidal features of each coordinate against their formula, and where the
// MLP uses them.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CoordinateEmbedding } from '../../src/diffusion/coordinate_embedding.ts';
import { buildDenoiser } from '../../src/diffusion/networks.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { Rng } from '../../src/random/prng.ts';
import { assertClose } from '../helpers.ts';

before(async () => { await useBackend(); });

test('values: x, then per coordinate sines and cosines of x at frequencies from scale down to scale / maxPeriod', () => {
  const x = [[0.5, -0.25, 1], [0, 0.9, -1]];
  for (const [dim, scale, maxPeriod] of [[4, 25, 10000], [16, 3, 100]] as const) {
    const layer = new CoordinateEmbedding({ dim, scale, maxPeriod });
    const h = dim / 2;
    const g = Array.from({ length: h }, (_, i) => scale * Math.exp((-Math.log(maxPeriod) * i) / (h - 1)));
    assertClose(layer.frequencies(), g, 0, 1e-6, 'frequencies');
    const out = tf.tidy(() => (layer.apply(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][]);
    const expected = x.map((row) => [...row, ...row.flatMap((v) => [...g.map((f) => Math.sin(v * f)), ...g.map((f) => Math.cos(v * f))])]);
    assert.equal(out[0].length, 3 + 3 * dim);
    // float32 angles up to 25 rad: rounding of the argument ~25 * 2^-24.
    assertClose(out.flat(), expected.flat(), 1e-5, 0, `dim ${dim}`);
  }
  assert.throws(() => new CoordinateEmbedding({ dim: 5 }), /even integer of at least 4/);
  assert.throws(() => new CoordinateEmbedding({ dim: 8, scale: 0 }), /scale must be a positive number/);
});

test('the MLP denoiser embeds the coordinates of small samples by default, not of large ones', () => {
  const has = (m: tf.LayersModel) => m.layers.find((l) => l instanceof CoordinateEmbedding) as CoordinateEmbedding | undefined;
  const points = buildDenoiser([2], { architecture: 'mlp', hidden: [8] }, new Rng(0));
  assert.equal(has(points)?.dim, 128);
  assert.equal(has(points)?.scale, 25);
  assert.equal(has(buildDenoiser([4, 4], { architecture: 'mlp', hidden: [8] }, new Rng(0)))?.dim, 128);
  assert.equal(has(buildDenoiser([17], { architecture: 'mlp', hidden: [8] }, new Rng(0))), undefined);
  assert.equal(has(buildDenoiser([2], { architecture: 'mlp', hidden: [8], coordinateEmbeddingDim: 0 }, new Rng(0))), undefined);
  const custom = has(buildDenoiser([28, 28, 1], { architecture: 'mlp', hidden: [8], coordinateEmbeddingDim: 4, coordinateScale: 3 }, new Rng(0)));
  assert.deepEqual([custom?.dim, custom?.scale], [4, 3]);
});
