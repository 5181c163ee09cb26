// What a model learned on toy data whose density is known exactly. 1-D: JSD, KL and
// Wasserstein-1 to the truth, and the discriminator against the optimal D*(x) =
// p_data / (p_data + p_g) (`002` document). 2-D: modes covered and the share of high-quality
// samples (within 3 std of a mode), as the Unrolled-GAN and VEEGAN papers count them.
import type { Distribution } from '../random/distributions.ts';

/** Points where 1-D densities are compared, and their spacing. */
export interface Grid1d { x: Float64Array; h: number }

export function grid1d(range: [number, number], k = 2000): Grid1d {
  const h = (range[1] - range[0]) / (k - 1);
  return { x: Float64Array.from({ length: k }, (_, i) => range[0] + i * h), h };
}

/** A Gaussian kernel density estimate with Silverman's bandwidth, evaluated on a grid (by binning: O(n + k log k)). */
export function kde1d(samples: ArrayLike<number>, grid: Grid1d): Float64Array {
  const n = samples.length;
  const sorted = Float64Array.from(samples).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  const iqr = sorted[Math.floor(0.75 * (n - 1))] - sorted[Math.floor(0.25 * (n - 1))];
  const spread = Math.min(std, iqr / 1.349) || std || grid.h;
  const bw = Math.max(0.9 * spread * n ** -0.2, grid.h);
  // Bin the samples on the grid (linear binning), then convolve with the kernel.
  const k = grid.x.length;
  const counts = new Float64Array(k);
  for (const v of sorted) {
    const t = (v - grid.x[0]) / grid.h;
    const i = Math.floor(t);
    if (i >= 0 && i < k - 1) { counts[i] += 1 - (t - i); counts[i + 1] += t - i; } else if (i === k - 1) counts[i] += 1;
  }
  const reach = Math.ceil((5 * bw) / grid.h);
  const kernel = Float64Array.from({ length: 2 * reach + 1 }, (_, j) => Math.exp(-0.5 * (((j - reach) * grid.h) / bw) ** 2) / (bw * Math.sqrt(2 * Math.PI)));
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    if (counts[i] === 0) continue;
    const lo = Math.max(0, i - reach), hi = Math.min(k - 1, i + reach);
    for (let j = lo; j <= hi; j++) out[j] += counts[i] * kernel[j - i + reach];
  }
  for (let j = 0; j < k; j++) out[j] /= n;
  return out;
}

/** The trapezoid rule on a grid. */
const integrate = (f: (i: number) => number, grid: Grid1d) => {
  let s = 0;
  for (let i = 0; i < grid.x.length; i++) s += (i === 0 || i === grid.x.length - 1 ? 0.5 : 1) * f(i);
  return s * grid.h;
};

const xlogy = (p: number, q: number) => (p > 0 ? p * Math.log(p / Math.max(q, 1e-300)) : 0);

/** KL(p || q) in nats, on a grid. q is floored at 1e-12 of p's peak, so that a missing mode costs a large finite amount. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>, grid: Grid1d): number {
  let peak = 0;
  for (let i = 0; i < p.length; i++) peak = Math.max(peak, p[i]);
  return integrate((i) => xlogy(p[i], Math.max(q[i], 1e-12 * peak)), grid);
}

/** JSD(p || q) = KL(p || m)/2 + KL(q || m)/2 with m = (p + q)/2, in nats (at most log 2). */
export function jsDivergence(p: ArrayLike<number>, q: ArrayLike<number>, grid: Grid1d): number {
  return integrate((i) => {
    const m = 0.5 * (p[i] + q[i]);
    return 0.5 * xlogy(p[i], m) + 0.5 * xlogy(q[i], m);
  }, grid);
}

/** Wasserstein-1 between a distribution and a sample: the integral of |F(x) - F_n(x)|, exact between sample points. */
export function wasserstein1(target: Distribution, samples: ArrayLike<number>): number {
  const s = Float64Array.from(samples).sort();
  const n = s.length;
  // Below the smallest sample F_n = 0, above the largest F_n = 1: those tails add
  // the integral of F below s[0] and of 1 - F above s[n - 1], taken on the target's quantiles.
  let total = tailIntegral(target, s[0], 'lower') + tailIntegral(target, s[n - 1], 'upper');
  for (let i = 0; i < n - 1; i++) {
    const a = s[i], b = s[i + 1];
    if (b === a) continue;
    const c = (i + 1) / n;
    // |F - c| on [a, b] by Simpson's rule on 4 panels (F is smooth; segments are short).
    const m = 4, h = (b - a) / m;
    let sum = 0;
    for (let j = 0; j <= m; j++) sum += (j === 0 || j === m ? 1 : j % 2 ? 4 : 2) * Math.abs(target.cdf(a + j * h) - c);
    total += (sum * h) / 3;
  }
  return total;
}

