// InfoGAN's categorical code read from the noise: cut points at the prior's quantiles, categories
// equally likely under the prior (a chi-square test), the layer surviving a save and load, and a
// GAN with a code whose Q head learns to read it back from G's samples.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBackend } from '../../src/engine/backend.ts';
import { CategoricalCode, categoricalCode, codeThresholds } from '../../src/nn/categorical_code.ts';
import { loadLayersModel, saveLayersModel } from '../../src/io/model_files.ts';
import { validateConfig } from '../../src/config/load.ts';
import { drawPrior } from '../../src/train/session.ts';
import { Rng } from '../../src/random/prng.ts';
import { train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';

before(async () => { await useBackend(); });

test('the cut points are the prior\'s quantiles at i / k', () => {
  const q = codeThresholds(4, { distribution: 'normal', scale: 2 });
  [-2 * 0.6744897501960817, 0, 2 * 0.6744897501960817].forEach((t, i) => assert.ok(Math.abs(q[i] - t) < 1e-9, `${q[i]} vs ${t}`));
  assert.deepEqual(codeThresholds(4, { distribution: 'uniform', scale: 1 }), [-0.5, 0, 0.5]);
});

test('under the prior every category is equally likely (chi-square, 10 categories, 50,000 draws)', () => {
  for (const distribution of ['normal', 'uniform'] as const) {
    const latent = { dim: 3, distribution, scale: 1.5 };
    const n = 50_000, k = 10;
    const z = tf.tensor2d(drawPrior(latent, n, new Rng(7)), [n, 3]);
    const code = categoricalCode(z, codeThresholds(k, latent));
    const rows = code.arraySync();
    assert.ok(rows.every((r) => r.reduce((a, b) => a + b, 0) === 1), 'each row is one-hot');
    const counts = tf.tidy(() => Array.from(tf.sum(code, 0).dataSync()));
    const chi2 = counts.reduce((a, c) => a + (c - n / k) ** 2 / (n / k), 0);
    // The 0.999 quantile of chi-square with 9 degrees of freedom is 27.88.
    assert.ok(chi2 < 27.88, `${distribution}: chi-square ${chi2.toFixed(2)} for counts ${counts.join(' ')}`);
    tf.dispose([z, code]);
  }
});

test('a generator holding the code layer saves and loads with the same outputs', async () => {
  const thresholds = codeThresholds(5, { distribution: 'normal', scale: 1 });
  const input = tf.input({ shape: [4] });
  const joined = tf.layers.concatenate().apply([input, new CategoricalCode({ thresholds }).apply(input) as tf.SymbolicTensor]) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 3 }).apply(joined) as tf.SymbolicTensor });
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-code-'));
  await saveLayersModel(model, dir);
  const loaded = await loadLayersModel(dir);
  const z = tf.tensor2d(drawPrior({ dim: 4, distribution: 'normal', scale: 1 }, 64, new Rng(3)), [64, 4]);
  const [a, b] = [model.predict(z) as tf.Tensor, loaded.predict(z) as tf.Tensor];
  assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
  assert.throws(() => new CategoricalCode({ thresholds: [0.5, 0.1] }), /increasing/);
  tf.dispose([z, a, b]);
  model.dispose();
  loaded.dispose();
});

test('on the ring, Q learns to read the code from G\'s samples (its loss falls well below log k)', async () => {
  const config = validateConfig({
    name: 'code', seed: 1,
    data: { source: 'toy', name: 'ring' },
    model: { architecture: 'mlp', latent: { dim: 8 }, code: { categories: 8 }, generator: { hidden: [64, 64], activation: 'relu' }, discriminator: { hidden: [64, 64], dropout: 0 } },
    train: { steps: 300, batchSize: 128, gLr: 1e-3, dLr: 1e-3 },
    output: { logEvery: 1, sampleEvery: 300, checkpointEvery: 300, evaluate: false },
  }, 'test');
  const dir = new RunDir(mkdtempSync(join(tmpdir(), 'ganforge-code-run-')));
  const before = tf.memory().numTensors;
  await train(config, { out: dir.root });
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  const metrics = dir.readMetrics();
  const mean = (key: string, from: number, to: number) => {
    const xs = metrics.slice(from, to).map((m) => m[key] as number);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  // Cross-entropy of a guess is log 8 = 2.08; Q and G cooperating bring it near 0.
  assert.ok(mean('g_info', 0, 10) > 1.5, `at the start ${mean('g_info', 0, 10)}`);
  assert.ok(mean('g_info', 250, 300) < 0.3, `at the end ${mean('g_info', 250, 300)}`);
});
