// Sample-quality metrics on a classifier's view of images: Fréchet distance (FID) and kernel
// distance (KID) on its features; improved precision/recall and density/coverage on k-NN
// manifolds of those features; Inception score, class histogram and label accuracy on its class
// probabilities. Plain arrays in (see `classifierOutputs` in classifier.ts for where they come
// from), float64 arithmetic throughout, no tfjs.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Rng } from '../random/prng.ts';

/** n rows of dim values, row-major: features (dim = feature width) or probabilities (dim = number of classes). */
export interface FeatureMatrix {
  data: Float32Array | Float64Array;
  n: number;
  dim: number;
}

/** The mean and unbiased (n - 1) covariance of a feature set; cov is dim × dim, row-major. */
export interface FeatureStatistics {
  mean: Float64Array;
  cov: Float64Array;
  n: number;
  dim: number;
}

// ---------------------------------------------------------------------------------------------
// Input checks

function checkMatrix(x: FeatureMatrix, name: string): void {
  if (!Number.isInteger(x.n) || x.n < 0 || !Number.isInteger(x.dim) || x.dim < 1) {
    throw new Error(`${name} has n = ${x.n} and dim = ${x.dim}; pass a non-negative whole number of rows and a positive whole number of columns.`);
  }
  if (x.data.length !== x.n * x.dim) {
    throw new Error(`${name} holds ${x.data.length} values but n × dim = ${x.n} × ${x.dim} = ${x.n * x.dim}; pass n rows of dim values, row-major.`);
  }
  for (let i = 0; i < x.data.length; i++) {
    if (!Number.isFinite(x.data[i])) {
      throw new Error(`${name} holds a non-finite value (${x.data[i]}) in row ${Math.floor(i / x.dim)}; check the samples (a diverged generator gives NaN) before computing metrics.`);
    }
  }
}

function checkSameDim(a: { dim: number }, b: { dim: number }): void {
  if (a.dim !== b.dim) {
    throw new Error(`The real set has dimension ${a.dim} but the fake set has ${b.dim}; compute both with the same classifier layer.`);
  }
}

function checkAtLeast(x: { n: number }, min: number, name: string, why: string, fix = 'pass more samples'): void {
  if (x.n < min) throw new Error(`${name} has ${x.n} point(s), but ${why} needs at least ${min}; ${fix}.`);
}

function checkProbabilities(p: FeatureMatrix): void {
  checkMatrix(p, 'The probability matrix');
  for (let i = 0; i < p.n; i++) {
    let s = 0;
    for (let c = 0; c < p.dim; c++) {
      const v = p.data[i * p.dim + c];
      if (v < 0) throw new Error(`Row ${i} of the probabilities has a negative entry (${v}); pass softmax probabilities, not logits.`);
      s += v;
    }
    if (Math.abs(s - 1) > 1e-3) throw new Error(`Row ${i} of the probabilities sums to ${s}, not 1; pass softmax probabilities, not logits.`);
  }
}