function tailIntegral(d: Distribution, at: number, side: 'lower' | 'upper'): number {
  // The integral of F (lower) or 1 - F (upper) beyond `at`, over the mass left there, on 400 panels.
  const far = side === 'lower' ? Math.min(at, d.quantile(1e-9)) : Math.max(at, d.quantile(1 - 1e-9));
  if (!Number.isFinite(far) || far === at) return 0;
  const k = 400, h = (at - far) / k;
  let s = 0;
  for (let j = 0; j <= k; j++) {
    const x = far + j * h;
    const v = side === 'lower' ? d.cdf(x) : 1 - d.cdf(x);
    s += (j === 0 || j === k ? 0.5 : 1) * v;
  }
  return Math.abs(s * h);
}

export interface Metrics1d {
  jsd: number;
  kl: number;
  w1: number;
  /** Discriminator runs only: mean |D(x) - D*(x)| weighted by (p_data + p_g)/2. */
  dStarError?: number;
  /** Discriminator runs only: V(G, D) = E log D(x) + E log(1 - D(G(z))) from samples, and its maximum over D, -log 4 + 2 JSD. */
  value?: number;
  valueBound?: number;
}

/** dStar is NaN where neither density has mass (below 1e-3 of the peak of their sum). */
export interface Curves1d { grid: Grid1d; pData: Float64Array; pG: Float64Array; dStar: Float64Array }

/** The densities the 1-D metrics (and the 1-D picture) compare. */
export function curves1d(target: Distribution, samples: ArrayLike<number>, range: [number, number]): Curves1d {
  const grid = grid1d(range);
  const pData = Float64Array.from(grid.x, (x) => target.pdf(x));
  const pG = kde1d(samples, grid);
  // D* is only defined where the densities have mass: elsewhere (below 1e-3 of their peak) NaN.
  let peak = 0;
  for (let i = 0; i < pData.length; i++) peak = Math.max(peak, pData[i] + pG[i]);
  const dStar = Float64Array.from(pData, (p, i) => (p + pG[i] > 1e-3 * peak ? p / (p + pG[i]) : Number.NaN));
  return { grid, pData, pG, dStar };
}

/**
 * The 1-D metrics. `d` is the discriminator's probability on the grid points, `dReal` and
 * `dFake` its probabilities on data and generated samples (omit all three for critics).
 */
export function metrics1d(target: Distribution, samples: ArrayLike<number>, curves: Curves1d,
  d?: { grid: ArrayLike<number>; real: ArrayLike<number>; fake: ArrayLike<number> }): Metrics1d {
  const { grid, pData, pG, dStar } = curves;
  const out: Metrics1d = { jsd: jsDivergence(pData, pG, grid), kl: klDivergence(pData, pG, grid), w1: wasserstein1(target, samples) };
  if (d) {
    const weight = integrate((i) => 0.5 * (pData[i] + pG[i]), grid);
    out.dStarError = integrate((i) => (Number.isNaN(dStar[i]) ? 0 : Math.abs(d.grid[i] - dStar[i]) * 0.5 * (pData[i] + pG[i])), grid) / weight;
    const mean = (a: ArrayLike<number>, f: (v: number) => number) => { let s = 0; for (let i = 0; i < a.length; i++) s += f(a[i]); return s / a.length; };
    const clamp = (v: number) => Math.min(Math.max(v, 1e-7), 1 - 1e-7);
    out.value = mean(d.real, (v) => Math.log(clamp(v))) + mean(d.fake, (v) => Math.log(1 - clamp(v)));
    out.valueBound = -Math.log(4) + 2 * out.jsd;
  }
  return out;
}

export interface ModeCoverage {
  /** Modes with at least `minCount` high-quality samples. */
  modesCovered: number;
  modes: number;
  /** Share of samples within 3 std of their nearest mode. */
  highQuality: number;
  /** High-quality samples per mode. */
  counts: number[];
}

/**
 * Counts modes as the Unrolled GAN / VEEGAN / PacGAN papers do: a sample is high quality when
 * within 3 std of its nearest mode, and a mode is covered when it has at least `minCount`
 * such samples (default: 20 per 2500 samples, scaled with n).
 */
export function modeCoverage(points: ArrayLike<number>, modes: { centers: number[][]; std: number }, minCount?: number): ModeCoverage {
  const n = points.length / 2;
  const need = minCount ?? Math.max(1, Math.round((20 * n) / 2500));
  const counts = new Array(modes.centers.length).fill(0);
  let good = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity, which = -1;
    modes.centers.forEach((c, k) => {
      const r = Math.hypot(points[2 * i] - c[0], points[2 * i + 1] - c[1]);
      if (r < best) { best = r; which = k; }
    });
    if (best <= 3 * modes.std) { good++; counts[which]++; }
  }
  return { modesCovered: counts.filter((c) => c >= need).length, modes: modes.centers.length, highQuality: good / n, counts };
}
