// Numerical faults: a run of every family given an absurd learning rate stops with the step and
// the quantity that turned non-finite, and keeps its last good checkpoint (finite, at that step).
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { readCheckpoint } from '../../src/train/checkpoint.ts';
import { train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';

before(async () => { await useBackend(); });

const ring = { source: 'toy', name: 'ring', count: 512 };
// Steps of 1e30 times the gradient overflow float32 within a few steps.
const absurd = { optimizer: 'sgd', gLr: 1e30, dLr: 1e30 };

// Not the GMN: its MMD with Gaussian kernels is bounded and its gradient vanishes once samples
// fly far from the data, so an absurd rate freezes it with finite values instead of diverging.
const FAMILIES: Record<string, Record<string, unknown>> = {
  gan: { model: { architecture: 'mlp', latent: { dim: 4 }, generator: { hidden: [16] }, discriminator: { hidden: [16] } } },
  vae: { family: 'vae', model: { architecture: 'vae', latent: { dim: 2 }, hidden: [16], likelihood: 'gaussian' } },
  diffusion: { family: 'diffusion', model: { architecture: 'denoiser-mlp', hidden: [16], timeEmbeddingDim: 8, timesteps: 10, sampler: { method: 'ancestral' } } },
};

for (const [family, settings] of Object.entries(FAMILIES)) {
  test(`${family}: an absurd learning rate stops the run at the step that turned non-finite, with the last good checkpoint kept`, async () => {
    const out = mkdtempSync(join(tmpdir(), `ganforge-diverge-${family}-`));
    // Three sound steps with a sane rate make the checkpoint that must survive.
    // D's rate is a GAN's only: the other families refuse it.
    const own = ({ dLr, ...rest }: Record<string, unknown>) => (family === 'gan' ? { dLr, ...rest } : rest);
    const config = (train: Record<string, unknown>, steps: number) => validateConfig({
      name: family, seed: 1, data: ring, ...settings, train: { steps, batchSize: 16, ...own(train) },
      output: { logEvery: 1, sampleEvery: 1000, checkpointEvery: 1 },
    }, 'test');
    await train(config({ optimizer: 'sgd', gLr: 1e-3, dLr: 1e-3 }, 3), { out });
    const good = readCheckpoint<{ step: number }>(new RunDir(out).checkpoint);
    const kept = Object.values(good.groups).flat().map((t) => Array.from(t.tensor.dataSync()));
    tf.dispose(Object.values(good.groups).flat().map((t) => t.tensor));

    // The same run, resumed with an absurd rate, turns non-finite at once.
    await assert.rejects(train(config(absurd, 50), { out, resume: true }), (e: Error) => {
      const m = /^training diverged at step (\d+): (.+) became (NaN|-?Infinity|not finite); the last good checkpoint \(step (\d+)\) is kept in .*; lower the learning rates .* --resume /.exec(e.message);
      assert.ok(m, e.message);
      assert.ok(Number(m[1]) > 3 && Number(m[1]) <= 50, e.message);
      assert.ok(Number(m[4]) >= 3 && Number(m[4]) < Number(m[1]), e.message);
      return true;
    });
    const after = readCheckpoint<{ step: number }>(new RunDir(out).checkpoint);
    const values = Object.values(after.groups).flat().map((t) => t.tensor.dataSync());
    assert.ok(values.every((v) => v.every(Number.isFinite)), 'the kept checkpoint holds non-finite weights');
    if (after.state.step === 3) assert.deepEqual(values.map((v) => Array.from(v)), kept);
    tf.dispose(Object.values(after.groups).flat().map((t) => t.tensor));
  });
}
