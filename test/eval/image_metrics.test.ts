// Sample-quality metrics on classifier features and probabilities, on cases whose answer is known:
// closed forms built from exact sample statistics, brute-force formulas on small sets, and
// mode-dropping cases with tolerances from the sample size.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  classHistogram, densityCoverage, featureStatistics, frechetDistance, inceptionScore, kernelInceptionDistance,
  klToUniform, labelAccuracy, missingClasses, precisionRecall, type FeatureMatrix,
} from '../../src/eval/image_metrics.ts';
import { Rng } from '../../src/random/prng.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function gaussian(rng: Rng, n: number, dim: number, mean = 0, std = 1): FeatureMatrix {
  return { data: Float64Array.from({ length: n * dim }, () => mean + std * rng.normal()), n, dim };
}

/** n × d with zero-mean, orthonormal columns (modified Gram-Schmidt on centred random columns). */
function orthonormalColumns(rng: Rng, n: number, d: number): Float64Array[] {
  const cols: Float64Array[] = [];
  for (let c = 0; c < d; c++) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    const m = v.reduce((a, b) => a + b) / n;
    for (let i = 0; i < n; i++) v[i] -= m;
    for (const u of cols) {
      let p = 0;
      for (let i = 0; i < n; i++) p += u[i] * v[i];
      for (let i = 0; i < n; i++) v[i] -= p * u[i];
    }
    const norm = Math.sqrt(v.reduce((a, b) => a + b * b, 0));
    for (let i = 0; i < n; i++) v[i] /= norm;
    cols.push(v);
  }
  return cols;
}

/**
 * n points whose sample mean is exactly `mean` and whose unbiased sample covariance is exactly
 * Q diag(variances) Q^T (Q orthogonal d × d, row-major; identity when omitted), up to rounding.
 */
function exactSample(rng: Rng, n: number, mean: number[], variances: number[], q?: Float64Array): FeatureMatrix {
  const d = mean.length;
  const z = orthonormalColumns(rng, n, d);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      let s = mean[a];
      for (let c = 0; c < d; c++) s += (q ? q[a * d + c] : a === c ? 1 : 0) * z[c][i] * Math.sqrt((n - 1) * variances[c]);
      data[i * d + a] = s;
    }
  }
  return { data, n, dim: d };
}

/** Sample mean and unbiased covariance by the textbook formula, independent of the module. */
function naiveStats(x: FeatureMatrix): { mean: number[]; cov: number[][] } {
  const { n, dim: d, data } = x;
  const mean = Array.from({ length: d }, (_, a) => { let s = 0; for (let i = 0; i < n; i++) s += data[i * d + a]; return s / n; });
  const cov = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (data[i * d + a] - mean[a]) * (data[i * d + b] - mean[b]);
    return s / (n - 1);
  }));
  return { mean, cov };
}

test('FID of identical sets is 0, also from cached statistics and with a singular covariance (n < dim)', () => {
  const rng = new Rng(1);
  const x = gaussian(rng, 1000, 32);
  for (let i = 0; i < x.data.length; i++) x.data[i] = Math.max(0, x.data[i]); // ReLU-like features
  const scale = featureStatistics(x).cov.reduce((s, v, i) => (i % 33 === 0 ? s + v : s), 0); // tr S
  assert.ok(Math.abs(frechetDistance(x, x)) < 1e-9 * scale, `${frechetDistance(x, x)}`);
  const stats = featureStatistics(x);
  assert.equal(frechetDistance(stats, x), frechetDistance(x, x));
  assert.equal(frechetDistance(x, stats), frechetDistance(stats, stats));
  const f32: FeatureMatrix = { data: Float32Array.from(x.data), n: x.n, dim: x.dim };
  assert.ok(Math.abs(frechetDistance(f32, f32)) < 1e-9 * scale);
  // 20 points in 64 dimensions: a rank-19 covariance, whose square root must not blow up.
  const few = gaussian(rng, 20, 64);
  const trace = featureStatistics(few).cov.reduce((s, v, i) => (i % 65 === 0 ? s + v : s), 0);
  assert.ok(Math.abs(frechetDistance(few, few)) < 1e-6 * trace, `${frechetDistance(few, few)} vs tr S ${trace}`);
});