function checkPositiveInteger(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive whole number, but got ${v}.`);
}

// ---------------------------------------------------------------------------------------------
// Fréchet distance

/**
 * The mean and unbiased covariance (divided by n - 1) of a feature set, in float64: what FID
 * compares, and what a caller caches for the real data so that each evaluation only summarises
 * the fakes. Needs at least 2 points.
 */
export function featureStatistics(x: FeatureMatrix): FeatureStatistics {
  checkMatrix(x, 'The feature set');
  checkAtLeast(x, 2, 'The feature set', 'a covariance');
  const { n, dim: d, data } = x;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  // Two passes (centre, then accumulate the upper triangle of the outer products): no cancellation.
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const va = row[a];
      if (va === 0) continue;
      const base = a * d;
      for (let b = a; b < d; b++) cov[base + b] += va * row[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b] / (n - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { mean, cov, n, dim: d };
}

const isStatistics = (x: FeatureMatrix | FeatureStatistics): x is FeatureStatistics => 'cov' in x && 'mean' in x;

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major d × d) of a symmetric matrix. */
function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const m = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) m.set(i, j, a[i * d + j]);
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const v = evd.eigenvectorMatrix;
  const vectors = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) vectors[i * d + j] = v.get(i, j);
  return { values: Float64Array.from(evd.realEigenvalues), vectors };
}

/** c = a b for d × d row-major matrices. */
function matmul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const c = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      const bk = k * d, ci = i * d;
      for (let j = 0; j < d; j++) c[ci + j] += aik * b[bk + j];
    }
  }
  return c;
}

/**
 * tr((S1 S2)^{1/2}) for symmetric positive semi-definite S1, S2: with A = S1^{1/2} (from S1's
 * eigendecomposition, negative eigenvalues from rounding clamped to 0), S1 S2 is similar to the
 * symmetric PSD matrix A S2 A, whose eigenvalues' square roots sum to the trace wanted. Two
 * symmetric eigendecompositions: no complex square roots, no blow-up when S1 is singular.
 */
export function traceSqrtProduct(s1: Float64Array, s2: Float64Array, d: number): number {
  const { values, vectors: v } = symmetricEigen(s1, d);
  const root = Float64Array.from(values, (l) => Math.sqrt(Math.max(l, 0)));
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += v[i * d + k] * root[k] * v[j * d + k];
      a[i * d + j] = s;
      a[j * d + i] = s;
    }
  }
  const m = matmul(matmul(a, s2, d), a, d);
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const s = 0.5 * (m[i * d + j] + m[j * d + i]);
      m[i * d + j] = s;
      m[j * d + i] = s;
    }
  }
  let trace = 0;
  for (const l of symmetricEigen(m, d).values) trace += Math.sqrt(Math.max(l, 0));
  return trace;
}

/**
 * Fréchet distance between Gaussians fitted to two feature sets: FID when the features are an
 * Inception network's (Heusel et al. 2017, "GANs trained by a two time-scale update rule converge
 * to a local Nash equilibrium"), here the project classifier's 128-d features:
 *
 *     ||mu_r - mu_f||^2 + tr(S_r) + tr(S_f) - 2 tr((S_r S_f)^{1/2})
 *
 * with unbiased covariances. It is the squared 2-Wasserstein distance between the two Gaussians:
 * 0 for identical statistics, in squared feature units, lower is better; it sees both sample
 * quality (the mean moves) and diversity (the covariance shrinks). It is biased upwards for small
 * n, so compare values computed with the same n. Either argument may be a feature set or the
 * `featureStatistics` of one (cache the real data's). Rounding can leave a value of order 1e-12
 * times the features' scale below 0 for identical sets.
 */
export function frechetDistance(real: FeatureMatrix | FeatureStatistics, fake: FeatureMatrix | FeatureStatistics): number {
  const r = isStatistics(real) ? real : featureStatistics(real);
  const f = isStatistics(fake) ? fake : featureStatistics(fake);
  checkSameDim(r, f);
  const d = r.dim;
  let meanTerm = 0;
  let traces = 0;
  for (let i = 0; i < d; i++) {
    meanTerm += (r.mean[i] - f.mean[i]) ** 2;
    traces += r.cov[i * d + i] + f.cov[i * d + i];
  }
  return meanTerm + traces - 2 * traceSqrtProduct(r.cov, f.cov, d);
}

// ---------------------------------------------------------------------------------------------
// Dot products and squared distances in tiles, shared by KID, precision/recall and density/coverage

/** Rows as float64 with their squared norms (computed by the same dot product as every pair). */
interface Rows {
  x: Float64Array;
  n: number;
  dim: number;
  sq: Float64Array;
}

const TILE = 64;

function toRows(m: FeatureMatrix): Rows {
  const x = m.data instanceof Float64Array ? m.data : Float64Array.from(m.data);
  const sq = new Float64Array(m.n);
  for (let i = 0; i < m.n; i++) sq[i] = dot(x, i * m.dim, x, i * m.dim, m.dim);
  return { x, n: m.n, dim: m.dim, sq };
}

/** One dot product, summed in index order: every pair's value comes from this same order. */
function dot(a: Float64Array, ia: number, b: Float64Array, ib: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[ia + k] * b[ib + k];
  return s;
}

/**
 * out[(i - i0) * TILE + (j - j0)] = a_i · b_j for i in [i0, i1), j in [j0, j1). Pairs are done
 * 2 × 4 at a time (8 running sums, each in index order, so each equals `dot` bit for bit; this
 * keeps distances exactly symmetric and ties exact, which density's strict inequality relies on).
 */
function dotTile(a: Float64Array, i0: number, i1: number, b: Float64Array, j0: number, j1: number, d: number, out: Float64Array): void {
  let i = i0;
  for (; i + 2 <= i1; i += 2) {
    const p0 = i * d, p1 = p0 + d;
    const o0 = (i - i0) * TILE - j0, o1 = o0 + TILE;
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      const q0 = j * d, q1 = q0 + d, q2 = q1 + d, q3 = q2 + d;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < d; k++) {
        const x0 = a[p0 + k], x1 = a[p1 + k];
        const y0 = b[q0 + k], y1 = b[q1 + k], y2 = b[q2 + k], y3 = b[q3 + k];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      out[o0 + j] = s00; out[o0 + j + 1] = s01; out[o0 + j + 2] = s02; out[o0 + j + 3] = s03;
      out[o1 + j] = s10; out[o1 + j + 1] = s11; out[o1 + j + 2] = s12; out[o1 + j + 3] = s13;
    }
    for (; j < j1; j++) {
      out[o0 + j] = dot(a, p0, b, j * d, d);
      out[o1 + j] = dot(a, p1, b, j * d, d);
    }
  }
  for (; i < i1; i++) {
    const o = (i - i0) * TILE - j0;
    for (let j = j0; j < j1; j++) out[o + j] = dot(a, i * d, b, j * d, d);
  }
}

type TileVisitor = (i0: number, i1: number, j0: number, j1: number, tile: Float64Array) => void;

/**
 * Calls `visit` with every TILE × TILE tile of the dot products a_i · b_j (row i - i0, column
 * j - j0 of a row stride TILE). With `upper` (a and b the same set) only tiles with j0 >= i0 are
 * visited: the visitor accounts for the mirrored pairs itself.
 */
function forEachDotTile(a: Rows, b: Rows, visit: TileVisitor, upper = false): void {
  const tile = new Float64Array(TILE * TILE);
  for (let i0 = 0; i0 < a.n; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, a.n);
    for (let j0 = upper ? i0 : 0; j0 < b.n; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, b.n);
      dotTile(a.x, i0, i1, b.x, j0, j1, a.dim, tile);
      visit(i0, i1, j0, j1, tile);
    }
  }
}

/** The same tiles holding squared Euclidean distances |a|^2 + |b|^2 - 2 a·b, clamped at 0. */
function forEachDistanceTile(a: Rows, b: Rows, visit: TileVisitor, upper = false): void {
  forEachDotTile(a, b, (i0, i1, j0, j1, tile) => {
    for (let i = i0; i < i1; i++) {
      const o = (i - i0) * TILE - j0;
      const si = a.sq[i];
      for (let j = j0; j < j1; j++) {
        const v = si + b.sq[j] - 2 * tile[o + j];
        tile[o + j] = v > 0 ? v : 0;
      }
    }
    visit(i0, i1, j0, j1, tile);
  }, upper);
}

/**
 * The squared distance from each point of a set to its k-th nearest neighbour within the set,
 * the point itself excluded (by index, so duplicates count as neighbours at distance 0).
 */
function kthNeighbourSquaredDistances(s: Rows, k: number): Float64Array {
  const best = new Float64Array(s.n * k).fill(Infinity); // each row's k smallest, ascending
  const offer = (row: number, v: number) => {
    const base = row * k;
    let p = base + k - 1;
    if (v >= best[p]) return;
    while (p > base && best[p - 1] > v) { best[p] = best[p - 1]; p--; }
    best[p] = v;
  };
  forEachDistanceTile(s, s, (i0, i1, j0, j1, tile) => {
    for (let i = i0; i < i1; i++) {
      const o = (i - i0) * TILE - j0;
      for (let j = Math.max(j0, i + 1); j < j1; j++) {
        const v = tile[o + j];
        offer(i, v);
        offer(j, v);
      }
    }
  }, true);
  const out = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) out[i] = best[i * k + k - 1];
  return out;
}

function prepareSets(real: FeatureMatrix, fake: FeatureMatrix, k: number): { r: Rows; f: Rows } {
  checkPositiveInteger(k, 'k');
  checkMatrix(real, 'The real set');
  checkMatrix(fake, 'The fake set');
  checkSameDim(real, fake);
  checkAtLeast(real, k + 1, 'The real set', `k = ${k} nearest neighbours (the point itself excluded)`, 'pass more samples or lower k');
  checkAtLeast(fake, k + 1, 'The fake set', `k = ${k} nearest neighbours (the point itself excluded)`, 'pass more samples or lower k');
  return { r: toRows(real), f: toRows(fake) };
}

// ---------------------------------------------------------------------------------------------
// Kernel inception distance

/** Sum over i < j of k(x_i, x_j) (within one set) or over all i, j (two sets), k = (x·y/d + 1)^3. */
function polynomialKernelSum(a: Rows, b: Rows, within: boolean): number {
  const d = a.dim;
  let sum = 0;
  forEachDotTile(a, b, (i0, i1, j0, j1, tile) => {
    for (let i = i0; i < i1; i++) {
      const o = (i - i0) * TILE - j0;
      for (let j = within ? Math.max(j0, i + 1) : j0; j < j1; j++) {
        const t = tile[o + j] / d + 1;
        sum += t * t * t;
      }
    }
  }, within);
  return sum;
}

/** m distinct row indices of 0..n-1 drawn uniformly (partial Fisher-Yates), gathered into Rows. */
function drawSubset(x: FeatureMatrix, m: number, rng: Rng, pool: Int32Array): Rows {
  for (let i = 0; i < x.n; i++) pool[i] = i;
  const d = x.dim;
  const out = new Float64Array(m * d);
  for (let t = 0; t < m; t++) {
    const j = t + rng.int(x.n - t);
    const pick = pool[j];
    pool[j] = pool[t];
    pool[t] = pick;
    for (let c = 0; c < d; c++) out[t * d + c] = x.data[pick * d + c];
  }
  return toRows({ data: out, n: m, dim: d });
}

export interface KidOptions {
  /** Number of random subsets averaged over (default 10). */
  subsets?: number;
  /** Points per subset, drawn without replacement from each set (default min(1000, n_real, n_fake)). */
  subsetSize?: number;
  /** The generator (advanced) or a seed; default seed 0, so that repeated calls agree. */
  rng?: Rng | number;
}

/**
 * Kernel inception distance (Bińkowski et al. 2018, "Demystifying MMD GANs"): the unbiased
 * estimate of the squared MMD between the feature distributions under the polynomial kernel
 * k(x, y) = (x·y/d + 1)^3,
 *
 *     1/(m(m-1)) Σ_{i≠j} k(r_i, r_j) + 1/(m(m-1)) Σ_{i≠j} k(f_i, f_j) - 2/m^2 Σ_{i,j} k(r_i, f_j),
 *
 * on `subsets` random subsets of m points of each set, averaged. Lower is better; its expectation
 * is 0 when both sets come from one distribution (single estimates then scatter around 0, and can
 * be negative), and unlike FID it is unbiased, so values from different n compare. Returns the mean
 * over subsets and their standard deviation (population, as the reference code's np.std).
 */
export function kernelInceptionDistance(real: FeatureMatrix, fake: FeatureMatrix, options: KidOptions = {}): { mean: number; std: number } {
  checkMatrix(real, 'The real set');
  checkMatrix(fake, 'The fake set');
  checkSameDim(real, fake);
  const subsets = options.subsets ?? 10;
  checkPositiveInteger(subsets, 'subsets');
  const m = options.subsetSize ?? Math.min(1000, real.n, fake.n);
  checkAtLeast(real, 2, 'The real set', 'the unbiased MMD estimate');
  checkAtLeast(fake, 2, 'The fake set', 'the unbiased MMD estimate');
  if (!Number.isInteger(m) || m < 2 || m > real.n || m > fake.n) {
    throw new Error(`subsetSize is ${m}, but it must be a whole number from 2 to the smaller set's size (${Math.min(real.n, fake.n)}); lower it or pass more samples.`);
  }
  const rng = options.rng instanceof Rng ? options.rng : new Rng(options.rng ?? 0);
  const pool = new Int32Array(Math.max(real.n, fake.n));
  const values = new Float64Array(subsets);
  for (let s = 0; s < subsets; s++) {
    const r = drawSubset(real, m, rng, pool);
    const f = drawSubset(fake, m, rng, pool);
    const kxx = 2 * polynomialKernelSum(r, r, true);
    const kyy = 2 * polynomialKernelSum(f, f, true);
    const kxy = polynomialKernelSum(r, f, false);
    values[s] = (kxx + kyy) / (m * (m - 1)) - (2 * kxy) / (m * m);
  }
  return meanStd(values);
}

