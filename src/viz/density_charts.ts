// Figures of 1-D distributions: histograms of samples against exact densities, and the panels
// that show how a sampling method turns uniform numbers into the target (the `000` document).
import type { TopLevelSpec } from 'vega-lite';
import sharp from 'sharp';
import { vegaLitePng } from './plot.ts';

/** A Vega-Lite view (unit or layer), to be placed in a figure by `figurePng`. */
export type Panel = Record<string, unknown>;

export interface Curve {
  name: string;
  points: Array<[number, number]>;
}

export interface HistogramBin {
  x0: number;
  x1: number;
  /** count / (n * width): comparable with a density, even when samples fall outside the range. */
  density: number;
}

export function histogram(samples: ArrayLike<number>, range: [number, number], bins: number): HistogramBin[] {
  const [lo, hi] = range;
  const width = (hi - lo) / bins;
  const counts = new Float64Array(bins);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (v >= lo && v <= hi) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return Array.from(counts, (c, b) => ({ x0: lo + b * width, x1: lo + (b + 1) * width, density: c / (samples.length * width) }));
}

/** f sampled at k + 1 evenly spaced points of the range. */
export function curve(name: string, f: (x: number) => number, range: [number, number], k = 400): Curve {
  const [lo, hi] = range;
  return { name, points: Array.from({ length: k + 1 }, (_, i): [number, number] => { const x = lo + ((hi - lo) * i) / k; return [x, f(x)]; }) };
}

const PALETTE = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e'];

/** A histogram (bars) with curves over it; curves are told apart by colour and legend. */
export function densityPanel(opts: {
  title: string; xLabel: string; yLabel?: string; range: [number, number];
  bins?: HistogramBin[]; curves?: Curve[]; width?: number; height?: number;
}): Panel {
  const x = { field: 'x', type: 'quantitative', title: opts.xLabel, scale: { domain: opts.range, nice: false } };
  const layers: Panel[] = [];
  if (opts.bins) {
    layers.push({
      data: { values: opts.bins },
      mark: { type: 'rect', color: '#9ecae1', stroke: '#6baed6', strokeWidth: 0.5 },
      encoding: {
        x: { ...x, field: 'x0' }, x2: { field: 'x1' },
        y: { field: 'density', type: 'quantitative', title: opts.yLabel ?? 'density' }, y2: { datum: 0 },
      },
    });
  }
  const curves = opts.curves ?? [];
  if (curves.length > 0) {
    layers.push({
      data: { values: curves.flatMap((c) => c.points.filter(([, v]) => Number.isFinite(v)).map(([px, y]) => ({ x: px, y, curve: c.name }))) },
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: {
        x, y: { field: 'y', type: 'quantitative', title: opts.yLabel ?? 'density' },
        color: { field: 'curve', type: 'nominal', title: null, scale: { domain: curves.map((c) => c.name), range: PALETTE } },
      },
    });
  }
  return { title: opts.title, width: opts.width ?? 360, height: opts.height ?? 260, layer: layers };
}

/**
 * The inverse-transform picture: uniform numbers u on the vertical axis go across to the cdf
 * and down to x = F^-1(u), so that where the cdf is steep many u land in a short interval.
 */
export function inverseTransformPanel(opts: {
  cdf: Curve; examples: Array<{ u: number; x: number }>; range: [number, number]; xLabel: string;
}): Panel {
  const [lo] = opts.range;
  const x = { field: 'x', type: 'quantitative', title: opts.xLabel, scale: { domain: opts.range, nice: false } };
  const u = { field: 'u', type: 'quantitative', title: 'u ~ uniform(0, 1)', scale: { domain: [0, 1] } };
  const inRange = opts.examples.filter((e) => e.x >= opts.range[0] && e.x <= opts.range[1]);
  return {
    title: 'x = F⁻¹(u): uniform numbers through the inverse cdf',
    width: 360, height: 260,
    layer: [
      { data: { values: opts.cdf.points.map(([px, v]) => ({ x: px, u: v })) }, mark: { type: 'line', color: '#d62728', strokeWidth: 2, clip: true }, encoding: { x, y: u } },
      { data: { values: inRange.map((e) => ({ x: lo, x2: e.x, u: e.u })) }, mark: { type: 'rule', color: '#555', strokeDash: [3, 2] }, encoding: { x, x2: { field: 'x2' }, y: u } },
      { data: { values: inRange.map((e) => ({ x: e.x, u: e.u, u2: 0 })) }, mark: { type: 'rule', color: '#555', strokeDash: [3, 2] }, encoding: { x, y: u, y2: { field: 'u2' } } },
      { data: { values: inRange.map((e) => ({ x: e.x, u: 0 })) }, mark: { type: 'point', shape: 'triangle-down', filled: true, color: '#1f77b4', size: 40 }, encoding: { x, y: u } },
    ],
  };
}