test('FID of Gaussians with diagonal sample covariances equals the closed form', () => {
  const rng = new Rng(2);
  const d = 16;
  const mu1 = Array.from({ length: d }, () => rng.normal());
  const mu2 = Array.from({ length: d }, () => rng.normal() + 0.5);
  const v1 = Array.from({ length: d }, () => 0.2 + 3 * rng.uniform());
  const v2 = Array.from({ length: d }, () => 0.2 + 3 * rng.uniform());
  const a = exactSample(rng, 300, mu1, v1);
  const b = exactSample(rng, 500, mu2, v2);
  // The closed form from the sample statistics themselves (the construction makes the covariances diagonal).
  const sa = naiveStats(a), sb = naiveStats(b);
  let expected = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) if (i !== j) assert.ok(Math.abs(sa.cov[i][j]) < 1e-12 && Math.abs(sb.cov[i][j]) < 1e-12);
    const s1 = sa.cov[i][i], s2 = sb.cov[i][i];
    expected += (sa.mean[i] - sb.mean[i]) ** 2 + s1 + s2 - 2 * Math.sqrt(s1 * s2);
  }
  assert.ok(rel(frechetDistance(a, b), expected) < 1e-6, `${frechetDistance(a, b)} vs ${expected}`);
  assert.ok(rel(frechetDistance(b, a), expected) < 1e-6, 'symmetric');
});

test('FID with non-diagonal covariances: commuting ones in 8-D, and any pair in 2-D', () => {
  const rng = new Rng(3);
  const d = 8;
  // Q: a random rotation; S1 = Q diag(a) Q^T and S2 = Q diag(b) Q^T commute, so tr sqrt(S1 S2) = Σ sqrt(a b).
  const cols = orthonormalColumns(rng, d, d - 1); // d - 1 zero-mean orthonormal vectors in R^d ...
  const q = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d - 1; c++) q[r * d + c] = cols[c][r];
    q[r * d + d - 1] = 1 / Math.sqrt(d); // ... and the normalised ones vector completes the basis
  }
  const va = Array.from({ length: d }, () => 0.1 + 2 * rng.uniform());
  const vb = Array.from({ length: d }, () => 0.1 + 2 * rng.uniform());
  const ma = Array.from({ length: d }, () => rng.normal());
  const mb = Array.from({ length: d }, () => rng.normal());
  const a = exactSample(rng, 400, ma, va, q);
  const b = exactSample(rng, 250, mb, vb, q);
  assert.ok(Math.abs(naiveStats(a).cov[0][1]) > 1e-3, 'the covariance is not diagonal');
  let expected = 0;
  for (let i = 0; i < d; i++) expected += (ma[i] - mb[i]) ** 2 + va[i] + vb[i] - 2 * Math.sqrt(va[i] * vb[i]);
  assert.ok(rel(frechetDistance(a, b), expected) < 1e-6, `${frechetDistance(a, b)} vs ${expected}`);

  // 2-D, correlated and not commuting: tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)) for M = S1 S2.
  const corr = (n: number, r: number, sx: number, sy: number, mx: number): FeatureMatrix => {
    const data = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const u = rng.normal(), w = rng.normal();
      data[2 * i] = mx + sx * u;
      data[2 * i + 1] = sy * (r * u + Math.sqrt(1 - r * r) * w);
    }
    return { data, n, dim: 2 };
  };
  const x = corr(500, 0.8, 1, 2, 0), y = corr(700, -0.3, 0.5, 1.5, 1);
  const sx = naiveStats(x), sy = naiveStats(y);
  const [[a11, a12], [, a22]] = sx.cov, [[b11, b12], [, b22]] = sy.cov;
  const trM = a11 * b11 + 2 * a12 * b12 + a22 * b22;
  const detM = (a11 * a22 - a12 * a12) * (b11 * b22 - b12 * b12);
  const fid2 = (sx.mean[0] - sy.mean[0]) ** 2 + (sx.mean[1] - sy.mean[1]) ** 2 + a11 + a22 + b11 + b22 - 2 * Math.sqrt(trM + 2 * Math.sqrt(detM));
  assert.ok(rel(frechetDistance(x, y), fid2) < 1e-9, `${frechetDistance(x, y)} vs ${fid2}`);
});

