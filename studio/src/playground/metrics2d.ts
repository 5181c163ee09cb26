// Distances between a 2-D sample and the truth. The toy module measures 1-D densities exactly
// (src/eval/toy_metrics.ts); in 2-D the playground compares smoothed histograms on a grid over
// the [-1, 1]^2 box, the truth's from a large exact sample, and takes Wasserstein-1 by slicing.

export const BINS = 64;
/** Both histograms are blurred by a Gaussian of this many bins: a finite sample of G must not read as JSD = log 2. */
const BLUR = 1.5;

/** A normalised, blurred histogram of points in [-1, 1]^2 on a BINS x BINS grid. */
export function histogram2d(points: ArrayLike<number>): Float64Array {
  const h = new Float64Array(BINS * BINS);
  const n = points.length / 2;
  for (let i = 0; i < n; i++) {
    const bx = Math.floor(((points[2 * i] + 1) / 2) * BINS), by = Math.floor(((points[2 * i + 1] + 1) / 2) * BINS);
    // Points outside the box land in its border bins, so that none of G's mass is lost.
    h[clampBin(by) * BINS + clampBin(bx)] += 1;
  }
  const blurred = blur(h);
  let total = 0;
  for (const v of blurred) total += v;
  return blurred.map((v) => v / total);
}

const clampBin = (b: number) => Math.min(BINS - 1, Math.max(0, b));

function blur(h: Float64Array): Float64Array {
  const reach = Math.ceil(3 * BLUR);
  const kernel = Array.from({ length: 2 * reach + 1 }, (_, j) => Math.exp(-0.5 * ((j - reach) / BLUR) ** 2));
  const pass = (src: Float64Array, horizontal: boolean) => {
    const out = new Float64Array(src.length);
    for (let y = 0; y < BINS; y++) {
      for (let x = 0; x < BINS; x++) {
        const v = src[y * BINS + x];
        if (v === 0) continue;
        for (let j = -reach; j <= reach; j++) {
          const tx = horizontal ? x + j : x, ty = horizontal ? y : y + j;
          if (tx >= 0 && tx < BINS && ty >= 0 && ty < BINS) out[ty * BINS + tx] += v * kernel[j + reach];
        }
      }
    }
    return out;
  };
  return pass(pass(h, true), false);
}

const xlogy = (p: number, q: number) => (p > 0 ? p * Math.log(p / Math.max(q, 1e-300)) : 0);

/** JSD(p || q) in nats between two histograms (at most log 2). */
export function jsd2d(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const m = 0.5 * (p[i] + q[i]);
    s += 0.5 * xlogy(p[i], m) + 0.5 * xlogy(q[i], m);
  }
  return s;
}

/** KL(p || q) in nats, q floored at 1e-12 as in the 1-D metrics, so that a missing mode costs a large finite amount. */
export function kl2d(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += xlogy(p[i], Math.max(q[i], 1e-12));
  return s;
}

/** Sliced Wasserstein-1 between two equal-sized samples: the mean over directions of the 1-D W1 of their projections. */
export function slicedWasserstein1(a: ArrayLike<number>, b: ArrayLike<number>, directions = 32): number {
  const n = Math.min(a.length, b.length) / 2;
  let total = 0;
  for (let k = 0; k < directions; k++) {
    const t = (Math.PI * k) / directions, c = Math.cos(t), s = Math.sin(t);
    const pa = Float64Array.from({ length: n }, (_, i) => c * a[2 * i] + s * a[2 * i + 1]).sort();
    const pb = Float64Array.from({ length: n }, (_, i) => c * b[2 * i] + s * b[2 * i + 1]).sort();
    let w = 0;
    for (let i = 0; i < n; i++) w += Math.abs(pa[i] - pb[i]);
    total += w / n;
  }
  return total / directions;
}

export interface Distances { jsd: number; kl: number; w1: number }

/** JSD and KL of a 2-D sample's histogram to the truth's, and sliced W1 (in data units: box units times `scale`) to real points. */
export function distancesToTruth(truthHistogram: Float64Array, real: ArrayLike<number>, fake: ArrayLike<number>, scale: number): Distances {
  const pG = histogram2d(fake);
  return { jsd: jsd2d(truthHistogram, pG), kl: kl2d(truthHistogram, pG), w1: slicedWasserstein1(real, fake) * scale };
}
