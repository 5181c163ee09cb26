// The sweep file and its points: grids are every combination, random draws are seeded and within
// their ranges, each point is the base config with its values, and bad input gets one sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandPoints, pointValues } from '../../src/sweep/points.ts';
import { validateSweepSpec } from '../../src/sweep/spec.ts';

const losses = ['minimax', 'non-saturating', 'hinge'];

test('a grid is every combination of the axes, each point the base preset with its values', () => {
  const spec = validateSweepSpec({ name: 'l', base: 'ring2d', axes: { 'loss.type': losses, seed: [0, 1] }, metric: { name: 'high_quality', goal: 'max' } }, 'test');
  const points = expandPoints(spec);
  assert.equal(points.length, 6);
  assert.deepEqual(points.map((p) => [p.config.loss.type, p.config.seed]), losses.flatMap((l) => [[l, 0], [l, 1]]));
  assert.equal(points[0].id, 'loss.type-minimax_seed-0');
  assert.equal(points[0].config.name, points[0].id);
  // Everything else is the preset's.
  assert.equal(points[3].config.train.dLr, 0.002);
  assert.equal(points[3].config.model.architecture, 'mlp');
});

test('a grid range is evenly spaced (log spaced with scale log); random search draws the same points for the same seed', () => {
  const base = { name: 'r', base: 'ring2d', metric: { name: 'high_quality', goal: 'max' } };
  const grid = pointValues(validateSweepSpec({ ...base, axes: { 'train.gLr': { min: 1e-4, max: 1e-2, count: 3, scale: 'log' } } }, 't'));
  assert.deepEqual(grid.map((p) => p['train.gLr']), [1e-4, 1e-3, 1e-2]);
  const random = { ...base, axes: { 'train.gLr': { min: 1e-4, max: 1e-2, scale: 'log' }, seed: [0, 1, 2] }, search: { type: 'random', count: 20, seed: 3 } };
  const a = pointValues(validateSweepSpec(random, 't')), b = pointValues(validateSweepSpec(random, 't'));
  assert.deepEqual(a, b);
  assert.equal(a.length, 20);
  assert.ok(a.every((p) => (p['train.gLr'] as number) >= 1e-4 && (p['train.gLr'] as number) <= 1e-2));
  assert.equal(new Set(a.map((p) => p.seed)).size, 3);
});

test('a bad sweep file or a value the config refuses gets one sentence naming the field', () => {
  const ok = { name: 'b', base: 'ring2d', axes: { seed: [0] }, metric: { name: 'fid', goal: 'min' } };
  assert.throws(() => validateSweepSpec({ ...ok, metric: { name: 'fid', goal: 'lowest' } }, 'sweep.json'), /^Error: sweep\.json: field metric\.goal is invalid: .*; change it in the sweep file\.$/);
  assert.throws(() => validateSweepSpec({ ...ok, axes: { 'train.gLr': { min: 1, max: 2 } } }, 'sweep.json'), /field axes\.train\.gLr\.count is invalid: a grid needs a count/);
  assert.throws(() => validateSweepSpec({ ...ok, extra: 1 }, 'sweep.json'), /unknown field "extra"/);
  assert.throws(() => expandPoints(validateSweepSpec({ ...ok, axes: { 'loss.type': ['softmax'] } }, 't')), /at sweep point loss\.type-softmax: field loss\.type is invalid/);
});