test('FID of a set against itself shifted by s v is s^2 |v|^2', () => {
  const rng = new Rng(4);
  const x = gaussian(rng, 500, 16);
  const v = Array.from({ length: 16 }, () => rng.normal());
  const v2 = v.reduce((s, t) => s + t * t, 0);
  for (const s of [0.1, 1, 2, 4]) {
    const shifted = { ...x, data: x.data.map((t, i) => t + s * v[i % 16]) };
    const fid = frechetDistance(x, shifted);
    assert.ok(Math.abs(fid - s * s * v2) < 1e-8 * Math.max(1, s * s * v2), `shift ${s}: ${fid} vs ${s * s * v2}`);
  }
});

test('FID and statistics reject bad input with a clear message', () => {
  const rng = new Rng(5);
  assert.throws(() => frechetDistance(gaussian(rng, 10, 3), gaussian(rng, 10, 4)), /dimension 3 but the fake set has 4/);
  assert.throws(() => featureStatistics(gaussian(rng, 1, 3)), /1 point\(s\), but a covariance needs at least 2/);
  assert.throws(() => featureStatistics({ data: new Float32Array(5), n: 2, dim: 3 }), /holds 5 values but n × dim = 2 × 3 = 6/);
  assert.throws(() => featureStatistics({ data: Float32Array.of(1, Number.NaN, 0, 0), n: 2, dim: 2 }), /non-finite value \(NaN\) in row 0/);
});

/** The unbiased MMD^2 with k(x, y) = (x·y/d + 1)^3, straight from its definition. */
function bruteMmd(x: FeatureMatrix, y: FeatureMatrix): number {
  const d = x.dim, m = x.n;
  const k = (a: FeatureMatrix, i: number, b: FeatureMatrix, j: number) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += a.data[i * d + c] * b.data[j * d + c];
    return (s / d + 1) ** 3;
  };
  let xx = 0, yy = 0, xy = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i !== j) { xx += k(x, i, x, j); yy += k(y, i, y, j); }
      xy += k(x, i, y, j);
    }
  }
  return xx / (m * (m - 1)) + yy / (m * (m - 1)) - (2 * xy) / (m * m);
}

test('KID: the unbiased MMD estimate matches its definition on a small set', () => {
  const rng = new Rng(6);
  const x = gaussian(rng, 13, 5), y = gaussian(rng, 13, 5, 0.3, 1.2);
  const expected = bruteMmd(x, y);
  // subsetSize = n: every subset is the whole set (in another order), so each estimate is the full one.
  const kid = kernelInceptionDistance(x, y, { subsets: 3, subsetSize: 13, rng: 9 });
  assert.ok(rel(kid.mean, expected) < 1e-12, `${kid.mean} vs ${expected}`);
  assert.ok(kid.std < 1e-12 * Math.abs(expected));
  assert.ok(rel(kernelInceptionDistance(x, y).mean, expected) < 1e-12, 'the default subset size is min(1000, n_real, n_fake)');
  assert.throws(() => kernelInceptionDistance(x, y, { subsetSize: 14 }), /subsetSize is 14, but it must be a whole number from 2 to the smaller set's size \(13\)/);
  assert.throws(() => kernelInceptionDistance(x, gaussian(rng, 13, 4)), /dimension 5 but the fake set has 4/);
});

test('KID: near 0 for one distribution, clearly positive for a shifted one, deterministic per seed', () => {
  const rng = new Rng(7);
  const real = gaussian(rng, 1200, 16), same = gaussian(rng, 1200, 16), shifted = gaussian(rng, 1200, 16, 0.5);
  const opts = { subsets: 10, subsetSize: 400 };
  const k0 = kernelInceptionDistance(real, same, { ...opts, rng: 1 });
  assert.ok(Math.abs(k0.mean) < 3 * k0.std, `same distribution: ${k0.mean} ± ${k0.std}`);
  const k1 = kernelInceptionDistance(real, shifted, { ...opts, rng: 1 });
  assert.ok(k1.mean > 20 * k1.std && k1.mean > 20 * Math.abs(k0.mean) + 3 * k0.std, `shifted: ${k1.mean} ± ${k1.std}`);
  assert.deepEqual(kernelInceptionDistance(real, shifted, { ...opts, rng: new Rng(1) }), k1, 'a seed and a fresh Rng with it agree');
  assert.notEqual(kernelInceptionDistance(real, shifted, { ...opts, rng: 2 }).mean, k1.mean, 'another seed draws other subsets');
});

/** Precision, recall, density and coverage straight from their definitions, with true Euclidean distances. */
function bruteManifold(real: FeatureMatrix, fake: FeatureMatrix, k: number) {
  const d = real.dim;
  const dist = (a: FeatureMatrix, i: number, b: FeatureMatrix, j: number) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += (a.data[i * d + c] - b.data[j * d + c]) ** 2;
    return Math.sqrt(s);
  };
  const radii = (s: FeatureMatrix) => Array.from({ length: s.n }, (_, i) =>
    Array.from({ length: s.n }, (_, j) => j).filter((j) => j !== i).map((j) => dist(s, i, s, j)).sort((a, b) => a - b)[k - 1]);
  const rr = radii(real), rf = radii(fake);
  let precision = 0, recall = 0, hits = 0, coverage = 0;
  for (let j = 0; j < fake.n; j++) if (rr.some((r, i) => dist(real, i, fake, j) <= r)) precision++;
  for (let i = 0; i < real.n; i++) if (rf.some((r, j) => dist(real, i, fake, j) <= r)) recall++;
  for (let i = 0; i < real.n; i++) {
    let inBall = 0;
    for (let j = 0; j < fake.n; j++) if (dist(real, i, fake, j) < rr[i]) inBall++;
    hits += inBall;
    if (inBall > 0) coverage++;
  }
  return { precision: precision / fake.n, recall: recall / real.n, density: hits / (k * fake.n), coverage: coverage / real.n };
}