function meanStd(values: Float64Array): { mean: number; std: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / values.length) };
}

// ---------------------------------------------------------------------------------------------
// k-NN manifolds

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019, "Improved precision and recall metric
 * for assessing generative models"). Each set's manifold is the union of balls around its points,
 * each with the radius of that point's k-th nearest neighbour in its own set. Precision is the
 * share of fake points inside the real manifold (fidelity: are samples realistic?); recall is the
 * share of real points inside the fake manifold (diversity: is all of the data produced?). Both in
 * [0, 1], higher is better; a point on a ball's boundary counts as inside (<=, as the reference code).
 * O(n^2 dim) time, O(n) memory.
 */
export function precisionRecall(real: FeatureMatrix, fake: FeatureMatrix, options: { k?: number } = {}): { precision: number; recall: number } {
  const k = options.k ?? 3;
  const { r, f } = prepareSets(real, fake, k);
  const realRadius = kthNeighbourSquaredDistances(r, k);
  const fakeRadius = kthNeighbourSquaredDistances(f, k);
  const fakeInside = new Uint8Array(f.n);
  const realInside = new Uint8Array(r.n);
  forEachDistanceTile(r, f, (i0, i1, j0, j1, tile) => {
    for (let i = i0; i < i1; i++) {
      const o = (i - i0) * TILE - j0;
      const ri = realRadius[i];
      let inside = realInside[i];
      for (let j = j0; j < j1; j++) {
        const v = tile[o + j];
        if (v <= ri) fakeInside[j] = 1;
        if (v <= fakeRadius[j]) inside = 1;
      }
      realInside[i] = inside;
    }
  });
  return { precision: count(fakeInside) / f.n, recall: count(realInside) / r.n };
}

