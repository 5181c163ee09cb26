// Maxout against a loop implementation: forward, gradients, shapes and a save/load round trip.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/engine/backend.ts';
import { Maxout, maxout } from '../../src/nn/index.ts';
import { assertClose, randomArray, rng } from '../helpers.ts';
import { assertRoundTrip, checkGradients } from './layer_checks.ts';

before(async () => { await useBackend(); });

/** out[n, u] = max_p (x[n] . kernel[:, u * pieces + p] + bias[u * pieces + p]), in float64. */
function maxoutLoop(x: ArrayLike<number>, kernel: ArrayLike<number>, bias: ArrayLike<number>, n: number, a: number, units: number, pieces: number): Float64Array {
  const out = new Float64Array(n * units);
  for (let i = 0; i < n; i++) {
    for (let u = 0; u < units; u++) {
      let best = -Infinity;
      for (let p = 0; p < pieces; p++) {
        const f = u * pieces + p;
        let z = bias[f];
        for (let k = 0; k < a; k++) z += x[i * a + k] * kernel[k * units * pieces + f];
        best = Math.max(best, z);
      }
      out[i * units + u] = best;
    }
  }
  return out;
}

function builtLayer(a: number, units: number, pieces: number, seed: number): Maxout {
  const layer = maxout({ units, pieces, seed, biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: seed + 1 }) });
  layer.build([null, a]);
  return layer;
}

test('forward pass matches the loop, for the cGAN sizes too', () => {
  const random = rng(1);
  for (const [n, a, units, pieces] of [[3, 4, 3, 2], [5, 7, 1, 5], [2, 784, 240, 5], [4, 290, 240, 4]]) {
    const layer = builtLayer(a, units, pieces, 11);
    const xs = randomArray(n * a, random);
    const [kernel, bias] = layer.getWeights().map((w) => w.dataSync());
    const out = tf.tidy(() => (layer.apply(tf.tensor2d(xs, [n, a])) as tf.Tensor).dataSync());
    assertClose(out, maxoutLoop(xs, kernel, bias, n, a, units, pieces), 1e-5, 1e-5, `maxout ${n}x${a} -> ${units}x${pieces}`);
  }
});

test('inputs of rank 3 are mapped along their last axis', () => {
  const layer = builtLayer(4, 3, 2, 12);
  const xs = randomArray(2 * 5 * 4, rng(2));
  const [kernel, bias] = layer.getWeights().map((w) => w.dataSync());
  const out = tf.tidy(() => layer.apply(tf.tensor3d(xs, [2, 5, 4])) as tf.Tensor);
  assert.deepEqual(out.shape, [2, 5, 3]);
  assertClose(out.dataSync(), maxoutLoop(xs, kernel, bias, 10, 4, 3, 2), 1e-5, 1e-5, 'rank 3');
  out.dispose();
});

test('gradients w.r.t. input, kernel and bias match central differences', () => {
  const random = rng(3);
  const [n, a, units, pieces] = [3, 4, 3, 2];
  const layer = builtLayer(a, units, pieces, 13);
  const x = tf.tensor2d(randomArray(n * a, random), [n, a]);
  checkGradients(layer, x, randomArray(n * units, random), ([xs, kernel, bias]) => maxoutLoop(xs, kernel, bias, n, a, units, pieces), 'maxout');
  x.dispose();
});

test('symbolic shapes, seeded initialisation and the refusal of an unseeded random initializer', () => {
  const out = maxout({ units: 240, pieces: 5, seed: 1 }).apply(tf.input({ shape: [784] })) as tf.SymbolicTensor;
  assert.deepEqual(out.shape, [null, 240]);
  const kernelOf = (seed: number) => builtLayer(6, 2, 3, seed).getWeights()[0].dataSync();
  assert.deepEqual(kernelOf(5), kernelOf(5));
  assert.notDeepEqual(kernelOf(5), kernelOf(6));
  assert.throws(() => maxout({ units: 2, pieces: 2 }), /needs a seed/);
  assert.doesNotThrow(() => maxout({ units: 2, pieces: 2, kernelInitializer: 'zeros' }));
});

test('a model with maxout saves and loads again', async () => {
  const x = tf.input({ shape: [6] });
  const y = tf.input({ shape: [3] });
  const fx = maxout({ units: 4, pieces: 3, seed: 21 }).apply(x) as tf.SymbolicTensor;
  const fy = maxout({ units: 2, pieces: 3, seed: 22 }).apply(y) as tf.SymbolicTensor;
  const joint = new Maxout({ units: 3, pieces: 2, seed: 23 }).apply(tf.layers.concatenate().apply([fx, fy])) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [x, y], outputs: joint });
  const inputs = [tf.tensor2d(randomArray(12, rng(4)), [2, 6]), tf.tensor2d([1, 0, 0, 0, 0, 1], [2, 3])];
  const loaded = await assertRoundTrip(model, inputs as unknown as tf.Tensor);
  assert.ok(loaded.layers.some((l) => l instanceof Maxout));
  tf.dispose(inputs);
});
