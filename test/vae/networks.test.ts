// The VAE's networks: the shapes of the mlp and conv variants, conditional or not; the generator
// in [-1, 1], built on the decoder's own layers (a decoder weight changed is a generator weight
// changed); the label actually reaching both networks; bad inputs refused with one sentence.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { useBackend } from '../../src/engine/backend.ts';
import { Rng } from '../../src/random/prng.ts';
import { buildVaeNetworks, type VaeNetworkOptions, type VaeNetworks } from '../../src/vae/networks.ts';
import { assertClose } from '../helpers.ts';

before(async () => { await useBackend(); });

const B = 3;
const oneHot = (labels: number[], k: number) => tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), k).toFloat());

interface Case { name: string; options: Partial<VaeNetworkOptions>; shape: number[] }
const CASES: Case[] = [
  { name: 'mlp on images', options: { architecture: 'mlp', hidden: [32, 16], latentDim: 5 }, shape: [28, 28, 1] },
  { name: 'mlp on 2-D points', options: { architecture: 'mlp', hidden: [8], latentDim: 2, likelihood: 'gaussian' }, shape: [2] },
  { name: 'conv on 28 x 28 x 1', options: { architecture: 'conv', channels: 4, latentDim: 6 }, shape: [28, 28, 1] },
  // 12 x 16: two stride-2 stages (3 x 4 at the bottom), sides that differ, three channels.
  { name: 'conv on 12 x 16 x 3', options: { architecture: 'conv', channels: 4, kernelSize: 3, latentDim: 3, likelihood: 'gaussian' }, shape: [12, 16, 3] },
];

/** The networks of a case, with inputs for B samples. */
function build(c: Case, conditional: boolean, seed = 1) {
  const nets = buildVaeNetworks({ ...c.options, conditional }, { shape: c.shape, numClasses: conditional ? 4 : 0 }, new Rng(seed));
  const rng = new Rng(seed + 100);
  const size = c.shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(rng.fill(B * size, (r) => r.uniform() * 2 - 1), [B, ...c.shape]);
  const z = tf.tensor2d(rng.fill(B * nets.options.latentDim, (r) => r.normal()), [B, nets.options.latentDim]);
  const y = conditional ? oneHot([0, 3, 1], 4) : null;
  return { nets, x, z, y, dispose: () => tf.dispose([x, z, ...(y ? [y] : [])]) };
}

const withLabel = (t: tf.Tensor, y: tf.Tensor | null) => (y ? [t, y] : t);

/** The generator's map from the decoder's output: 2 sigmoid(l) - 1 for logits, the decoded mean itself for 'gaussian'. */
const meanOf = (nets: VaeNetworks, decoded: tf.Tensor) =>
  nets.options.likelihood === 'bernoulli' ? tf.sub(tf.mul(tf.sigmoid(decoded), 2), 1) : decoded;

