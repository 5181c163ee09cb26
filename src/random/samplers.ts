// The three ways of the `000` document to make a complex random variable from uniform numbers:
// inverse transform sampling, rejection sampling and Metropolis-Hastings.
import { cauchy, normal, uniform, type Distribution } from './distributions.ts';
import type { Rng } from './prng.ts';

export interface InverseTransformResult {
  samples: Float64Array;
  /** The uniform numbers each sample was made from: samples[i] = quantile(uniforms[i]). */
  uniforms: Float64Array;
}

/** X = F^-1(U) with U uniform on (0, 1) has cdf F. */
export function inverseTransformSample(target: Distribution, n: number, rng: Rng): InverseTransformResult {
  const uniforms = new Float64Array(n);
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    while (u === 0) u = rng.uniform(); // quantile(0) is the support's lower end, -inf for most targets
    uniforms[i] = u;
    samples[i] = target.quantile(u);
  }
  return { samples, uniforms };
}

export interface RejectionOptions {
  /** The distribution proposals are drawn from (default: `defaultProposal`). */
  proposal?: Distribution;
  /** The envelope constant: target.pdf(x) <= m * proposal.pdf(x) everywhere (default: found on a dense grid, plus 5%). */
  m?: number;
  /** Keep the first this many proposals with their heights, for the picture of the method. */
  keepProposals?: number;
}

/** A proposal x drawn from q, and the height u * m * q(x) it was compared with target(x) at. */
export interface Proposal {
  x: number;
  height: number;
  accepted: boolean;
}

export interface RejectionResult {
  samples: Float64Array;
  proposal: Distribution;
  m: number;
  /** Proposals drawn in all; accepted / proposed tends to 1 / m. */
  proposed: number;
  acceptanceRate: number;
  /** The largest target/(m * proposal) ratio met at a proposal: above 1 means m was too small and the samples are biased. */
  worstRatio: number;
  proposals: Proposal[];
}

/** Draw x from the proposal and keep it with probability target(x) / (m * proposal(x)). */
export function rejectionSample(target: Distribution, n: number, rng: Rng, opts: RejectionOptions = {}): RejectionResult {
  const proposal = opts.proposal ?? defaultProposal(target);
  const m = opts.m ?? envelopeConstant(target, proposal);
  if (!(m > 0 && Number.isFinite(m))) {
    throw new Error(`the proposal ${proposal.name} cannot cover ${target.name} (its tails are too light); choose a wider or heavier-tailed proposal.`);
  }
  const samples = new Float64Array(n);
  let proposed = 0;
  let worstRatio = 0;
  const proposals: Proposal[] = [];
  const keep = opts.keepProposals ?? 0;
  const maxProposals = Math.max(1e6, 1e4 * n);
  for (let accepted = 0; accepted < n; ) {
    if (++proposed > maxProposals) throw new Error(`rejection sampling accepted ${accepted} of ${maxProposals} proposals; choose a proposal closer to the target.`);
    let v: number;
    do v = rng.uniform(); while (v === 0);
    const x = proposal.quantile(v); // the proposal itself is drawn by inverse transform
    const q = proposal.pdf(x);
    const ratio = q > 0 ? target.pdf(x) / (m * q) : 0;
    if (ratio > worstRatio) worstRatio = ratio;
    const u = rng.uniform();
    if (proposals.length < keep) proposals.push({ x, height: u * m * q, accepted: u < ratio });
    if (u < ratio) samples[accepted++] = x;
  }
  return { samples, proposal, m, proposed, acceptanceRate: n / proposed, worstRatio, proposals };
}

/**
 * A proposal for any target: uniform on a bounded support; else the tighter envelope of a normal
 * and a Cauchy sized by the target's quartiles (the Cauchy covers heavy tails the normal cannot).
 */
export function defaultProposal(target: Distribution): Distribution {
  const [lo, hi] = target.support;
  if (Number.isFinite(lo) && Number.isFinite(hi)) return uniform(lo, hi);
  const median = target.quantile(0.5);
  const spread = Math.max(target.quantile(0.75) - target.quantile(0.25), 1e-6);
  const candidates = [normal(median, spread), cauchy(median, spread / 2)];
  const bounds = candidates.map((c) => envelopeConstant(target, c));
  return candidates[bounds.indexOf(Math.min(...bounds))];
}

