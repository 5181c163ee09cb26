// `ganforge random` end to end: the figure, the samples file, the printed KS test, and bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ksTest } from '../../src/eval/ks_test.ts';
import { exponential } from '../../src/random/distributions.ts';
import { decodeNpy, decodePng } from '../../src/viz/index.ts';

const ganforge = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });

test('each method writes its figure and samples that pass a KS test against the target', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-random-'));
  for (const method of ['inverse-transform', 'rejection', 'metropolis-hastings']) {
    const png = join(dir, `${method}.png`);
    const npy = join(dir, `${method}.npy`);
    const r = ganforge('random', method, 'exponential(2)', '--n', '3000', '--seed', '4', '--out', png, '--samples', npy);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Kolmogorov-Smirnov against the target: D = 0\.\d+, p = /);
    const img = await decodePng(readFileSync(png));
    const panels = method === 'inverse-transform' ? 3 : 2;
    assert.ok(img.width > panels * 360 && img.height > 260, `${img.width} x ${img.height}`);
    const { shape, data } = decodeNpy(readFileSync(npy));
    assert.deepEqual(shape, [3000, 1]);
    assert.ok(ksTest(data, exponential(2).cdf).pValue > 0.01, method);
  }
});

test('bad input is refused in one sentence that names it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-random-'));
  const cases: Array<[string[], RegExp]> = [
    [['random', 'gibbs', 'normal', '--out', join(dir, 'a.png')], /"gibbs" is not a sampling method; use one of inverse-transform, rejection, metropolis-hastings/],
    [['random', 'rejection', 'weibull', '--out', join(dir, 'a.png')], /"weibull" is not a known distribution/],
    [['random', 'rejection', 'cauchy', '--proposal', 'normal', '--out', join(dir, 'a.png')], /cannot cover cauchy\(0, 1\)/],
    [['random', 'metropolis-hastings', 'normal', '--step', '-1', '--out', join(dir, 'a.png')], /--step must be a positive number/],
    [['random', 'inverse-transform', 'normal', '--out', join(dir, 'a.jpg')], /give a \.png file name/],
  ];
  for (const [args, message] of cases) {
    const r = ganforge(...args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, message);
  }
});
