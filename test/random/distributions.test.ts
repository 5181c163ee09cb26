import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BIMODAL, cauchy, centralRange, exponential, gaussianMixture, normal, parseDistribution, uniform, type Distribution } from '../../src/random/distributions.ts';

const all: Distribution[] = [uniform(-1, 3), normal(1, 2), exponential(1.5), cauchy(-1, 0.5), BIMODAL(),
  gaussianMixture([{ weight: 1, mean: 0, std: 0.02 }, { weight: 3, mean: 0.5, std: 1 }])];

test('textbook values of the normal, exponential and Cauchy distributions', () => {
  const n = normal();
  assert.ok(Math.abs(n.cdf(1.96) - 0.9750021048517795) < 1e-15);
  assert.ok(Math.abs(n.quantile(0.975) - 1.959963984540054) < 1e-12);
  assert.ok(Math.abs(n.cdf(-10) - 7.619853024160527e-24) / 7.6e-24 < 1e-10, 'full relative precision in the far tail');
  assert.ok(Math.abs(n.pdf(0) - 0.3989422804014327) < 1e-15);
  assert.ok(Math.abs(exponential(2).cdf(1) - (1 - Math.exp(-2))) < 1e-15);
  assert.equal(exponential(2).quantile(0.5), Math.LN2 / 2);
  assert.ok(Math.abs(cauchy(0, 1).cdf(1) - 0.75) < 1e-15);
  assert.equal(uniform(2, 4).quantile(0.25), 2.5);
});

test('each quantile inverts its cdf, and each cdf is the integral of its density', () => {
  for (const d of all) {
    for (const p of [1e-6, 0.01, 0.2, 0.5, 0.77, 0.999]) {
      assert.ok(Math.abs(d.cdf(d.quantile(p)) - p) < 1e-9, `${d.name} at p=${p}`);
    }
    // Simpson's rule over the central range against the cdf's increase.
    const [a, b] = centralRange(d, 0.01);
    const k = 20000;
    const h = (b - a) / k;
    let s = d.pdf(a) + d.pdf(b);
    for (let i = 1; i < k; i++) s += (i % 2 ? 4 : 2) * d.pdf(a + i * h);
    assert.ok(Math.abs((s * h) / 3 - (d.cdf(b) - d.cdf(a))) < 1e-6, d.name);
  }
});

test('distributions are read from text, and bad text is named with the fix', () => {
  assert.equal(parseDistribution('normal').name, 'normal(0, 1)');
  assert.equal(parseDistribution('Normal( -1, 0.5 )').name, 'normal(-1, 0.5)');
  assert.equal(parseDistribution('exponential(2)').name, 'exponential(2)');
  for (const d of all) assert.equal(parseDistribution(d.name).name, d.name, 'names read back');
  const m = parseDistribution('mixture(1*normal(-1, 0.3) + 3*normal(1, 0.3))');
  const tail = normal().cdf(-1 / 0.3);
  assert.ok(Math.abs(m.cdf(0) - (0.25 * (1 - tail) + 0.75 * tail)) < 1e-15);
  assert.throws(() => parseDistribution('poisson(3)'), /"poisson" is not a known distribution; write e\.g\./);
  assert.throws(() => parseDistribution('normal(0, 1, 2)'), /use normal\(mean, std\)/);
  assert.throws(() => parseDistribution('normal(0, -1)'), /standard deviation .* must be a positive/);
  assert.throws(() => parseDistribution('mixture(0.5*cauchy(0, 1))'), /weight\*normal\(mean, std\)/);
});
