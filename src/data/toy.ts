// Toy distributions in one and two dimensions, with exact densities: data whose truth is known,
// so that what a model learned can be measured (divergences, modes covered) instead of judged
// by eye. The 2-D sets follow the papers that made them standard: the ring of 8 Gaussians
// (Unrolled GAN), the 5x5 grid of 25 (VEEGAN, PacGAN), the spiral of the `004` document
// (Sohl-Dickstein et al. 2015) and two moons.
import { BIMODAL, normal, parseDistribution, type Distribution } from '../random/distributions.ts';
import { Rng } from '../random/prng.ts';
import type { Dataset } from './dataset.ts';
import { toySourceSchema, type ToyName } from './schema.ts';


export interface ToyDistribution {
  name: string;
  dim: 1 | 2;
  /** The box mapped to [-1, 1]^dim for training (a Dataset's valueRange); all data lies inside. */
  box: { min: number[]; max: number[] };
  /** n points in data units, row-major [n, dim]; `labels` holds each point's component. */
  sample(n: number, rng: Rng): { x: Float64Array; labels: Int32Array };
  /** The exact density at a point (for spiral and moons, an integral over the curve, by quadrature). */
  density(p: ArrayLike<number>): number;
  /** Names of the components (modes, or the two moons). */
  labelNames: string[];
  /** For mixtures of equal round Gaussians: their centres and standard deviation (mode coverage). */
  modes?: { centers: number[][]; std: number };
  /** The 1-D distribution itself, for 1-D toys. */
  distribution1d?: Distribution;
}

export function toyDistribution(name: ToyName, distribution?: string): ToyDistribution {
  if (distribution !== undefined && name !== 'gaussian1d' && name !== 'bimodal1d') {
    throw new Error(`the toy data "${name}" is 2-D and takes no "distribution"; remove it, or use gaussian1d.`);
  }
  switch (name) {
    case 'gaussian1d': return oneD(distribution ? parseDistribution(distribution) : normal(4, 0.5));
    case 'bimodal1d': return oneD(distribution ? parseDistribution(distribution) : BIMODAL());
    case 'ring': return gaussianMixture2d(
      Array.from({ length: 8 }, (_, i) => [2 * Math.cos((2 * Math.PI * i) / 8), 2 * Math.sin((2 * Math.PI * i) / 8)]), 0.02, 2.5, 'ring');
    case 'grid': return gaussianMixture2d(
      [-4, -2, 0, 2, 4].flatMap((x) => [-4, -2, 0, 2, 4].map((y) => [x, y])), 0.05, 5, 'grid');
    case 'spiral': return curve2d('spiral', 3.5, 0.05, ['spiral'], (u) => {
      // The swiss roll: angle t from 1.5 pi to 4.5 pi, radius growing with t.
      const t = 1.5 * Math.PI * (1 + 2 * u);
      return [0.2 * t * Math.cos(t), 0.2 * t * Math.sin(t)];
    });
    case 'moons': return curve2d('moons', 2.5, 0.1, ['upper moon', 'lower moon'], (u) => {
      // Two interleaved half circles: u in [0, 1/2) the upper, [1/2, 1) the lower (as scikit-learn's make_moons).
      const t = Math.PI * ((2 * u) % 1);
      return u < 0.5 ? [Math.cos(t) - 0.5, Math.sin(t) - 0.25] : [0.5 - Math.cos(t), 0.25 - Math.sin(t)];
    }, 2);
  }
}

function oneD(d: Distribution): ToyDistribution {
  const lo = d.quantile(1e-5), hi = d.quantile(1 - 1e-5);
  const pad = 0.15 * (hi - lo);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`${d.name} has tails too heavy for toy data; use a distribution with finite quantiles.`);
  return {
    name: d.name, dim: 1, box: { min: [lo - pad], max: [hi + pad] }, labelNames: [],
    distribution1d: d,
    // Inverse transform, exact; the 3e-5 of mass beyond the box is drawn again, so all data maps into [-1, 1].
    sample: (n, rng) => {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let v: number;
        do v = d.quantile(rng.uniform()); while (!(v >= lo - pad && v <= hi + pad));
        x[i] = v;
      }
      return { x, labels: new Int32Array(n) };
    },
    density: (p) => d.pdf(p[0]),
  };
}