/**
 * Density and coverage (Naeem et al. 2020, "Reliable fidelity and diversity metrics for generative
 * models"), on the real set's k-NN balls B(r_i, NND_k(r_i)) only (the real set's outliers do not
 * inflate them as the fake manifold inflates recall):
 *
 *     density  = 1/(kM) Σ_j Σ_i 1[f_j ∈ B(r_i, NND_k(r_i))]
 *     coverage = 1/N Σ_i 1[∃ j: f_j ∈ B(r_i, NND_k(r_i))]
 *
 * Density counts how many real neighbourhoods hold each fake point: about 1 when fake matches real,
 * above 1 when fakes crowd around dense regions of the data, not bounded by 1. Coverage is the
 * share of real neighbourhoods holding at least one fake point, in [0, 1]: it falls with dropped
 * modes. Balls are open (<, as the reference code), so identical sets give density 1 exactly.
 */
export function densityCoverage(real: FeatureMatrix, fake: FeatureMatrix, options: { k?: number } = {}): { density: number; coverage: number } {
  const k = options.k ?? 5;
  const { r, f } = prepareSets(real, fake, k);
  const radius = kthNeighbourSquaredDistances(r, k);
  const covered = new Uint8Array(r.n);
  let hits = 0;
  forEachDistanceTile(r, f, (i0, i1, j0, j1, tile) => {
    for (let i = i0; i < i1; i++) {
      const o = (i - i0) * TILE - j0;
      const ri = radius[i];
      let n = 0;
      for (let j = j0; j < j1; j++) if (tile[o + j] < ri) n++;
      hits += n;
      if (n > 0) covered[i] = 1;
    }
  });
  return { density: hits / (k * f.n), coverage: count(covered) / r.n };
}

