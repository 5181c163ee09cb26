// The README's library example, through src/index.ts alone: a short ring run, its exported
// generator loaded back and sampled, and its evaluation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateRun, loadConfig, loadGenerator, Rng, sampleModel, train, useBackend } from '../../src/index.ts';

test('the public API trains, samples and evaluates as the README shows', async () => {
  await useBackend();
  const config = loadConfig('ring2d', { steps: 60 });
  const { dir, step } = await train({ ...config, output: { ...config.output, checkpointEvery: 60 } }, { out: join(mkdtempSync(join(tmpdir(), 'ganforge-api-')), 'ring') });
  assert.equal(step, 60);
  const generator = await loadGenerator(dir.model);
  const points = sampleModel(generator, 1000, new Rng(0));
  assert.equal(points.length, 1000 * 2);
  assert.ok(points.every(Number.isFinite));
  const { result } = await evaluateRun(dir.root, { samples: 500 });
  assert.equal(result.step, 60);
  assert.ok(result.toy && Number.isInteger(result.toy.modes_covered) && result.toy.high_quality >= 0, JSON.stringify(result.toy));
});
