import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kolmogorovSurvival, ksTest } from '../../src/eval/ks_test.ts';
import { Rng } from '../../src/random/prng.ts';

test('the KS statistic of a small sample, by hand', () => {
  const r = ksTest([0.9, 0.1, 0.5], (x) => x);
  assert.ok(Math.abs(r.statistic - 0.7 / 3) < 1e-12, String(r.statistic));
});

test("Kolmogorov's distribution at its classic critical values", () => {
  assert.ok(Math.abs(kolmogorovSurvival(1.3581) - 0.05) < 1e-4);
  assert.ok(Math.abs(kolmogorovSurvival(1.6276) - 0.01) < 1e-4);
  assert.equal(kolmogorovSurvival(0), 1);
});

test('p-values are uniform under the null: 5% of 400 tests fall below 0.05, within binomial bounds', () => {
  const rng = new Rng(3);
  let below = 0;
  const trials = 400;
  for (let t = 0; t < trials; t++) if (ksTest(rng.fill(50, (r) => r.uniform()), (x) => x).pValue < 0.05) below++;
  const sd = Math.sqrt(trials * 0.05 * 0.95);
  assert.ok(Math.abs(below - trials * 0.05) < 4 * sd, `${below} of ${trials}`);
});