/** Rejection sampling: proposals at height u * m * q(x) under the envelope, kept where they fall under the target. */
export function rejectionPanel(opts: {
  target: Curve; envelope: Curve; proposals: Array<{ x: number; height: number; accepted: boolean }>; range: [number, number]; xLabel: string;
}): Panel {
  const x = { field: 'x', type: 'quantitative', title: opts.xLabel, scale: { domain: opts.range, nice: false } };
  const y = { field: 'y', type: 'quantitative', title: 'density' };
  const inRange = opts.proposals.filter((p) => p.x >= opts.range[0] && p.x <= opts.range[1]);
  return {
    title: 'Rejection sampling: keep proposals under the target',
    width: 360, height: 260,
    layer: [
      {
        data: { values: inRange.map((p) => ({ x: p.x, y: p.height, kind: p.accepted ? 'accepted' : 'rejected' })) },
        mark: { type: 'circle', size: 9, opacity: 0.6 },
        encoding: { x, y, color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['accepted', 'rejected'], range: ['#2ca02c', '#bbbbbb'] } } },
      },
      {
        data: { values: [opts.target, opts.envelope].flatMap((c) => c.points.map(([px, py]) => ({ x: px, y: py, curve: c.name }))) },
        mark: { type: 'line', strokeWidth: 2, clip: true },
        encoding: { x, y, strokeDash: { field: 'curve', type: 'nominal', title: null, scale: { domain: [opts.target.name, opts.envelope.name], range: [[1, 0], [6, 3]] } } },
      },
    ],
  };
}

/** The first states of a Markov chain over time, with its burn-in shaded. */
export function tracePanel(chain: ArrayLike<number>, burnIn: number, steps = 2000): Panel {
  const n = Math.min(chain.length, Math.max(steps, Math.min(burnIn * 2, chain.length)));
  const values = Array.from({ length: n }, (_, t) => ({ t, x: chain[t] }));
  return {
    title: `The chain's first ${n} states (burn-in shaded)`,
    width: 360, height: 260,
    layer: [
      ...(burnIn > 0 ? [{ data: { values: [{ t0: 0, t1: Math.min(burnIn, n) }] }, mark: { type: 'rect', color: '#eeeeee' }, encoding: { x: { field: 't0', type: 'quantitative' }, x2: { field: 't1' } } }] : []),
      { data: { values }, mark: { type: 'line', strokeWidth: 0.7, color: '#1f77b4' }, encoding: { x: { field: 't', type: 'quantitative', title: 'step' }, y: { field: 'x', type: 'quantitative', title: 'state' } } },
    ],
  };
}

/** Panels side by side under one title, as a PNG. */
export async function figurePng(title: string, panels: Panel[]): Promise<Buffer> {
  const spec = {
    title: { text: title, fontSize: 15 },
    background: 'white',
    hconcat: panels,
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
    config: { font: 'DejaVu Sans', view: { stroke: null }, legend: { orient: 'top', labelLimit: 360 } },
  };
  return vegaLitePng(spec as unknown as TopLevelSpec);
}

/**
 * The picture of the documents for a 1-D GAN: the data density, the generator's density and
 * the discriminator's curve D(x) beside the optimal D*(x); below it, when the noise is 1-D,
 * how the generator maps evenly spaced z onto x.
 */
export function gan1dPanels(opts: {
  title: string; x: ArrayLike<number>; pData: ArrayLike<number>; pG: ArrayLike<number>;
  d?: ArrayLike<number>; dStar?: ArrayLike<number>; mapping?: Array<{ z: number; x: number }>; range: [number, number];
}): Panel[] {
  const x = { field: 'x', type: 'quantitative', title: 'x', scale: { domain: opts.range, nice: false } };
  const densities = [['data density', opts.pData], ['generated density', opts.pG]] as const;
  const probabilities = [['D(x)', opts.d], ['optimal D*(x)', opts.dStar]].filter((e): e is [string, ArrayLike<number>] => e[1] !== undefined);
  const rows = (list: ReadonlyArray<readonly [string, ArrayLike<number>]>) =>
    list.flatMap(([name, ys]) => Array.from(opts.x, (px, i) => ({ x: px, y: ys[i], curve: name })));
  // One legend for all four curves: both layers share the colour and dash scales.
  const names = ['data density', 'generated density', 'D(x)', 'optimal D*(x)'];
  const style = {
    color: { field: 'curve', type: 'nominal', title: null, scale: { domain: names, range: ['#222222', '#2ca02c', '#1f77b4', '#1f77b4'] } },
    strokeDash: { field: 'curve', type: 'nominal', title: null, scale: { domain: names, range: [[1, 0], [1, 0], [1, 0], [4, 3]] } },
  };
  const layers: Panel[] = [{
    data: { values: rows(densities) },
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: { x, y: { field: 'y', type: 'quantitative', title: 'density' }, ...style },
  }];
  if (probabilities.length > 0) {
    layers.push({
      // Points where neither density has mass leave D* undefined: they are not drawn.
      data: { values: rows(probabilities).filter((r) => Number.isFinite(r.y)) },
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: { x, y: { field: 'y', type: 'quantitative', title: 'D(x)', scale: { domain: [0, 1] }, axis: { orient: 'right' } }, ...style },
    });
  }
  const panels: Panel[] = [{ title: opts.title, width: 620, height: 300, layer: layers, resolve: { scale: { y: 'independent', color: 'shared', strokeDash: 'shared' } } }];
  if (opts.mapping && opts.mapping.length > 0) {
    // z is drawn rescaled onto the x range (bottom line), joined to G(z) (top line).
    const zs = opts.mapping.map((m) => m.z);
    const [zLo, zHi] = [Math.min(...zs), Math.max(...zs)];
    const toX = (z: number) => opts.range[0] + ((z - zLo) / (zHi - zLo || 1)) * (opts.range[1] - opts.range[0]);
    panels.push({
      title: { text: 'x = G(z): evenly spaced z (bottom, rescaled) and where G sends them (top)', fontSize: 11, fontWeight: 'normal' },
      width: 620, height: 70,
      data: { values: opts.mapping.map((m) => ({ x: toX(m.z), x2: m.x, y: 0, y2: 1 })) },
      mark: { type: 'rule', color: '#2ca02c', opacity: 0.7, clip: true },
      encoding: { x, x2: { field: 'x2' }, y: { field: 'y', type: 'quantitative', axis: null }, y2: { field: 'y2' } },
    });
  }
  return panels;
}