function gaussianMixture2d(centers: number[][], std: number, half: number, name: string): ToyDistribution {
  const k = centers.length;
  return {
    name: `${name} of ${k} Gaussians (std ${std})`, dim: 2, box: { min: [-half, -half], max: [half, half] },
    labelNames: centers.map((c) => `(${c.map((v) => Number(v.toFixed(2))).join(', ')})`),
    modes: { centers, std },
    sample: (n, rng) => {
      const x = new Float64Array(2 * n);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const c = rng.int(k);
        labels[i] = c;
        x[2 * i] = centers[c][0] + std * rng.normal();
        x[2 * i + 1] = centers[c][1] + std * rng.normal();
      }
      return { x, labels };
    },
    density: (p) => {
      let s = 0;
      for (const c of centers) s += Math.exp(-((p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2) / (2 * std * std));
      return s / (k * 2 * Math.PI * std * std);
    },
  };
}

/**
 * A curve f(u), u ~ uniform(0, 1), blurred by round Gaussian noise. Its density is
 * integral_0^1 N(p; f(u), std^2 I) du, computed by the midpoint rule on a grid fine enough that
 * neighbouring curve points are far closer than std.
 */
function curve2d(name: string, half: number, std: number, labelNames: string[], f: (u: number) => number[], parts = 1): ToyDistribution {
  const steps = 4000;
  // Curve points bucketed in square cells of side 6 std: a point's density comes from the 3 x 3 cells around it.
  const cell = 6 * std;
  const buckets = new Map<string, number[][]>();
  const key = (cx: number, cy: number) => `${cx},${cy}`;
  for (let i = 0; i < steps; i++) {
    const c = f((i + 0.5) / steps);
    const k = key(Math.floor(c[0] / cell), Math.floor(c[1] / cell));
    if (!buckets.has(k)) buckets.set(k, []);
    buckets.get(k)!.push(c);
  }
  return {
    name: `${name} (noise std ${std})`, dim: 2, box: { min: [-half, -half], max: [half, half] }, labelNames,
    sample: (n, rng) => {
      const x = new Float64Array(2 * n);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const u = rng.uniform();
        const c = f(u);
        labels[i] = Math.min(parts - 1, Math.floor(u * parts));
        x[2 * i] = c[0] + std * rng.normal();
        x[2 * i + 1] = c[1] + std * rng.normal();
      }
      return { x, labels };
    },
    density: (p) => {
      let s = 0;
      const cx = Math.floor(p[0] / cell), cy = Math.floor(p[1] / cell);
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (const c of buckets.get(key(cx + dx, cy + dy)) ?? []) s += Math.exp(-((p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2) / (2 * std * std));
        }
      }
      return s / (steps * 2 * Math.PI * std * std);
    },
  };
}

/** Maps points in data units into the box's [-1, 1] coordinates (the form models train on). */
export function toUnitBox(x: ArrayLike<number>, box: ToyDistribution['box']): Float32Array {
  const d = box.min.length;
  return Float32Array.from({ length: x.length }, (_, i) => (2 * (x[i] - box.min[i % d])) / (box.max[i % d] - box.min[i % d]) - 1);
}

export interface ToyOptions {
  distribution?: string;
  count?: number;
  seed?: number;
}

/** A fixed sample of a toy distribution as a Dataset (scaled into [-1, 1] by its box, the box kept as valueRange). */
export function loadToy(name: ToyName, opts: ToyOptions = {}): Dataset {
  const toy = toyDistribution(name, opts.distribution);
  const count = toySourceSchema.shape.count.parse(opts.count);
  const { x, labels } = toy.sample(count, new Rng(toySourceSchema.shape.seed.parse(opts.seed)));
  return {
    name: `toy:${name}`,
    x: toUnitBox(x, toy.box),
    shape: [toy.dim],
    count,
    ...(toy.labelNames.length > 1 ? { labels, labelNames: toy.labelNames } : {}),
    valueRange: { min: Float32Array.from(toy.box.min), max: Float32Array.from(toy.box.max) },
  };
}