test('precision/recall and density/coverage equal their definitions on random sets (tile edges included)', () => {
  const rng = new Rng(8);
  const real = gaussian(rng, 151, 6), fake = gaussian(rng, 97, 6, 0.3, 1.3);
  for (const k of [1, 3, 5]) {
    const brute = bruteManifold(real, fake, k);
    assert.deepEqual(precisionRecall(real, fake, { k }), { precision: brute.precision, recall: brute.recall }, `k = ${k}`);
    const dc = densityCoverage(real, fake, { k });
    assert.ok(Math.abs(dc.density - brute.density) < 1e-15 && dc.coverage === brute.coverage, `k = ${k}: ${JSON.stringify(dc)} vs ${JSON.stringify(brute)}`);
  }
  assert.ok(bruteManifold(real, fake, 3).precision < 1 && bruteManifold(real, fake, 3).recall < 1, 'a case that can fail');
});

test('identical sets: precision = recall = coverage = 1 and density = 1; a far-away set: all 0', () => {
  const rng = new Rng(9);
  const x = gaussian(rng, 301, 8);
  const copy = { ...x, data: Float32Array.from(x.data, (v) => v) };
  const x32 = { ...x, data: Float32Array.from(x.data) };
  assert.deepEqual(precisionRecall(x32, copy), { precision: 1, recall: 1 });
  // Open balls: each real ball holds its own copy and the k - 1 closer neighbours' copies, not the k-th's, so kN hits.
  assert.deepEqual(densityCoverage(x32, copy), { density: 1, coverage: 1 });
  const far = { ...x, data: x.data.map((v) => v + 100) };
  assert.deepEqual(precisionRecall(x, far), { precision: 0, recall: 0 });
  assert.deepEqual(densityCoverage(x, far), { density: 0, coverage: 0 });
});

test('ball boundaries: closed for precision/recall (<=), open for density/coverage (<), on exact ties', () => {
  // 1-D integers, so every squared distance is exact. k = 1: each real ball has radius 1.
  const line = (...v: number[]): FeatureMatrix => ({ data: Float64Array.from(v), n: v.length, dim: 1 });
  const real = line(0, 1, 2, 3, 4), fake = line(5, 10, 11, 12);
  // 5 lies on the boundary of 4's ball; the fake ball around 5 (radius 5, to 10) reaches every real point.
  assert.deepEqual(precisionRecall(real, fake, { k: 1 }), { precision: 0.25, recall: 1 });
  assert.deepEqual(densityCoverage(real, fake, { k: 1 }), { density: 0, coverage: 0 });
  assert.deepEqual(densityCoverage(real, line(4.5, 10, 11, 12), { k: 1 }), { density: 0.25, coverage: 0.2 }); // inside 4's ball only
});