function count(flags: Uint8Array): number {
  let s = 0;
  for (const v of flags) s += v;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Class probabilities

/**
 * Inception score (Salimans et al. 2016, "Improved techniques for training GANs"), with the
 * project classifier in place of Inception: exp(E_x KL(p(y|x) || p(y))), p(y) the mean of p(y|x)
 * over the split, computed on `splits` consecutive equal parts (as the reference code) and
 * returned as their mean and (population) standard deviation. High when each sample is
 * classified confidently and the classes are used evenly: from 1 (every sample gets the same
 * distribution) to the number of classes (confident, balanced). It ignores the real data, so it
 * cannot see samples that are confidently classified but unrealistic.
 */
export function inceptionScore(probs: FeatureMatrix, options: { splits?: number } = {}): { mean: number; std: number } {
  const splits = options.splits ?? 10;
  checkPositiveInteger(splits, 'splits');
  checkProbabilities(probs);
  const { n, dim: c, data } = probs;
  if (n < splits) throw new Error(`The Inception score with ${splits} splits needs at least ${splits} samples, but got ${n}; pass more samples or fewer splits.`);
  const scores = new Float64Array(splits);
  const marginal = new Float64Array(c);
  for (let s = 0; s < splits; s++) {
    const lo = Math.floor((s * n) / splits), hi = Math.floor(((s + 1) * n) / splits);
    marginal.fill(0);
    for (let i = lo; i < hi; i++) for (let y = 0; y < c; y++) marginal[y] += data[i * c + y];
    for (let y = 0; y < c; y++) marginal[y] /= hi - lo;
    let kl = 0;
    for (let i = lo; i < hi; i++) {
      for (let y = 0; y < c; y++) {
        const p = data[i * c + y];
        if (p > 0) kl += p * Math.log(p / marginal[y]);
      }
    }
    scores[s] = Math.exp(kl / (hi - lo));
  }
  return meanStd(scores);
}

function argmaxRow(data: Float32Array | Float64Array, i: number, c: number): number {
  let best = 0;
  for (let y = 1; y < c; y++) if (data[i * c + y] > data[i * c + best]) best = y;
  return best;
}

/** How many samples the classifier assigns to each class (argmax of each row; ties go to the lower class). */
export function classHistogram(probs: FeatureMatrix): Int32Array {
  checkMatrix(probs, 'The probability matrix');
  const h = new Int32Array(probs.dim);
  for (let i = 0; i < probs.n; i++) h[argmaxRow(probs.data, i, probs.dim)]++;
  return h;
}

function checkHistogram(h: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < h.length; i++) {
    if (!(h[i] >= 0) || !Number.isFinite(h[i])) throw new Error(`Class ${i} of the histogram has count ${h[i]}; counts must be finite and non-negative.`);
    total += h[i];
  }
  if (h.length === 0 || total === 0) throw new Error('The class histogram is empty; count at least one sample.');
  return total;
}

