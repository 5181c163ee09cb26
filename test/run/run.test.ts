// Whole runs on a small slice of MNIST: the run directory's contents, same seed same run,
// resume equal to an uninterrupted run, the divergence guard, and sample/interpolate outputs.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import { resumeConfig, train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';
import { drawLatent, generate, loadGenerator } from '../../src/run/generator_file.ts';
import { Rng } from '../../src/random/prng.ts';
import { decodeNpy } from '../../src/viz/index.ts';
import { writeSamples } from '../../src/cli/sample_output.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { checkpointWeights as weightsOf } from '../helpers.ts';
import { readCheckpoint } from '../../src/train/checkpoint.ts';
import { nativeBf16Isa, usePrecision } from '../../src/engine/precision.ts';

before(async () => {
  process.env.GANFORGE_CACHE ??= mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
  await useBackend();
});

const tmp = () => mkdtempSync(join(tmpdir(), 'ganforge-run-'));

const tinyConfig = (extra: Record<string, unknown> = {}) => validateConfig({
  name: 'tiny',
  seed: 5,
  data: { source: 'mnist', limit: 512 },
  model: {
    architecture: 'cdcgan', latent: { dim: 16 },
    generator: { channels: 8 }, discriminator: { channels: 8, minibatchStddev: true },
  },
  train: { steps: 12, batchSize: 16, dSteps: 2 },
  remedies: { labelSmoothing: { real: 0.9 }, labelFlip: 0.05, instanceNoise: { std: 0.1, annealSteps: 10 }, diffAugment: ['translation', 'cutout'], ema: { decay: 0.9, start: 2 } },
  output: { logEvery: 2, sampleEvery: 4, checkpointEvery: 6, gridCount: 20 },
  ...extra,
}, 'test');

test('a run writes its directory: config, metrics, grids, GIF, plots, checkpoint, exported model', async () => {
  const out = tmp();
  const result = await train(tinyConfig(), { out });
  const dir = new RunDir(out);
  assert.equal(result.step, 12);
  assert.equal(JSON.parse(readFileSync(dir.config, 'utf8')).train.steps, 12);
  const metrics = dir.readMetrics();
  assert.deepEqual(metrics.map((r) => r.step), [2, 4, 6, 8, 10, 12]);
  for (const key of ['d_loss', 'g_loss', 'd_real', 'd_fake']) assert.ok(metrics.every((r) => Number.isFinite(r[key])), key);
  assert.deepEqual(dir.sampleFiles().map((s) => s.step), [0, 4, 8, 12]);
  for (const f of [dir.gif, join(dir.plots, 'losses.png'), join(dir.plots, 'discriminator.png'), dir.checkpoint,
    join(dir.model, 'model.json'), join(dir.model, 'manifest.json')]) {
    assert.ok(existsSync(f) && statSync(f).size > 0, `${f} is missing`);
  }
  const g = await loadGenerator(out);
  assert.equal(g.manifest.conditional, true);
  assert.deepEqual(g.manifest.sampleShape, [28, 28, 1]);
  assert.deepEqual(g.manifest.inputs, ['z', 'y']);
  assert.equal(g.manifest.labelNames.length, 10);
  // sample: .npy holds [n, 28, 28, 1] float32 in [-1, 1].
  const x = generate(g, drawLatent(g.manifest, 6, new Rng(1)), Int32Array.from([3, 3, 3, 3, 3, 3]));
  const npy = join(out, 's.npy');
  await writeSamples(npy, x, g.manifest.sampleShape, 6);
  const back = decodeNpy(readFileSync(npy));
  assert.deepEqual(back.shape, [6, 28, 28, 1]);
  assert.ok(back.data.every((v) => v >= -1 && v <= 1));
  await assert.rejects(writeSamples(join(out, 's.jpg'), x, g.manifest.sampleShape, 6), /use a \.png .* or \.npy/);
  g.model.dispose();
});

test('the same seed gives the same run, and a resumed run equals the uninterrupted one', async () => {
  const whole = tmp(), again = tmp(), split = tmp();
  await train(tinyConfig(), { out: whole });
  await train(tinyConfig(), { out: again });
  assert.deepEqual(new RunDir(again).readMetrics().map(({ time: _, ...r }) => r), new RunDir(whole).readMetrics().map(({ time: _, ...r }) => r));
  assert.deepEqual(weightsOf(new RunDir(again).checkpoint), weightsOf(new RunDir(whole).checkpoint));

  // Stop after the first step (as Ctrl-C does: a checkpoint is written there), then resume to 12.
  const stopped = await train(tinyConfig(), { out: split, shouldStop: () => true });
  assert.deepEqual([stopped.stopped, stopped.step], [true, 1]);
  const resumed = await train(resumeConfig(split), { out: split, resume: true });
  assert.equal(resumed.step, 12);
  assert.deepEqual(weightsOf(new RunDir(split).checkpoint), weightsOf(new RunDir(whole).checkpoint));
  assert.deepEqual(new RunDir(split).readMetrics().map((r) => r.step), [2, 4, 6, 8, 10, 12]);
});

test('a bf16 run resumes exactly from its checkpoint, and its config.json records the precision', { skip: nativeBf16Isa() ? false : 'this processor has no native bf16 instructions' }, async () => {
  const config = () => tinyConfig({ train: { steps: 6, batchSize: 16, precision: 'bf16' } });
  const whole = tmp(), split = tmp();
  try {
    await train(config(), { out: whole });
    await train(config(), { out: split, shouldStop: () => true });
    await train(resumeConfig(split), { out: split, resume: true });
  } finally {
    usePrecision('fp32');
  }
  assert.equal(JSON.parse(readFileSync(new RunDir(split).config, 'utf8')).train.precision, 'bf16');
  assert.deepEqual(weightsOf(new RunDir(split).checkpoint), weightsOf(new RunDir(whole).checkpoint));
});