for (const c of CASES) {
  for (const conditional of [false, true]) {
    test(`${c.name}${conditional ? ', conditional' : ''}: shapes, the generator's range and its shared weights`, () => {
      const before = tf.memory().numTensors;
      const { nets, x, z, y, dispose } = build(c, conditional);
      const d = nets.options.latentDim;
      assert.deepEqual(nets.sampleShape, c.shape);
      assert.equal(nets.encoder.inputs.length, conditional ? 2 : 1);
      assert.equal(nets.generator.inputs.length, conditional ? 2 : 1);
      tf.tidy(() => {
        const [mean, logVar] = nets.encoder.apply(withLabel(x, y)) as tf.Tensor[];
        assert.deepEqual(mean.shape, [B, d]);
        assert.deepEqual(logVar.shape, [B, d]);
        const decoded = nets.decoder.apply(withLabel(z, y)) as tf.Tensor;
        assert.deepEqual(decoded.shape, [B, ...c.shape]);
        const generated = nets.generator.apply(withLabel(z, y)) as tf.Tensor;
        assert.deepEqual(generated.shape, [B, ...c.shape]);
        // The generator is the decoder followed by the map to the mean, exactly.
        assertClose(generated.dataSync(), meanOf(nets, decoded).dataSync(), 1e-6, 1e-6, 'generator vs decoder');

        // In [-1, 1] even far out in the latent space, where the outputs saturate.
        const far = nets.generator.apply(withLabel(tf.mul(z, 100), y)) as tf.Tensor;
        const v = far.dataSync();
        assert.ok(v.every((u) => u >= -1 && u <= 1), `generator range [${Math.min(...v)}, ${Math.max(...v)}]`);
        assert.ok(v.some((u) => Math.abs(u) > 0.99), 'the outputs saturate towards +-1 for latents 100 sigma out');
      });

      // The generator's weights are the decoder's: the same variables, and changing one changes both.
      const ids = (m: tf.LayersModel) => m.weights.map((w) => w.id).sort((a, b) => a - b);
      assert.deepEqual(ids(nets.generator), ids(nets.decoder));
      const last = [...nets.decoder.layers].reverse().find((l) => l.getWeights().length > 0)!;
      const before1 = tf.tidy(() => nets.generator.apply(withLabel(z, y)) as tf.Tensor);
      const weights = last.getWeights();
      const moved = weights.map((w) => tf.add(w, 0.3));
      last.setWeights(moved);
      tf.dispose(moved);
      tf.tidy(() => {
        const after = nets.generator.apply(withLabel(z, y)) as tf.Tensor;
        const diff = tf.max(tf.abs(tf.sub(after, before1))).dataSync()[0];
        assert.ok(diff > 1e-3, `a decoder weight changed moves the generator's output (max change ${diff})`);
        const decoded = nets.decoder.apply(withLabel(z, y)) as tf.Tensor;
        assertClose(after.dataSync(), meanOf(nets, decoded).dataSync(), 1e-6, 1e-6, 'generator vs changed decoder');
      });
      tf.dispose(before1);
      if (conditional) {
        // The label reaches both networks: another class, another code and another sample for the same x and z.
        tf.tidy(() => {
          const other = oneHot([2, 2, 2], 4);
          const [m1] = nets.encoder.apply([x, y!]) as tf.Tensor[];
          const [m2] = nets.encoder.apply([x, other]) as tf.Tensor[];
          assert.ok(tf.max(tf.abs(tf.sub(m1, m2))).dataSync()[0] > 1e-4, 'the encoder uses the label');
          const g1 = nets.generator.apply([z, y!]) as tf.Tensor;
          const g2 = nets.generator.apply([z, other]) as tf.Tensor;
          assert.ok(tf.max(tf.abs(tf.sub(g1, g2))).dataSync()[0] > 1e-4, 'the decoder uses the label');
        });
      }
      dispose();
      for (const m of [nets.encoder, nets.decoder]) m.dispose();
      assert.equal(tf.memory().numTensors, before, 'nothing is left once the models are disposed');
    });
  }
}

test('the same seed builds the same weights, another seed other ones', () => {
  const c = CASES[2];
  const weights = (seed: number) => {
    const { nets, dispose } = build(c, true, seed);
    dispose();
    const all = [...nets.encoder.getWeights(), ...nets.decoder.getWeights()].map((w) => Array.from(w.dataSync()));
    nets.encoder.dispose();
    nets.decoder.dispose();
    return all;
  };
  const a = weights(5);
  assert.deepEqual(a, weights(5));
  assert.notDeepEqual(a, weights(6));
});

test('the defaults: mlp, 16 latent dimensions, Bernoulli, unconditional, hidden [512, 256]', () => {
  const nets = buildVaeNetworks({}, { shape: [28, 28, 1], numClasses: 10 }, new Rng(0));
  assert.deepEqual({ ...nets.options }, {
    architecture: 'mlp', latentDim: 16, likelihood: 'bernoulli', conditional: false, hidden: [512, 256], channels: 32, kernelSize: 4,
  });
  assert.deepEqual(nets.encoder.outputs.map((o) => o.shape), [[null, 16], [null, 16]]);
  // Dense layers: 784 -> 512 -> 256 -> (16, 16) and 16 -> 256 -> 512 -> 784, with biases.
  const count = (m: tf.LayersModel) => m.countParams();
  assert.equal(count(nets.encoder), 784 * 512 + 512 + 512 * 256 + 256 + 2 * (256 * 16 + 16));
  assert.equal(count(nets.decoder), 16 * 256 + 256 + 256 * 512 + 512 + 512 * 784 + 784);
  nets.encoder.dispose();
  nets.decoder.dispose();
});

test('bad inputs are refused with one sentence naming the problem and the fix', () => {
  const rng = new Rng(0);
  for (const numClasses of [0, 1]) {
    assert.throws(() => buildVaeNetworks({ conditional: true }, { shape: [28, 28, 1], numClasses }, rng), {
      message: 'the VAE is conditional but the data has no labels; use data with classes (e.g. mnist) or conditional: false.',
    });
  }
  for (const shape of [[27, 27, 1], [28, 27, 1], [4, 4, 1], [28, 28], [2]]) {
    assert.throws(() => buildVaeNetworks({ architecture: 'conv' }, { shape, numClasses: 0 }, rng), {
      message: `a convolutional VAE needs images [h, w, c] with even sides of at least 6 pixels, not shape [${shape.join(', ')}]; resize the images or use the "mlp" architecture.`,
    });
  }
  for (const latentDim of [0, -2, 1.5]) {
    assert.throws(() => buildVaeNetworks({ latentDim }, { shape: [2], numClasses: 0 }, rng), { message: `latentDim must be a positive integer, not ${latentDim}.` });
  }
});
