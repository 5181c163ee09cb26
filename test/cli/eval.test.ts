// `ganforge eval` end to end on tiny runs: a conditional MNIST run (image metrics, memorisation,
// the wrong-label experiment, history curves) and a 1-D toy run (exact metrics); bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';

before(async () => {
  process.env.GANFORGE_CACHE ??= mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
  await useBackend();
});

const ganforge = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', env: process.env });
const tmp = () => mkdtempSync(join(tmpdir(), 'ganforge-eval-'));

test('a conditional MNIST run: eval.json, report.html, and the history written while training', async () => {
  const out = tmp();
  await train(validateConfig({
    name: 'tiny-cgan', seed: 3,
    data: { source: 'mnist', limit: 1000 },
    model: { architecture: 'mlp', conditional: true, latent: { dim: 16 }, generator: { hidden: [64] }, discriminator: { hidden: [64] } },
    train: { steps: 40, batchSize: 32 },
    output: { sampleEvery: 10, checkpointEvery: 20, gridCount: 20 },
  }, 'test'), { out });
  // Quality snapshots at the start and at each checkpoint.
  const history = new RunDir(out).readEvaluation();
  assert.deepEqual(history.map((r) => r.step), [0, 20, 40]);
  for (const r of history) assert.ok(Number.isFinite(r.fid) && r.fid > 0 && r.label_accuracy >= 0 && r.label_accuracy <= 1, JSON.stringify(r));
  assert.ok(existsSync(join(out, 'plots', 'fid.png')));

  const r = ganforge('eval', out, '--samples', '300', '--json');
  assert.equal(r.status, 0, r.stderr);
  const printed = JSON.parse(r.stdout);
  const saved = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
  assert.deepEqual(printed, saved);
  assert.equal(saved.step, 40);
  const q = saved.quality;
  for (const k of ['fid', 'kid', 'kid_std', 'precision', 'recall', 'density', 'coverage', 'inception_score', 'class_kl', 'mean_max_prob', 'label_accuracy']) {
    assert.ok(Number.isFinite(q[k]), `${k} = ${q[k]}`);
  }
  assert.ok(q.inception_score >= 1 && q.inception_score <= 10 && q.precision >= 0 && q.precision <= 1);
  // The real reference: held-out digits are confidently and evenly classified.
  assert.equal(saved.realReference.images, 1501);
  assert.ok(saved.realReference.inception_score > 8 && saved.realReference.mean_max_prob > 0.9, JSON.stringify(saved.realReference));
  assert.equal(saved.classHistogram.counts.reduce((a: number, b: number) => a + b, 0), 300);
  assert.ok(saved.memorisation.median_generated > 0 && Number.isFinite(saved.memorisation.ratio));
  assert.equal(saved.memorisation.rows.length, 10);
  assert.equal(saved.wrongLabel.count, 1501);
  assert.ok(saved.wrongLabel.trueBest >= 0 && saved.wrongLabel.trueBest <= 1);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  for (const part of ['Sample quality', 'History', 'Memorisation', 'The wrong-label experiment', '<svg', 'data:image/png;base64,']) assert.ok(html.includes(part), part);
  assert.ok(!/<script|https?:\/\/(?!www\.w3\.org)/.test(html), 'the page is self-contained');
});

test('a toy run: exact metrics against the density', async () => {
  const out = tmp();
  const r0 = ganforge('train', 'gauss1d', '--steps', '30', '--out', out);
  assert.equal(r0.status, 0, r0.stderr);
  const r = ganforge('eval', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const saved = JSON.parse(r.stdout);
  assert.ok(saved.toy.jsd > 0 && saved.toy.jsd < Math.log(2) && Number.isFinite(saved.toy.w1), JSON.stringify(saved.toy));
  assert.equal(saved.quality, undefined);
  assert.ok(readFileSync(join(out, 'report.html'), 'utf8').includes('Against the true density'));
});

test('bad input is refused in one sentence', () => {
  const empty = tmp();
  const r = ganforge('eval', empty);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /is not a ganforge run directory \(no config\.json\); pass the folder a training run wrote\./);
  const s = ganforge('eval', empty, '--samples', '3');
  assert.equal(s.status, 1);
  assert.match(s.stderr, /evaluation needs at least 10 samples, not 3; raise --samples\./);
});
