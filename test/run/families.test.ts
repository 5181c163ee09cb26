// Whole runs of the other generative families (GMN, VAE, diffusion) through the same loop as
// the GANs: run directory, resume equal to an uninterrupted run, the exported model drawing the
// same samples as the run in memory, config errors; and that each learns.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { checkpointWeights as weightsOf } from '../helpers.ts';
import { loadGenerator, sampleModel } from '../../src/run/generator_file.ts';
import { Rng } from '../../src/random/prng.ts';
import { openRun, resumeConfig, train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';
import { createSession } from '../../src/run/sessions.ts';
import { loadDataset } from '../../src/data/spec.ts';

before(async () => {
  process.env.GANFORGE_CACHE ??= mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
  await useBackend();
});

const tmp = () => mkdtempSync(join(tmpdir(), 'ganforge-family-'));
const output = { logEvery: 2, sampleEvery: 4, checkpointEvery: 6, gridCount: 16, evaluate: false };
const ring = { source: 'toy', name: 'ring', count: 2048 };

/** Small configs of each family on the ring of 8 Gaussians (or MNIST for the image networks). */
const CONFIGS: Record<string, () => Record<string, unknown>> = {
  gmn: () => ({ family: 'gmn', data: ring, model: { architecture: 'mlp', latent: { dim: 4 }, generator: { hidden: [32, 32] } }, gmn: { loss: 'mmd' } }),
  vae: () => ({ family: 'vae', data: ring, model: { architecture: 'vae', latent: { dim: 2 }, hidden: [32, 32], likelihood: 'gaussian' } }),
  cvae: () => ({ family: 'vae', data: { source: 'mnist', limit: 256 }, model: { architecture: 'vae', network: 'conv', conditional: true, latent: { dim: 4 }, channels: 4 } }),
  diffusion: () => ({ family: 'diffusion', data: ring, model: { architecture: 'denoiser-mlp', hidden: [32, 32], timeEmbeddingDim: 16, timesteps: 40, sampler: { method: 'ancestral' } }, remedies: { ema: { decay: 0.9 } } }),
  unet: () => ({ family: 'diffusion', data: { source: 'mnist', limit: 256 }, model: { architecture: 'denoiser-unet', channels: [4, 8], timeEmbeddingDim: 8, timesteps: 20, conditional: true, sampler: { method: 'ddim', steps: 5 } } }),
};

const config = (name: string, train: Record<string, unknown> = {}) =>
  validateConfig({ name, seed: 3, ...CONFIGS[name](), train: { steps: 12, batchSize: 16, gLr: 1e-3, ...train }, output }, 'test');

for (const name of Object.keys(CONFIGS)) {
  test(`${name}: a resumed run equals an uninterrupted one, and the exported model samples as the run does`, async () => {
    const whole = tmp(), split = tmp();
    const before = tf.memory().numTensors;
    const result = await train(config(name), { out: whole });
    assert.equal(result.step, 12);
    assert.equal(tf.memory().numTensors, before, 'training leaked tensors');
    const metrics = new RunDir(whole).readMetrics();
    assert.equal(metrics.length, 6);
    assert.ok(metrics.every((r) => Object.entries(r).every(([, v]) => Number.isFinite(v))));

    // Stopped after its first step, then resumed to the end.
    await train(config(name), { out: split, shouldStop: () => true });
    await train(resumeConfig(split), { out: split, resume: true });
    assert.deepEqual(weightsOf(new RunDir(split).checkpoint), weightsOf(new RunDir(whole).checkpoint));

    const { session } = await openRun(whole);
    const g = await loadGenerator(whole);
    try {
      assert.equal(g.manifest.family, config(name).family);
      const labels = session.conditional ? Int32Array.from({ length: 6 }, (_, i) => i % session.numClasses) : undefined;
      const fromRun = session.generate(6, new Rng(11), labels);
      const fromExport = sampleModel(g, 6, new Rng(11), labels);
      assert.equal(fromExport.length, 6 * session.data.shape.reduce((a, b) => a * b, 1));
      fromExport.forEach((v, i) => assert.ok(Math.abs(v - fromRun[i]) < 1e-4, `sample value ${i}: ${v} vs ${fromRun[i]}`));
    } finally {
      session.dispose();
      g.model.dispose();
    }
  });
}

test('a VAE run pictures its reconstructions and latent traversals; a diffusion run its chains', async () => {
  const vae = tmp(), diffusion = tmp();
  await train(config('cvae', { steps: 6 }), { out: vae });
  await train(config('diffusion', { steps: 6 }), { out: diffusion });
  for (const f of ['reconstructions.png', 'latent-traversals.png']) assert.ok(existsSync(join(vae, 'figures', f)), f);
  for (const f of ['forward-chain.png', 'reverse-chain.png']) assert.ok(existsSync(join(diffusion, 'figures', f)), f);
  const manifest = JSON.parse(readFileSync(join(diffusion, 'model', 'manifest.json'), 'utf8'));
  assert.deepEqual(manifest.diffusion, { schedule: 'linear', timesteps: 40, sampler: { method: 'ancestral', steps: 50, eta: 0 } });
  assert.equal(manifest.latent, undefined);
});

test('family settings are checked against the family', () => {
  const message = (raw: unknown) => { try { validateConfig(raw, 'c.json'); } catch (e) { return (e as Error).message; } return 'accepted'; };
  assert.match(message({ family: 'vae', data: ring, model: { architecture: 'dcgan' } }), /model\.architecture.*family "vae" trains "vae", not "dcgan"/);
  assert.match(message({ family: 'gan', data: ring, model: { architecture: 'denoiser-mlp' } }), /family "gan" trains/);
  assert.match(message({ family: 'vae', data: ring, model: { architecture: 'vae' }, remedies: { labelFlip: 0.1 } }), /remedies\.labelFlip.*GAN remedy/);
  assert.match(message({ family: 'diffusion', data: ring, model: { architecture: 'denoiser-mlp' }, loss: { type: 'hinge' } }), /field loss .*own objective/);
  assert.match(message({ family: 'gan', data: ring, model: { architecture: 'mlp' }, gmn: { loss: 'mmd' } }), /field gmn .*family "gmn" only/);
  assert.match(message({ family: 'gmn', data: ring, model: { architecture: 'mlp' }, gmn: { loss: 'mmd', estimator: 'unbiased', extra: 1 } }), /unknown field "extra" in gmn/);
});

test('the GMN preset on the ring of 8 covers most modes in a short run', async () => {
  // ring-gmn for 1000 of its 2000 steps; 2500 samples are scored against the 8 modes (3-std rule).
  // Measured: 8 modes, 23% within 3 std of a mode (a 2-D uniform spread would put about 0.1% there).
  const out = tmp();
  const c = loadConfig('ring-gmn', { steps: 1000 });
  await train({ ...c, output: { ...c.output, sampleEvery: 1000, checkpointEvery: 1000 } }, { out });
  const last = new RunDir(out).readEvaluation().at(-1)!;
  assert.equal(last.step, 1000);
  assert.ok(last.modes_covered >= 7, `modes covered ${last.modes_covered}`);
  assert.ok(last.high_quality >= 0.1, `high-quality share ${last.high_quality}`);
});

test('the VAE preset on MNIST learns digits the classifier recognises in a short run', async () => {
  // mnist-vae for 300 steps on 4000 digits: FID against held-out digits (1000 samples) must fall
  // well below that of the untrained decoder, and the classifier must be far more confident.
  const out = tmp();
  const c = loadConfig('mnist-vae', { steps: 300 });
  await train({ ...c, data: { source: 'mnist', split: 'train', limit: 4000 }, output: { ...c.output, sampleEvery: 300, checkpointEvery: 300 } }, { out });
  const [first, last] = [new RunDir(out).readEvaluation()[0], new RunDir(out).readEvaluation().at(-1)!];
  assert.equal(last.step, 300);
  assert.ok(last.fid < first.fid / 3, `FID ${first.fid} -> ${last.fid}`);
  assert.ok(last.mean_max_prob > 0.7, `mean top probability ${last.mean_max_prob}`);
  assert.ok(last.missing_classes <= 1, `missing classes ${last.missing_classes}`);
});

test('train.optimizer and momentum reach every family\'s optimiser', async () => {
  for (const name of ['gmn', 'vae', 'diffusion']) {
    const c = config(name, { optimizer: 'rmsprop', momentum: 0.5 });
    const session = await createSession(c, await loadDataset(c.data), tmp());
    const optimizer = (session as unknown as { trainer: { optimizer: tf.Optimizer } }).trainer.optimizer;
    assert.equal(optimizer.getClassName(), 'RMSProp', name);
    assert.equal((optimizer as unknown as { momentum: number }).momentum, 0.5, name);
    session.dispose();
  }
});
