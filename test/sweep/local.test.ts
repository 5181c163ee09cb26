// `ganforge sweep` on this machine: every point trained and evaluated once as its own run, the
// settings ranked over their seeds, and --resume finishing only what is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweepLocally } from '../../src/sweep/local_runner.ts';
import { validateSweepSpec } from '../../src/sweep/spec.ts';

const spec = validateSweepSpec({
  name: 'losses',
  base: 'ring2d',
  fixed: { 'train.steps': 40, 'output.checkpointEvery': 40, 'output.sampleEvery': 40 },
  axes: { 'loss.type': ['non-saturating', 'least-squares'], seed: [0, 1] },
  metric: { name: 'high_quality', goal: 'max' },
}, 'test');

test('a local sweep trains and evaluates each point once, ranks the settings, and --resume does only what is missing', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ganforge-sweep-')), 'losses');
  const options = { out, parallel: 2, threads: 1, resume: false, samples: 500 };
  const first = await runSweepLocally(spec, options);
  assert.equal(first.started, 4);
  assert.deepEqual(first.results.map((r) => r.status), ['done', 'done', 'done', 'done'], JSON.stringify(first.results));
  for (const r of first.results) {
    const evaluation = JSON.parse(readFileSync(join(out, r.id, 'eval.json'), 'utf8'));
    assert.equal(evaluation.step, 40);
    assert.equal(evaluation.toy.high_quality, r.metric);
    // The point's config is an ordinary run's config with the point's values.
    const config = JSON.parse(readFileSync(join(out, r.id, 'config.json'), 'utf8'));
    assert.equal(config.loss.type, r.values['loss.type']);
    assert.equal(config.seed, r.values.seed);
    assert.equal(config.train.steps, 40);
  }
  // Two settings, each over its two seeds, best first.
  assert.equal(first.rows.length, 2);
  assert.ok(first.rows.every((row) => row.n === 2));
  assert.ok(first.rows[0].mean >= first.rows[1].mean);
  const metrics = first.results.filter((r) => r.values['loss.type'] === first.rows[0].values['loss.type']).map((r) => r.metric!);
  assert.ok(Math.abs(first.rows[0].mean - (metrics[0] + metrics[1]) / 2) < 1e-12);
  const saved = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
  assert.equal(saved.points.length, 4);
  assert.match(readFileSync(join(out, 'sweep.md'), 'utf8'), /\| 1 \| (non-saturating|least-squares) \| [\d.]+ \| [\d.e+-]+ \| 2 \|/);

  await assert.rejects(runSweepLocally(spec, options), /already holds points of a sweep; finish it with --resume/);
  const again = await runSweepLocally(spec, { ...options, resume: true });
  assert.equal(again.started, 0, 'finished points are not run again');
  assert.deepEqual(again.rows, first.rows);

  // A point whose evaluation is missing is finished from its run alone.
  const lost = first.results[3].id;
  rmSync(join(out, lost, 'eval.json'));
  const finished = await runSweepLocally(spec, { ...options, resume: true });
  assert.equal(finished.started, 1);
  assert.ok(existsSync(join(out, lost, 'eval.json')));
  assert.deepEqual(finished.rows, first.rows);
});
