// Distributions on the real line with exact density, cumulative distribution and its inverse:
// the targets of the sampling methods (`samplers.ts`) and the yardsticks of the KS tests.
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';

export interface Distribution {
  /** e.g. "normal(0, 1)"; `parseDistribution` reads it back. */
  readonly name: string;
  pdf(x: number): number;
  cdf(x: number): number;
  /** The inverse cdf: the smallest x with cdf(x) >= p, for p in [0, 1]. */
  quantile(p: number): number;
  /** Where the density is positive (ends may be infinite). */
  readonly support: readonly [number, number];
}

/** An interval holding all but `tail` of the mass on each side: the range of a plot. */
export function centralRange(d: Distribution, tail = 0.002): [number, number] {
  return [d.quantile(tail), d.quantile(1 - tail)];
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));

function checkPositive(what: string, v: number): void {
  if (!(v > 0 && Number.isFinite(v))) throw new Error(`${what} must be a positive finite number, not ${v}.`);
}

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new Error(`a quantile needs a probability in [0, 1], not ${p}.`);
}

export function uniform(a = 0, b = 1): Distribution {
  if (!(a < b) || !Number.isFinite(a) || !Number.isFinite(b)) throw new Error(`uniform(a, b) needs finite a < b, not (${a}, ${b}).`);
  return {
    name: `uniform(${fmt(a)}, ${fmt(b)})`,
    support: [a, b],
    pdf: (x) => (x >= a && x <= b ? 1 / (b - a) : 0),
    cdf: (x) => (x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a)),
    quantile: (p) => (checkProbability(p), a + p * (b - a)),
  };
}

export function normal(mean = 0, std = 1): Distribution {
  checkPositive('the standard deviation of normal(mean, std)', std);
  return {
    name: `normal(${fmt(mean)}, ${fmt(std)})`,
    support: [-Infinity, Infinity],
    pdf: (x) => Math.exp(-0.5 * ((x - mean) / std) ** 2) / (std * Math.sqrt(2 * Math.PI)),
    // erfc keeps full relative precision far into the lower tail, where 1 + erf(.) would round to 0.
    cdf: (x) => 0.5 * erfc(-(x - mean) / (std * Math.SQRT2)),
    quantile: (p) => (checkProbability(p), mean - std * Math.SQRT2 * erfcinv(2 * p)),
  };
}

export function exponential(rate = 1): Distribution {
  checkPositive('the rate of exponential(rate)', rate);
  return {
    name: `exponential(${fmt(rate)})`,
    support: [0, Infinity],
    pdf: (x) => (x < 0 ? 0 : rate * Math.exp(-rate * x)),
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-rate * x)),
    quantile: (p) => (checkProbability(p), -Math.log1p(-p) / rate),
  };
}

export function cauchy(location = 0, scale = 1): Distribution {
  checkPositive('the scale of cauchy(location, scale)', scale);
  return {
    name: `cauchy(${fmt(location)}, ${fmt(scale)})`,
    support: [-Infinity, Infinity],
    pdf: (x) => 1 / (Math.PI * scale * (1 + ((x - location) / scale) ** 2)),
    cdf: (x) => 0.5 + Math.atan((x - location) / scale) / Math.PI,
    quantile: (p) => (checkProbability(p), p === 0 ? -Infinity : p === 1 ? Infinity : location + scale * Math.tan(Math.PI * (p - 0.5))),
  };
}

export interface MixtureComponent {
  weight: number;
  mean: number;
  std: number;
}

