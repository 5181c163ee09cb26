// Each sampler is checked with a Kolmogorov-Smirnov test against its target at a fixed seed:
// the sample passes at the 1% level, and the same test rejects a wrong target.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ksTest } from '../../src/eval/ks_test.ts';
import { BIMODAL, cauchy, exponential, normal, uniform } from '../../src/random/distributions.ts';
import { Rng } from '../../src/random/prng.ts';
import { inverseTransformSample, logPdf, metropolisHastings, rejectionSample } from '../../src/random/samplers.ts';

const targets = [uniform(-1, 3), normal(1, 2), exponential(1.5), cauchy(-1, 0.5), BIMODAL()];

test('inverse transform sampling: every target passes a KS test, and uniforms map through the quantile', () => {
  for (const [i, d] of targets.entries()) {
    const { samples, uniforms } = inverseTransformSample(d, 4000, new Rng(10 + i));
    const ks = ksTest(samples, d.cdf);
    assert.ok(ks.pValue > 0.01, `${d.name}: D = ${ks.statistic}, p = ${ks.pValue}`);
    assert.ok(ksTest(uniforms, (u) => u).pValue > 0.01, 'the uniforms are uniform');
    assert.equal(samples[7], d.quantile(uniforms[7]));
  }
  // Power: normal samples are told apart from a Cauchy of the same centre and quartiles.
  const { samples } = inverseTransformSample(normal(), 4000, new Rng(1));
  assert.ok(ksTest(samples, cauchy(0, 0.6745).cdf).pValue < 1e-6);
});

test('rejection sampling: KS passes, and the acceptance rate is 1/m within binomial bounds', () => {
  for (const [i, d] of targets.entries()) {
    const r = rejectionSample(d, 4000, new Rng(20 + i));
    const ks = ksTest(r.samples, d.cdf);
    assert.ok(ks.pValue > 0.01, `${d.name}: D = ${ks.statistic}, p = ${ks.pValue}`);
    assert.ok(r.worstRatio <= 1, `${d.name}: the envelope covers the target (${r.worstRatio})`);
    // accepted ~ Binomial(proposed, 1/m): 4 standard deviations.
    const expected = r.proposed / r.m;
    const sd = Math.sqrt(r.proposed * (1 / r.m) * (1 - 1 / r.m));
    assert.ok(Math.abs(4000 - expected) < 4 * sd + 1, `${d.name}: accepted 4000 of ${r.proposed}, m = ${r.m}`);
  }
});

test('rejection sampling with a too small envelope is reported, and a light-tailed proposal is refused', () => {
  const r = rejectionSample(normal(), 2000, new Rng(5), { proposal: normal(0, 2), m: 1 });
  assert.ok(r.worstRatio > 1.5, `ratio ${r.worstRatio}`);
  assert.ok(ksTest(r.samples, normal().cdf).pValue < 1e-6, 'and the sample is biased');
  assert.throws(() => rejectionSample(cauchy(), 10, new Rng(5), { proposal: normal(0, 1) }), /cannot cover cauchy\(0, 1\)/);
});

test('Metropolis-Hastings: thinned chains pass a KS test for a normal and the bimodal mixture', () => {
  for (const [d, step, seed] of [[normal(1, 2), 4, 30], [BIMODAL(), 3, 31]] as const) {
    const r = metropolisHastings(logPdf(d), new Rng(seed), { n: 2000, burnIn: 2000, thin: 25, stepSize: step, start: 0 });
    assert.equal(r.chain.length, 2000 + 2000 * 25);
    assert.equal(r.samples[1999], r.chain[r.chain.length - 1]);
    assert.ok(r.acceptanceRate > 0.2 && r.acceptanceRate < 0.8, `acceptance ${r.acceptanceRate}`);
    const ks = ksTest(r.samples, d.cdf);
    assert.ok(ks.pValue > 0.01, `${d.name}: D = ${ks.statistic}, p = ${ks.pValue}`);
  }
  // An unnormalised density gives the same chain: only ratios matter.
  const a = metropolisHastings(logPdf(normal()), new Rng(7), { n: 50 });
  const b = metropolisHastings((x) => logPdf(normal())(x) + 12.3, new Rng(7), { n: 50 });
  assert.deepEqual(a.samples, b.samples);
  assert.throws(() => metropolisHastings(logPdf(exponential()), new Rng(1), { n: 5, start: -1 }), /start -1 has zero density/);
});
