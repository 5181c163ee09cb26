// The memorisation check: nearest neighbours against brute force, and the verdict on a copying
// generator and on one that draws new samples of the data's distribution.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBackend } from '../../src/engine/backend.ts';
import { memorisationCheck, memorisationRows, nearestNeighbours } from '../../src/eval/memorisation.ts';
import { Rng } from '../../src/random/prng.ts';

await useBackend();

const gaussian = (n: number, dim: number, rng: Rng) => rng.fill(n * dim, (r) => r.normal());

test('nearest neighbours equal a brute-force search', () => {
  const rng = new Rng(1), dim = 7, k = 4;
  const q = gaussian(300, dim, rng), ref = gaussian(500, dim, rng);
  // Blocks of 64 queries so that several blocks and a partial one are exercised.
  const nn = nearestNeighbours(q, ref, dim, k, 64);
  for (let i = 0; i < 300; i++) {
    const d = Array.from({ length: 500 }, (_, j) => {
      let s = 0;
      for (let c = 0; c < dim; c++) s += (q[i * dim + c] - ref[j * dim + c]) ** 2;
      return [Math.sqrt(s), j] as const;
    }).sort((a, b) => a[0] - b[0]);
    for (let r = 0; r < k; r++) {
      assert.equal(nn.index[i * k + r], d[r][1], `query ${i}, rank ${r}`);
      assert.ok(Math.abs(nn.distance[i * k + r] - d[r][0]) < 1e-4 * (1 + d[r][0]));
    }
  }
});

test('a generator that copies training images is caught; one that draws new samples is not', () => {
  const rng = new Rng(2), dim = 16, n = 1000;
  const train = gaussian(4000, dim, rng), heldOut = gaussian(n, dim, rng), fresh = gaussian(n, dim, rng);
  // Copies: training images with a little noise.
  const copies = Float32Array.from({ length: n * dim }, (_, i) => train[i] + 0.01 * rng.normal());
  const copying = memorisationCheck(copies, train, heldOut, dim);
  assert.ok(copying.ratio < 0.05, `ratio ${copying.ratio}`);
  assert.equal(copying.nearCopies, 1);
  const honest = memorisationCheck(fresh, train, heldOut, dim);
  // Same distribution as the held-out set: the ratio of medians is ~1 (each median of 1000 has a
  // relative standard error of a few percent), and near copies ~ Binomial(1000, 0.01) / 1000,
  // whose mean plus four standard deviations is 0.0226 (the threshold's own error adds a little).
  assert.ok(Math.abs(honest.ratio - 1) < 0.08, `ratio ${honest.ratio}`);
  assert.ok(honest.nearCopies < 0.03, `near copies ${honest.nearCopies}`);
  const rows = memorisationRows(copying, 5, 5);
  assert.equal(rows.length, 10);
  for (let i = 1; i < 5; i++) assert.ok(rows[i][1] >= rows[i - 1][1], 'the closest rows come first, nearest first');
  // Without held-out images only the generated side is measured.
  const alone = memorisationCheck(fresh, train, null, dim);
  assert.ok(Number.isNaN(alone.ratio) && alone.heldOutDistances === null && alone.medianGenerated > 0);
});

test('bad input is named', () => {
  assert.throws(() => nearestNeighbours(new Float32Array(10), new Float32Array(12), 4, 1), /not multiples of the dimension 4/);
  assert.throws(() => nearestNeighbours(new Float32Array(8), new Float32Array(8), 4, 3), /k = 3 needs 1 to 2 reference rows/);
});
