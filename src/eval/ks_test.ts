// The one-sample Kolmogorov-Smirnov test: how far a sample's empirical cdf strays from a target
// cdf, and how likely so large a distance is when the sample really comes from the target.

export interface KsResult {
  /** D = sup_x |F_n(x) - F(x)|. */
  statistic: number;
  /** P(D_n >= statistic) under the target, by Kolmogorov's limit law with Stephens' small-sample correction. */
  pValue: number;
  n: number;
}

export function ksTest(samples: ArrayLike<number>, cdf: (x: number) => number): KsResult {
  const n = samples.length;
  if (n === 0) throw new Error('the KS test needs at least one sample.');
  const sorted = Float64Array.from(samples).sort();
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  const sqrtN = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovSurvival((sqrtN + 0.12 + 0.11 / sqrtN) * d), n };
}

/** P(K > t) for Kolmogorov's distribution K = sup |Brownian bridge|: 2 sum (-1)^(k-1) exp(-2 k^2 t^2). */
export function kolmogorovSurvival(t: number): number {
  if (t <= 0) return 1;
  // Below ~0.3 the alternating series converges too slowly; there P(K > t) = 1 to 1e-9.
  if (t < 0.3) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * t * t);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
