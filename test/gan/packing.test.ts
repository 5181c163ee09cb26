// PacGAN's packing (Lin et al. 2018): D judges groups of consecutive samples as one input, for the
// MLP and the convolutional D; a group's score depends on each of its members and on nothing else.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../src/config/load.ts';
import { buildNetworks, disposeNetworks, ganModel } from '../../src/gan/networks.ts';
import { packSamples } from '../../src/gan/packing.ts';
import { Rng } from '../../src/random/prng.ts';
import { useBackend } from '../../src/engine/backend.ts';

before(async () => { await useBackend(); });

test('packSamples groups consecutive samples, and is the identity at pack 1', () => {
  const x = tf.range(0, 12).reshape([6, 2]);
  const packed = packSamples(x, 3);
  assert.deepEqual(packed.shape, [2, 3, 2]);
  assert.deepEqual(Array.from(packed.dataSync()), Array.from(x.dataSync()));
  assert.deepEqual(packed.arraySync(), [[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]]);
  assert.equal(packSamples(x, 1), x);
  tf.dispose([x, packed]);
});

for (const [architecture, shape] of [['mlp', [2]], ['dcgan', [28, 28, 1]]] as const) {
  test(`a packed ${architecture} D scores each group from all its members and from nothing else`, () => {
    const config = validateConfig({
      data: architecture === 'mlp' ? { source: 'toy', name: 'ring' } : { source: 'mnist' },
      model: { architecture, discriminator: { pack: 4, ...(architecture === 'mlp' ? { dropout: 0 } : { channels: 8 }) }, ...(architecture === 'dcgan' ? { generator: { channels: 8 } } : {}) },
      train: { batchSize: 8 },
    }, 'test');
    const nets = buildNetworks(ganModel(config.model), { shape: [...shape] as number[], numClasses: 0 }, new Rng(1));
    assert.deepEqual(nets.discriminator.inputs[0].shape, [null, 4, ...shape]);
    const size = (shape as readonly number[]).reduce((a, b) => a * b, 1);
    const base = new Rng(2).fill(8 * size, (r) => r.normal());
    const score = (x: Float32Array) => tf.tidy(() => Array.from((nets.discriminator.predict(packSamples(tf.tensor(x, [8, ...shape]), 4)) as tf.Tensor).dataSync()));
    const before = score(base);
    assert.equal(before.length, 2);
    for (const member of [0, 3]) {
      const changed = base.slice();
      for (let i = 0; i < size; i++) changed[member * size + i] += 0.5;
      const after = score(changed);
      assert.notEqual(after[0], before[0], `sample ${member} is part of the first group`);
      assert.equal(after[1], before[1], 'the second group does not see the first group\'s samples');
    }
    disposeNetworks(nets);
  });
}

test('packing is refused for conditional models, for other families and for a batch it does not divide', () => {
  assert.throws(() => validateConfig({ data: { source: 'mnist' }, model: { architecture: 'cdcgan', discriminator: { pack: 2 } } }, 'test'), /one condition each/);
  assert.throws(() => validateConfig({ family: 'gmn', data: { source: 'toy', name: 'ring' }, model: { architecture: 'mlp', discriminator: { pack: 2 } } }, 'test'), /GAN remedy/);
  assert.throws(() => validateConfig({ data: { source: 'toy', name: 'ring' }, model: { architecture: 'mlp', discriminator: { pack: 3 } }, train: { batchSize: 64 } }, 'test'), /divisible by 3/);
});