/** perMode points around each listed mode (σ = 1); the 10 modes sit on a circle of radius 50, about 31 apart. */
function modes(rng: Rng, perMode: number, which: number[]): FeatureMatrix {
  const data = new Float64Array(perMode * which.length * 2);
  let i = 0;
  for (const m of which) {
    for (let t = 0; t < perMode; t++, i++) {
      data[2 * i] = 50 * Math.cos((2 * Math.PI * m) / 10) + rng.normal();
      data[2 * i + 1] = 50 * Math.sin((2 * Math.PI * m) / 10) + rng.normal();
    }
  }
  return { data, n: perMode * which.length, dim: 2 };
}

test('a fake set on half of the modes: precision ≈ 1, recall ≈ 1/2, coverage ≈ 1/2', () => {
  const rng = new Rng(10);
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const real = modes(rng, 200, all); // 2000 points, exactly half of them on modes 0-4
  const half = modes(rng, 200, [0, 1, 2, 3, 4]); // 1000 points
  const control = modes(rng, 200, all); // the same distribution as real
  // A fresh point of a smooth 2-D density falls inside another sample's k-NN manifold (k = 3) with
  // a probability c a little below 1 (≈ 0.97 here); the control measures it. Tolerances are 4
  // binomial standard deviations of the difference between two shares.
  const c = precisionRecall(real, control);
  const pr = precisionRecall(real, half);
  const sd = (p: number, n1: number, n2: number) => Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  assert.ok(c.precision > 0.9 && c.recall > 0.9, JSON.stringify(c));
  assert.ok(Math.abs(pr.precision - c.precision) < 4 * sd(c.precision, 1000, 1000), `precision ${pr.precision} vs control ${c.precision}`);
  // Modes 5-9 have no fake point within ~50σ: recall is at most the real share of modes 0-4, exactly 1/2.
  assert.ok(pr.recall <= 0.5, `recall ${pr.recall}`);
  assert.ok(Math.abs(2 * pr.recall - c.recall) < 4 * sd(c.recall, 1000, 2000), `recall ${pr.recall} vs control ${c.recall} / 2`);
  const dc = densityCoverage(real, half);
  assert.ok(dc.coverage <= 0.5 && dc.coverage > 0.45, `coverage ${dc.coverage}`);
  // Fakes are twice as dense as real on modes 0-4, and each still falls in about k real balls.
  assert.ok(Math.abs(dc.density - 1) < 0.1, `density ${dc.density}`);
});

test('k-NN metrics reject too few points and mismatched dimensions', () => {
  const rng = new Rng(11);
  assert.throws(() => precisionRecall(gaussian(rng, 3, 2), gaussian(rng, 10, 2)), /real set has 3 point\(s\), but k = 3 nearest neighbours \(the point itself excluded\) needs at least 4; pass more samples or lower k/);
  assert.throws(() => densityCoverage(gaussian(rng, 10, 2), gaussian(rng, 5, 2)), /fake set has 5 point\(s\), but k = 5 nearest/);
  assert.throws(() => precisionRecall(gaussian(rng, 10, 2), gaussian(rng, 10, 3)), /dimension 2 but the fake set has 3/);
  assert.throws(() => precisionRecall(gaussian(rng, 10, 2), gaussian(rng, 10, 2), { k: 0 }), /k must be a positive whole number/);
});

/** n rows of one-hot probabilities, row i on class cls(i). */
function oneHot(n: number, classes: number, cls: (i: number) => number): FeatureMatrix {
  const data = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) data[i * classes + cls(i)] = 1;
  return { data, n, dim: classes };
}

