// Toy data: each exact density integrates to 1, and samples fall into cells as often as the
// density says (binomial bounds); the datasets are scaled into [-1, 1] by their box.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ksTest } from '../../src/eval/ks_test.ts';
import { loadDataset } from '../../src/data/spec.ts';
import { fromUnitRange } from '../../src/data/dataset.ts';
import { toyDistribution } from '../../src/data/toy.ts';
import { TOY_NAMES, type ToyName } from '../../src/data/schema.ts';
import { Rng } from '../../src/random/prng.ts';

test('1-D toys: samples pass a KS test against their distribution, and it can be replaced', () => {
  for (const [name, seed] of [['gaussian1d', 1], ['bimodal1d', 2]] as const) {
    const toy = toyDistribution(name);
    const { x } = toy.sample(5000, new Rng(seed));
    assert.ok(ksTest(x, toy.distribution1d!.cdf).pValue > 0.01, name);
  }
  assert.equal(toyDistribution('gaussian1d', 'normal(-3, 2)').name, 'normal(-3, 2)');
  assert.throws(() => toyDistribution('ring', 'normal'), /"ring" is 2-D and takes no "distribution"/);
});

test('2-D toys: the density integrates to 1 over the box, and cell frequencies match it', () => {
  for (const name of ['ring', 'grid', 'spiral', 'moons'] as ToyName[]) {
    const toy = toyDistribution(name);
    const [lo, hi] = [toy.box.min[0], toy.box.max[0]];
    // Integrate on a grid 4x finer than the noise, per coarse cell of 8 x 8.
    const std = toy.modes?.std ?? (name === 'spiral' ? 0.05 : 0.1);
    const fine = Math.ceil((hi - lo) / (std / 4) / 8) * 8;
    const h = (hi - lo) / fine;
    const coarse = 8;
    const mass = new Float64Array(coarse * coarse);
    for (let i = 0; i < fine; i++) {
      for (let j = 0; j < fine; j++) {
        const p = toy.density([lo + (i + 0.5) * h, lo + (j + 0.5) * h]) * h * h;
        mass[Math.floor((i * coarse) / fine) * coarse + Math.floor((j * coarse) / fine)] += p;
      }
    }
    const total = mass.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 2e-3, `${name}: integral ${total}`);
    const n = 20000;
    const { x } = toy.sample(n, new Rng(5));
    const counts = new Float64Array(coarse * coarse);
    for (let k = 0; k < n; k++) {
      const ci = Math.floor(((x[2 * k] - lo) / (hi - lo)) * coarse), cj = Math.floor(((x[2 * k + 1] - lo) / (hi - lo)) * coarse);
      counts[ci * coarse + cj]++;
    }
    for (let c = 0; c < counts.length; c++) {
      const expected = n * mass[c];
      assert.ok(Math.abs(counts[c] - expected) < 5 * Math.sqrt(expected * (1 - mass[c])) + 2, `${name} cell ${c}: ${counts[c]} vs ${expected.toFixed(1)}`);
    }
  }
});

test('toy datasets are scaled into [-1, 1] by their box, which maps back to data units', async () => {
  for (const name of TOY_NAMES) {
    const d = await loadDataset({ source: 'toy', name, count: 2000 });
    assert.equal(d.count, 2000);
    assert.deepEqual(d.shape, [toyDistribution(name).dim]);
    assert.ok(d.x.every((v) => v >= -1 && v <= 1), name);
  }
  const ring = await loadDataset({ source: 'toy', name: 'ring', count: 1000 });
  const back = fromUnitRange(ring.x, ring.valueRange!);
  for (let i = 0; i < 1000; i++) assert.ok(Math.abs(Math.hypot(back[2 * i], back[2 * i + 1]) - 2) < 0.02 * 5);
  assert.equal(ring.labelNames!.length, 8);
  const { centers } = toyDistribution('ring').modes!;
  assert.ok(ring.labels!.every((l, i) => Math.hypot(back[2 * i] - centers[l][0], back[2 * i + 1] - centers[l][1]) < 0.02 * 5), 'each label is its mode');
  await assert.rejects(loadDataset({ source: 'toy', name: 'circle' } as never), /name/);
});
