// The toy-data metrics on cases whose answer is known.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toyDistribution } from '../../src/data/toy.ts';
import { curves1d, grid1d, jsDivergence, kde1d, klDivergence, metrics1d, modeCoverage, wasserstein1 } from '../../src/eval/toy_metrics.ts';
import { BIMODAL, centralRange, normal } from '../../src/random/distributions.ts';
import { Rng } from '../../src/random/prng.ts';
import { inverseTransformSample } from '../../src/random/samplers.ts';

test('divergences of exact densities: KL and JSD of two normals in closed form', () => {
  const g = grid1d([-12, 12], 4000);
  const p = Float64Array.from(g.x, (x) => normal(0, 1).pdf(x));
  const q = Float64Array.from(g.x, (x) => normal(1, 2).pdf(x));
  // KL(N(0,1) || N(1,2)) = log 2 + (1 + 1) / 8 - 1/2
  assert.ok(Math.abs(klDivergence(p, q, g) - (Math.log(2) + 2 / 8 - 0.5)) < 1e-6);
  assert.ok(Math.abs(jsDivergence(p, p, g)) < 1e-12);
  const far = Float64Array.from(g.x, (x) => normal(10, 0.5).pdf(x));
  assert.ok(Math.abs(jsDivergence(p, far, g) - Math.log(2)) < 1e-3, 'disjoint supports: log 2');
});

test('the KDE of a large sample is close to the density; W1 of a shifted sample is the shift', () => {
  const d = BIMODAL();
  const { samples } = inverseTransformSample(d, 20000, new Rng(1));
  const c = curves1d(d, samples, centralRange(d, 1e-4));
  const m = metrics1d(d, samples, c);
  assert.ok(m.jsd < 0.003 && m.kl < 0.01, JSON.stringify(m));
  assert.ok(m.w1 < 4 / Math.sqrt(20000), `W1 of the sample itself ${m.w1}`);
  const shifted = samples.map((v) => v + 0.5);
  assert.ok(Math.abs(wasserstein1(d, shifted) - 0.5) < 4 / Math.sqrt(20000));
  const kde = kde1d(samples, c.grid);
  assert.ok(Math.abs(kde.reduce((a, b) => a + b, 0) * c.grid.h - 1) < 0.01, 'the KDE integrates to 1');
});

test('a discriminator equal to D* has no D* error, and then V(G, D) reaches -log 4 + 2 JSD', () => {
  const d = normal(0, 1);
  const g = normal(0.7, 1.3);
  const { samples } = inverseTransformSample(g, 20000, new Rng(2));
  const { samples: real } = inverseTransformSample(d, 20000, new Rng(3));
  const c = curves1d(d, samples, [-8, 8]);
  const dOpt = (x: number) => d.pdf(x) / (d.pdf(x) + g.pdf(x));
  const m = metrics1d(d, samples, c, { grid: c.dStar, real: real.map(dOpt), fake: samples.map(dOpt) });
  assert.ok(m.dStarError! < 1e-12);
  // V at the optimum equals -log 4 + 2 JSD (with the exact JSD; the KDE's is close).
  const exact = jsDivergence(Float64Array.from(c.grid.x, d.pdf), Float64Array.from(c.grid.x, g.pdf), c.grid);
  assert.ok(Math.abs(m.value! - (-Math.log(4) + 2 * exact)) < 0.01, `${m.value} vs ${-Math.log(4) + 2 * exact}`);
  const half = metrics1d(d, samples, c, { grid: c.dStar.map(() => 0.5), real: real.map(() => 0.5), fake: samples.map(() => 0.5) });
  assert.ok(Math.abs(half.value! + Math.log(4)) < 1e-9, 'D = 1/2 gives -log 4');
  assert.ok(half.dStarError! > 0.1);
});

test('mode coverage: the true ring covers 8 of 8 with 98.9% high quality; a collapsed set misses modes', () => {
  const ring = toyDistribution('ring');
  const { x, labels } = ring.sample(2500, new Rng(4));
  const all = modeCoverage(x, ring.modes!);
  assert.equal(all.modesCovered, 8);
  // P(r < 3 std) for a round 2-D Gaussian is 1 - exp(-9/2) = 0.98889; binomial bounds.
  assert.ok(Math.abs(all.highQuality - 0.98889) < 4 * Math.sqrt(0.98889 * 0.01111 / 2500), String(all.highQuality));
  const collapsed = x.filter((_, i) => labels[Math.floor(i / 2)] < 3);
  const three = modeCoverage(collapsed, ring.modes!);
  assert.equal(three.modesCovered, 3);
  assert.deepEqual(three.counts.slice(3), [0, 0, 0, 0, 0]);
  const grid = toyDistribution('grid');
  const spread = Float64Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? (i % 7) - 3 : ((i * 13) % 9) - 4) * 0.5 + 0.5);
  assert.ok(modeCoverage(spread, grid.modes!).highQuality < 0.2, 'points off the modes are not high quality');
});
