// Presets validate; defaults fill what a config omits; errors name the field and the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, presetNames, validateConfig, validateWrittenConfig } from '../../src/config/load.ts';
import { FAMILY_TRAINING, lossWeights } from '../../src/config/schema.ts';
import { ganModel } from '../../src/gan/networks.ts';

test('the presets of the documents exist and validate', () => {
  const names = presetNames();
  for (const p of ['mnist-mlp', 'mnist-dcgan', 'mnist-cgan', 'mnist-cdcgan', 'fashion-dcgan', 'mnist-wgan-gp', 'mnist-text', 'fashion-text']) {
    assert.ok(names.includes(p), `preset ${p} is missing`);
  }
  for (const p of names) loadConfig(p);
});

test('defaults fill every section a config leaves out', () => {
  const c = validateConfig({ data: { source: 'mnist' }, model: { architecture: 'dcgan' } }, 'x.json');
  assert.equal(c.train.batchSize, 64);
  assert.equal(ganModel(c.model).latent.dim, 100);
  assert.equal(c.loss.type, 'non-saturating');
  assert.deepEqual(c.remedies.labelSmoothing, { real: 1, fake: 0 });
  assert.deepEqual(lossWeights({ type: 'wasserstein', r1: 0 }), { clip: 0.01, gradientPenalty: 0, r1: 0 });
  assert.deepEqual(lossWeights({ type: 'wgan-gp', r1: 0 }), { clip: null, gradientPenalty: 10, r1: 0 });
});

test('overrides from the command line win', () => {
  const c = loadConfig('mnist-dcgan', { steps: 7, seed: 3 });
  assert.equal(c.train.steps, 7);
  assert.equal(c.seed, 3);
});

test('bad configs are refused with the field named', () => {
  const base = { data: { source: 'mnist' }, model: { architecture: 'dcgan' } };
  const message = (raw: unknown) => {
    try { validateConfig(raw, 'my.json'); } catch (e) { return (e as Error).message; }
    return assert.fail('the config was accepted');
  };
  assert.match(message({ ...base, train: { batchSize: 0 } }), /^my\.json: field train\.batchSize is invalid: .*change it/);
  assert.match(message({ ...base, train: { batchsize: 8 } }), /unknown field "batchsize" in train/);
  assert.match(message({ ...base, loss: { type: 'wgan' } }), /field loss\.type is invalid/);
  assert.match(message({ ...base, model: { architecture: 'dcgan', latent: { distribution: 'cauchy' } } }), /model\.latent\.distribution/);
  assert.match(message({ ...base, loss: { type: 'hinge' }, remedies: { labelSmoothing: { real: 0.9 } } }), /remedies\.labelSmoothing.*"hinge" has none/);
  assert.match(message({ ...base, train: { momentum: 0.5 } }), /train\.momentum.*Adam takes gBetas/);
  assert.match(message({ family: 'diffusion', data: { source: 'toy', name: 'spiral' }, model: { architecture: 'denoiser-mlp', timesteps: 20 } }),
    /model\.sampler\.steps.*at most the 20 timesteps/);
});

test('missing and malformed config files name the file', () => {
  assert.throws(() => loadConfig('no-such-preset'), /neither a preset nor a \.json file; presets are: .*mnist-dcgan/);
  assert.throws(() => loadConfig('/nonexistent/c.json'), /config file \/nonexistent\/c\.json does not exist/);
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-config-'));
  writeFileSync(join(dir, 'bad.json'), '{ "data": ');
  assert.throws(() => loadConfig(join(dir, 'bad.json')), /bad\.json is not valid JSON/);
});

test('each family takes its optimiser defaults from the schema, and only a GAN has D settings', () => {
  const of = (family: string, architecture: string, train = {}) =>
    validateConfig({ family, data: { source: 'mnist' }, model: { architecture }, train }, 'x.json').train;
  for (const [family, architecture] of [['gan', 'dcgan'], ['gmn', 'mlp'], ['vae', 'vae'], ['diffusion', 'denoiser-unet']] as const) {
    const t = of(family, architecture);
    assert.equal(t.gLr, FAMILY_TRAINING[family].lr, family);
    assert.deepEqual(t.gBetas, FAMILY_TRAINING[family].betas, family);
    assert.equal('dLr' in t, family === 'gan', family);
  }
  assert.deepEqual(of('gan', 'dcgan', { gLr: 1e-3 }).dLr, FAMILY_TRAINING.gan.lr);
  assert.throws(() => of('vae', 'vae', { dLr: 1e-3 }), /train\.dLr.*family "vae" has none/);
  assert.throws(() => of('diffusion', 'denoiser-unet', { dBetas: [0.5, 0.9] }), /train\.dBetas/);
  // A run written before these defaults carries the D settings every config got; it still resumes.
  const written = { family: 'vae', data: { source: 'mnist' }, model: { architecture: 'vae' }, train: { gLr: 1e-3, dLr: 2e-4, dBetas: [0.5, 0.999] } };
  assert.equal(validateWrittenConfig(written, 'config.json').train.gLr, 1e-3);
});
