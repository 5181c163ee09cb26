// `ganforge compare`: which config each family trains, and a whole (tiny-budget) comparison
// written as a table and a report.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFamilies, comparisonHtml, comparisonMarkdown, familyConfig, parseFamilies } from '../../src/run/compare.ts';
import { loadConfig, readConfigSource, validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';

before(async () => {
  process.env.GANFORGE_CACHE ??= mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
  await useBackend();
});

test('--families is parsed and checked', () => {
  assert.deepEqual(parseFamilies('gan, vae,gan'), ['gan', 'vae']);
  assert.throws(() => parseFamilies('gan,gans'), /not "gans"/);
  assert.throws(() => parseFamilies(''), /comma-separated list/);
});

test('each family trains its own preset on the compared data and seed; the config\'s family its own model', async () => {
  const base = loadConfig('ring2d', { seed: 7 });
  const gan = await familyConfig(base, 'gan');
  assert.equal(gan.model.architecture, base.model.architecture);
  assert.deepEqual(gan.loss, base.loss);
  for (const [family, architecture] of [['gmn', 'mlp'], ['vae', 'vae'], ['diffusion', 'denoiser-mlp']] as const) {
    const c = await familyConfig(base, family);
    assert.equal(c.family, family);
    assert.equal(c.model.architecture, architecture);
    assert.deepEqual(c.data, base.data);
    assert.equal(c.seed, 7);
    assert.ok(c.train.steps > 1e6, 'the budget, not the step count, ends each run');
  }
  const images = await familyConfig(loadConfig('mnist-dcgan'), 'diffusion');
  assert.equal(images.model.architecture, 'denoiser-unet');
});

test('a comparison trains every family for the budget and writes one table row each', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ganforge-compare-'));
  const base = validateConfig({ ...readConfigSource('ring2d').raw as object, data: { source: 'toy', name: 'ring', count: 4096 } }, 'test');
  const c = await compareFamilies(base, { families: ['gan', 'gmn', 'vae', 'diffusion'], budgetMinutes: 0.05, out, samples: 200 });
  assert.deepEqual(c.rows.map((r) => r.family), ['gan', 'gmn', 'vae', 'diffusion']);
  for (const r of c.rows) {
    assert.ok(r.steps >= 1 && r.trainSeconds >= 3 && r.samplesPerSecond > 0, JSON.stringify(r));
    assert.ok(Number.isFinite(r.metrics.modes_covered) && Number.isFinite(r.metrics.high_quality), JSON.stringify(r.metrics));
    assert.ok(existsSync(join(out, r.family, 'eval.json')) && existsSync(join(out, r.family, 'report.html')), r.family);
  }
  const md = comparisonMarkdown(c).trim().split('\n');
  assert.equal(md.length, 2 + 4);
  assert.match(md[0], /\| family \| model \| steps \| train s \| samples\/s \| modes_covered \| high_quality \|/);
  const html = comparisonHtml(c);
  assert.equal(html.match(/<img /g)?.length, 4);
});