test('a resumed run restores the momentum of SGD too', async () => {
  const config = () => tinyConfig({ train: { steps: 12, batchSize: 16, optimizer: 'sgd', momentum: 0.5, gLr: 0.01, dLr: 0.01 } });
  const whole = tmp(), split = tmp();
  await train(config(), { out: whole });
  await train(config(), { out: split, shouldStop: () => true });
  await train(resumeConfig(split), { out: split, resume: true });
  assert.deepEqual(weightsOf(new RunDir(split).checkpoint), weightsOf(new RunDir(whole).checkpoint));
});

test('a loss that turns NaN stops the run, names the step and keeps the last good checkpoint', async () => {
  const out = tmp();
  const config = tinyConfig({ train: { steps: 200, batchSize: 16, optimizer: 'sgd', gLr: 1e4, dLr: 1e4 }, output: { checkpointEvery: 1, logEvery: 1, sampleEvery: 1000 } });
  await assert.rejects(train(config, { out }), (e: Error) => {
    assert.match(e.message, /^training diverged at step \d+: [\w ]+ became (NaN|-?Infinity|not finite); the last good checkpoint \(step \d+\) is kept in .*resume with --resume/);
    return true;
  });
  const ckpt = readCheckpoint<{ step: number }>(new RunDir(out).checkpoint);
  assert.ok(Object.values(ckpt.groups).every((g) => g.every((t) => t.tensor.dataSync().every(Number.isFinite))));
  tf.dispose(Object.values(ckpt.groups).flatMap((g) => g.map((t) => t.tensor)));
});

test('resuming without a run, and starting over an existing run, are refused with the fix', async () => {
  assert.throws(() => resumeConfig(tmp()), /is not a ganforge run directory \(no config\.json\)/);
  const out = tmp();
  await train(tinyConfig({ train: { steps: 2, batchSize: 16 } }), { out });
  await assert.rejects(train(tinyConfig(), { out }), /already holds a run; continue it with --resume/);
});

test('training with every remedy and penalty keeps the tensor count flat', async () => {
  const { GanSession } = await import('../../src/gan/session.ts');
  const { loadDataset } = await import('../../src/data/index.ts');
  for (const loss of [{ type: 'wgan-gp', r1: 1 }, { type: 'wasserstein' }, { type: 'hinge' }, { type: 'least-squares' }, { type: 'absolute' }, { type: 'minimax' }]) {
    const flips = loss.type === 'absolute' || loss.type === 'minimax' || loss.type === 'least-squares';
    const config = tinyConfig({
      loss,
      model: { architecture: 'dcgan', latent: { dim: 8, distribution: 'uniform' }, generator: { channels: 4 },
        discriminator: { channels: 4, batchNorm: false, minibatchStddev: true, minibatchDiscrimination: { kernels: 4, kernelDim: 3 } } },
      remedies: { labelFlip: flips ? 0.1 : 0, instanceNoise: { std: 0.1 }, diffAugment: ['color', 'translation', 'cutout'], ema: { decay: 0.99 } },
      train: { steps: 10, batchSize: 8, dSteps: 2 },
    });
    const session = new GanSession(config, await loadDataset(config.data));
    let tensors = 0;
    for (let i = 1; i <= 8; i++) {
      const metrics = session.trainStep();
      assert.ok(Object.values(metrics).every(Number.isFinite), `${loss.type}: ${JSON.stringify(metrics)}`);
      if (loss.type === 'wgan-gp') assert.ok(metrics.gp > 0 && metrics.r1 > 0, 'penalties reported');
      if (i === 3) tensors = tf.memory().numTensors;
    }
    assert.equal(tf.memory().numTensors, tensors, `${loss.type} leaks tensors`);
    session.dispose();
  }
});

test('every architecture builds, trains and samples its shape', async () => {
  const { GanSession } = await import('../../src/gan/session.ts');
  const { loadDataset } = await import('../../src/data/index.ts');
  const models = [
    { architecture: 'mlp', latent: { dim: 8 }, generator: { hidden: [32], batchNorm: true }, discriminator: { hidden: [32], minibatchDiscrimination: { kernels: 4, kernelDim: 3 } } },
    { architecture: 'mlp', conditional: true, latent: { dim: 8 }, generator: { hidden: [32] }, discriminator: { hidden: [32] } },
    { architecture: 'cgan-maxout', latent: { dim: 8 }, generator: { zUnits: 16, yUnits: 16, joint: 32, batchNormMomentum: 0.9 }, discriminator: { xUnits: 16, yUnits: 8, joint: 16, minibatchStddev: true } },
    { architecture: 'cdcgan', conditioning: 'projection', latent: { dim: 8 }, generator: { channels: 4 }, discriminator: { channels: 4 } },
  ];
  for (const model of models) {
    const config = tinyConfig({ model, remedies: {}, train: { steps: 2, batchSize: 8 } });
    const session = new GanSession(config, await loadDataset(config.data));
    for (let i = 0; i < 2; i++) assert.ok(Object.values(session.trainStep()).every(Number.isFinite), model.architecture);
    assert.equal(session.gridSamples().length, config.output.gridCount * 784, model.architecture);
    session.dispose();
  }
});