/** A mixture of normal densities; weights are normalised to sum to 1. */
export function gaussianMixture(components: readonly MixtureComponent[]): Distribution {
  if (components.length === 0) throw new Error('a Gaussian mixture needs at least one component.');
  for (const c of components) {
    checkPositive('a mixture weight', c.weight);
    checkPositive('the standard deviation of a mixture component', c.std);
  }
  const total = components.reduce((s, c) => s + c.weight, 0);
  const parts = components.map((c) => ({ w: c.weight / total, d: normal(c.mean, c.std), c }));
  const cdf = (x: number) => parts.reduce((s, p) => s + p.w * p.d.cdf(x), 0);
  // The quantile by bisection: the cdf is increasing, and every quantile lies between the
  // extreme components' quantiles at the same probability.
  const quantile = (p: number) => {
    checkProbability(p);
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    let lo = Math.min(...parts.map((q) => q.d.quantile(p)));
    let hi = Math.max(...parts.map((q) => q.d.quantile(p)));
    for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); i++) {
      const mid = 0.5 * (lo + hi);
      if (cdf(mid) < p) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  return {
    name: `mixture(${parts.map((p) => `${fmt(p.w)}*normal(${fmt(p.c.mean)}, ${fmt(p.c.std)})`).join(' + ')})`,
    support: [-Infinity, Infinity],
    pdf: (x) => parts.reduce((s, p) => s + p.w * p.d.pdf(x), 0),
    cdf,
    quantile,
  };
}

/** The mixture of the documents' bimodal examples: two well separated bumps of unequal weight. */
export const BIMODAL = (): Distribution =>
  gaussianMixture([{ weight: 0.3, mean: -2, std: 0.5 }, { weight: 0.7, mean: 2, std: 0.8 }]);

const FAMILIES: Record<string, { arity: [number, number]; make: (a: number[]) => Distribution; usage: string }> = {
  uniform: { arity: [0, 2], make: (a) => uniform(a[0] ?? 0, a[1] ?? 1), usage: 'uniform(a, b)' },
  normal: { arity: [0, 2], make: (a) => normal(a[0] ?? 0, a[1] ?? 1), usage: 'normal(mean, std)' },
  gaussian: { arity: [0, 2], make: (a) => normal(a[0] ?? 0, a[1] ?? 1), usage: 'gaussian(mean, std)' },
  exponential: { arity: [0, 1], make: (a) => exponential(a[0] ?? 1), usage: 'exponential(rate)' },
  cauchy: { arity: [0, 2], make: (a) => cauchy(a[0] ?? 0, a[1] ?? 1), usage: 'cauchy(location, scale)' },
};

const SPEC_HELP =
  'write e.g. "normal", "normal(0, 1)", "uniform(-1, 1)", "exponential(2)", "cauchy(0, 1)", "bimodal" ' +
  'or "mixture(0.3*normal(-2, 0.5) + 0.7*normal(2, 0.8))"';

/** Reads a distribution from text such as "normal(0, 2)" or "mixture(0.5*normal(-1, 0.3) + 0.5*normal(1, 0.3))". */
export function parseDistribution(text: string): Distribution {
  const s = text.replace(/\s+/g, '').toLowerCase();
  const fail = (why: string): never => {
    throw new Error(`cannot read the distribution "${text}": ${why}; ${SPEC_HELP}.`);
  };
  if (s === 'bimodal') return BIMODAL();
  const mixture = /^mixture\((.*)\)$/.exec(s);
  if (mixture) {
    const components = mixture[1].split('+').map((term) => {
      const m = /^(?:([^*]+)\*)?(?:normal|gaussian)\(([^,()]+),([^,()]+)\)$/.exec(term);
      if (!m) return fail(`"${term}" is not of the form weight*normal(mean, std)`);
      const [weight, mean, std] = [m[1] ?? '1', m[2], m[3]].map(Number);
      if (![weight, mean, std].every(Number.isFinite)) return fail(`"${term}" has a value that is not a number`);
      return { weight, mean, std };
    });
    return gaussianMixture(components);
  }
  const m = /^([a-z]+)(?:\((.*)\))?$/.exec(s);
  if (!m) return fail('it is not of the form name(parameters)');
  const family = FAMILIES[m[1]];
  if (!family) return fail(`"${m[1]}" is not a known distribution`);
  const args = m[2] === undefined || m[2] === '' ? [] : m[2].split(',').map(Number);
  if (args.some((v) => !Number.isFinite(v))) return fail('a parameter is not a number');
  if (args.length < family.arity[0] || args.length > family.arity[1]) return fail(`use ${family.usage}`);
  return family.make(args);
}