test('Inception score: K for confident balanced classes, 1 for uniform or collapsed, a two-class closed form', () => {
  const balanced = inceptionScore(oneHot(200, 10, (i) => i % 10));
  assert.ok(Math.abs(balanced.mean - 10) < 1e-12 && balanced.std < 1e-12, JSON.stringify(balanced));
  const uniform = { data: new Float32Array(200 * 10).fill(0.1), n: 200, dim: 10 };
  assert.ok(Math.abs(inceptionScore(uniform).mean - 1) < 1e-6);
  assert.ok(Math.abs(inceptionScore(oneHot(200, 10, () => 3)).mean - 1) < 1e-12);
  // Rows alternate (0.9, 0.1) and (0.1, 0.9): p(y) = (1/2, 1/2), KL = 0.9 log 1.8 + 0.1 log 0.2 for every row.
  const soft = { data: Float64Array.from({ length: 100 * 2 }, (_, t) => ((t >> 1) % 2 === t % 2 ? 0.9 : 0.1)), n: 100, dim: 2 };
  const want = Math.exp(0.9 * Math.log(1.8) + 0.1 * Math.log(0.2));
  assert.ok(rel(inceptionScore(soft, { splits: 5 }).mean, want) < 1e-12);
  // Splits are consecutive parts: first half class 0, second half class 1 -> each of 2 splits is collapsed.
  const halves = oneHot(100, 2, (i) => (i < 50 ? 0 : 1));
  assert.ok(Math.abs(inceptionScore(halves, { splits: 2 }).mean - 1) < 1e-12);
  assert.ok(Math.abs(inceptionScore(halves, { splits: 1 }).mean - 2) < 1e-12);
  assert.throws(() => inceptionScore({ data: Float32Array.of(2, -1), n: 1, dim: 2 }, { splits: 1 }), /negative entry \(-1\); pass softmax probabilities, not logits/);
  assert.throws(() => inceptionScore({ data: Float32Array.of(2, 1), n: 1, dim: 2 }, { splits: 1 }), /sums to 3, not 1/);
  assert.throws(() => inceptionScore(oneHot(5, 2, () => 0)), /10 splits needs at least 10 samples, but got 5/);
});

test('class histogram, KL to uniform and missing classes', () => {
  const h = classHistogram(oneHot(100, 10, (i) => i % 10));
  assert.deepEqual([...h], Array(10).fill(10));
  assert.equal(klToUniform(h), 0);
  assert.deepEqual(missingClasses(h), []);
  const one = classHistogram(oneHot(50, 10, () => 7));
  assert.ok(Math.abs(klToUniform(one) - Math.log(10)) < 1e-12);
  assert.deepEqual(missingClasses(one), [0, 1, 2, 3, 4, 5, 6, 8, 9]);
  const eight = classHistogram(oneHot(80, 10, (i) => i % 8)); // classes 8 and 9 never produced
  assert.deepEqual([...eight], [10, 10, 10, 10, 10, 10, 10, 10, 0, 0]);
  assert.ok(Math.abs(klToUniform(eight) - Math.log(10 / 8)) < 1e-12);
  assert.deepEqual(missingClasses(eight), [8, 9]);
  assert.deepEqual(missingClasses([50, 45, 5], 0.1), [2], 'a class under 10% of the samples');
  // Argmax of soft rows, ties to the lower class.
  assert.deepEqual([...classHistogram({ data: Float32Array.of(0.2, 0.5, 0.3, 0.4, 0.4, 0.2), n: 2, dim: 3 })], [1, 1, 0]);
  assert.throws(() => klToUniform([0, 0, 0]), /histogram is empty/);
});

test('label accuracy on a hand-made case', () => {
  const probs = { data: Float32Array.of(0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.4, 0.1), n: 4, dim: 3 };
  assert.equal(labelAccuracy(probs, Int32Array.of(0, 1, 2, 1)), 0.75);
  assert.equal(labelAccuracy(probs, Int32Array.of(0, 1, 2, 0)), 1);
  assert.equal(labelAccuracy(probs, Int32Array.of(1, 0, 0, 2)), 0);
  assert.throws(() => labelAccuracy(probs, Int32Array.of(0, 1, 2)), /3 labels for 4 rows/);
  assert.throws(() => labelAccuracy(probs, Int32Array.of(0, 1, 3, 0)), /Label 3 of sample 2 is not a class of the 3-class classifier/);
});