/**
 * KL(empirical class distribution || uniform) in nats, the mode-balance measure used with a
 * classifier on MNIST-like data (e.g. in the VEEGAN and PacGAN papers): 0 when every class is
 * equally frequent, log K when all samples fall in one class. A missing class (zero count)
 * contributes nothing itself but raises the others' shares.
 */
export function klToUniform(histogram: ArrayLike<number>): number {
  const total = checkHistogram(histogram);
  const k = histogram.length;
  let kl = 0;
  for (let i = 0; i < k; i++) {
    const q = histogram[i] / total;
    if (q > 0) kl += q * Math.log(q * k);
  }
  return Math.max(kl, 0);
}

/** The classes with no samples, or, given `minShare`, with a share of the samples below it (dropped modes). */
export function missingClasses(histogram: ArrayLike<number>, minShare = 0): number[] {
  const total = checkHistogram(histogram);
  const out: number[] = [];
  for (let i = 0; i < histogram.length; i++) if (histogram[i] === 0 || histogram[i] / total < minShare) out.push(i);
  return out;
}

/**
 * For class-conditional generators: the share of samples the classifier assigns to the class they
 * were generated for (argmax of each row against `labels`). 1 means the conditioning is obeyed;
 * 1/K is chance.
 */
export function labelAccuracy(probs: FeatureMatrix, labels: Int32Array): number {
  checkMatrix(probs, 'The probability matrix');
  if (labels.length !== probs.n) throw new Error(`There are ${labels.length} labels for ${probs.n} rows of probabilities; pass one label per sample.`);
  if (probs.n === 0) throw new Error('Label accuracy needs at least one sample.');
  let right = 0;
  for (let i = 0; i < probs.n; i++) {
    const l = labels[i];
    if (!(l >= 0 && l < probs.dim)) throw new Error(`Label ${l} of sample ${i} is not a class of the ${probs.dim}-class classifier; pass labels from 0 to ${probs.dim - 1}.`);
    if (argmaxRow(probs.data, i, probs.dim) === l) right++;
  }
  return right / probs.n;
}