/** A random-walk step for a target: 1.3 times its interquartile range (about 1.75 sigma for a normal, acceptance near 0.5). */
export function defaultStepSize(target: Distribution): number {
  return 1.3 * Math.max(target.quantile(0.75) - target.quantile(0.25), 1e-6);
}

/**
 * sup target/proposal, scanned on a grid dense in probability under both (so that narrow peaks
 * and far tails are both visited), plus 5%. Infinity when the ratio grows toward the tails.
 */
export function envelopeConstant(target: Distribution, proposal: Distribution): number {
  const points: number[] = [];
  const k = 4000;
  for (let i = 1; i < k; i++) {
    const p = i / k;
    points.push(target.quantile(p), proposal.quantile(p));
  }
  for (const p of [1e-6, 1e-9, 1e-12]) points.push(target.quantile(p), target.quantile(1 - p));
  const ratio = (x: number) => {
    const t = target.pdf(x);
    if (!Number.isFinite(x) || t === 0) return 0;
    const q = proposal.pdf(x);
    return q > 0 ? t / q : Infinity;
  };
  const sup = Math.max(...points.map(ratio));
  // A ratio still growing at the target's far tails is unbounded: no m covers it.
  for (const [near, far] of [[1e-9, 1e-12], [1 - 1e-9, 1 - 1e-12]]) {
    if (ratio(target.quantile(far)) > 1.01 * ratio(target.quantile(near))) return Infinity;
  }
  if (!Number.isFinite(sup)) return Infinity;
  return sup * 1.05;
}

export interface MetropolisOptions {
  /** Samples to return, after burn-in and thinning. */
  n: number;
  /** Chain steps thrown away at the start, before the chain has forgotten its starting point. */
  burnIn?: number;
  /** Keep every thin-th state, to weaken the correlation between kept samples. */
  thin?: number;
  /** Standard deviation of the Gaussian random-walk proposal. */
  stepSize?: number;
  /** The chain's starting point. */
  start?: number;
}

export interface MetropolisResult {
  samples: Float64Array;
  /** Every state of the chain, burn-in included (for trace plots). */
  chain: Float64Array;
  acceptanceRate: number;
  burnIn: number;
  thin: number;
  stepSize: number;
}

/**
 * Random-walk Metropolis-Hastings: propose x' = x + stepSize * N(0, 1) and move there with
 * probability min(1, p(x') / p(x)); the chain's stationary distribution is p. Only ratios of the
 * density are used, so `logDensity` may be unnormalised.
 */
export function metropolisHastings(logDensity: (x: number) => number, rng: Rng, opts: MetropolisOptions): MetropolisResult {
  const burnIn = opts.burnIn ?? 1000;
  const thin = opts.thin ?? 10;
  const stepSize = opts.stepSize ?? 1;
  if (!(stepSize > 0)) throw new Error(`the step size of Metropolis-Hastings must be positive, not ${stepSize}.`);
  if (!Number.isInteger(burnIn) || burnIn < 0) throw new Error(`the burn-in must be a whole number >= 0, not ${burnIn}.`);
  if (!Number.isInteger(thin) || thin < 1) throw new Error(`the thinning must be a whole number >= 1, not ${thin}.`);
  let x = opts.start ?? 0;
  let logP = logDensity(x);
  if (logP === -Infinity || Number.isNaN(logP)) throw new Error(`the chain's start ${x} has zero density; start it inside the support.`);
  const total = burnIn + opts.n * thin;
  const chain = new Float64Array(total);
  const samples = new Float64Array(opts.n);
  let accepted = 0;
  for (let t = 0; t < total; t++) {
    const y = x + stepSize * rng.normal();
    const logQ = logDensity(y);
    if (Math.log(rng.uniform()) < logQ - logP) {
      x = y;
      logP = logQ;
      accepted++;
    }
    chain[t] = x;
    if (t >= burnIn && (t - burnIn + 1) % thin === 0) samples[(t - burnIn + 1) / thin - 1] = x;
  }
  return { samples, chain, acceptanceRate: accepted / total, burnIn, thin, stepSize };
}

/** The log of a distribution's density, for `metropolisHastings`. */
export const logPdf = (d: Distribution) => (x: number) => Math.log(d.pdf(x));