/** A 2-D GAN: D's probability of "real" as a heat map, with data and generated points over it. */
export function gan2dPanel(opts: {
  title: string; box: { min: number[]; max: number[] }; real: ArrayLike<number>; fake: ArrayLike<number>;
  heat?: { cells: number; values: ArrayLike<number> };
}): Panel {
  const [x0, y0] = opts.box.min, [x1, y1] = opts.box.max;
  const x = { field: 'x', type: 'quantitative', title: 'x₁', scale: { domain: [x0, x1], nice: false } };
  const y = { field: 'y', type: 'quantitative', title: 'x₂', scale: { domain: [y0, y1], nice: false } };
  const points = (flat: ArrayLike<number>, kind: string) => Array.from({ length: flat.length / 2 }, (_, i) => ({ x: flat[2 * i], y: flat[2 * i + 1], kind }));
  const layers: Panel[] = [];
  if (opts.heat) {
    const k = opts.heat.cells, w = (x1 - x0) / k, h = (y1 - y0) / k;
    const values = Array.from(opts.heat.values, (v, c) => ({ x: x0 + (c % k) * w, xe: x0 + ((c % k) + 1) * w, y: y0 + Math.floor(c / k) * h, ye: y0 + (Math.floor(c / k) + 1) * h, d: v }));
    layers.push({
      data: { values }, mark: { type: 'rect' },
      encoding: { x, x2: { field: 'xe' }, y, y2: { field: 'ye' }, color: { field: 'd', type: 'quantitative', title: 'D(x)', scale: { domain: [0, 1], scheme: 'blues' } } },
    });
  }
  layers.push({
    data: { values: [...points(opts.real, 'data'), ...points(opts.fake, 'generated')] },
    mark: { type: 'circle', size: 8, opacity: 0.7, clip: true },
    encoding: { x, y, fill: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['data', 'generated'], range: ['#555555', '#d62728'] } } },
  });
  return { title: opts.title, width: 420, height: 420, layer: layers, resolve: { scale: { color: 'independent' } } };
}

/** Panels stacked vertically, as a PNG of exactly width x height (frames of one GIF must match). */
export async function stackedFigurePng(panels: Panel[], size: { width: number; height: number }): Promise<Buffer> {
  const spec = {
    background: 'white', vconcat: panels,
    config: { font: 'DejaVu Sans', view: { stroke: null }, legend: { orient: 'top', labelLimit: 360 } },
  };
  const png = await vegaLitePng(spec as unknown as TopLevelSpec);
  return sharp(png).resize(size.width, size.height, { fit: 'contain', background: '#ffffff' }).flatten({ background: '#ffffff' }).png().toBuffer();
}

/** A small scatter of 2-D points, e.g. one state of a diffusion chain. */
export function pointsPanel(opts: { title: string; box: { min: number[]; max: number[] }; points: ArrayLike<number>; size?: number }): Panel {
  const [x0, y0] = opts.box.min, [x1, y1] = opts.box.max;
  const values = Array.from({ length: opts.points.length / 2 }, (_, i) => ({ x: opts.points[2 * i], y: opts.points[2 * i + 1] }));
  const side = opts.size ?? 200;
  return {
    title: opts.title, width: side, height: side, data: { values },
    mark: { type: 'circle', size: 6, opacity: 0.6, clip: true, color: '#d62728' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: null, scale: { domain: [x0, x1], nice: false } },
      y: { field: 'y', type: 'quantitative', title: null, scale: { domain: [y0, y1], nice: false } },
    },
  };
}
