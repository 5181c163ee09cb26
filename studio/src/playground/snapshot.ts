// What the views and charts show at one moment of training, computed from the networks on
// fixed noise and fixed real points (so that the pictures move only because the networks do).
import * as tf from '@tensorflow/tfjs';
import { fromUnitRange } from '../../../src/data/dataset.ts';
import { toUnitBox } from '../../../src/data/toy.ts';
import { curves1d, metrics1d, modeCoverage, type Curves1d } from '../../../src/eval/toy_metrics.ts';
import { dOutputToProbability, isProbability, pushOnSamples, type Networks } from './gan.ts';
import { distancesToTruth } from './metrics2d.ts';
import type { Setup } from './setup.ts';
import type { Target } from './target.ts';

/** The heat map's resolution (2-D). */
export const HEAT = 48;
/** Lines of the noise grid, and points along each. */
const GRID_LINES = 13, GRID_POINTS = 40;
/** Generated points that carry a gradient arrow. */
const ARROWS = 200;

export interface Metrics {
  jsd: number;
  kl: number;
  w1: number;
  modesCovered?: number;
  modes?: number;
}

/** One noise sample and one real point through the model, for the model overview graph. */
export interface Overview {
  z: number[];
  gz: number[];
  x: number[];
  /** D's output at x and at G(z): a probability for the logit losses, else the raw score. */
  dReal: number;
  dFake: number;
  /** The last update's losses (NaN before the first). */
  dLoss: number;
  gLoss: number;
}

export interface Snapshot {
  real: Float32Array;
  fake: Float32Array;
  /** 2-D: D's probability (or rescaled critic) on a HEAT x HEAT grid over the box, row 0 at the top. 1-D: on curves.grid. */
  d: Float32Array;
  /** The push of G's loss on the first ARROWS fake points. */
  push: Float32Array;
  /** 2-D noise: polylines of the noise grid through G; 1-D noise: the curve z -> G(z). */
  noiseLines: { z: number[]; x: Float32Array }[];
  /** 1-D only: the densities and D* on a grid, in box units on x. */
  curves?: Curves1d & { boxX: Float32Array };
  metrics: Metrics;
  overview: Overview;
}

/** Fixed inputs for the views: generated points from this noise, compared with these real points. */
export interface Probe { noise: Float32Array; real: Float32Array; truthHistogram?: Float64Array }

const probability = (nets: Networks, setup: Setup, x: tf.Tensor) => {
  const out = dOutputToProbability(setup.loss, nets.discriminator.apply(x) as tf.Tensor);
  if (isProbability(setup.loss)) return out;
  // Critic scores have no fixed scale: shown rescaled to [0, 1] over the view.
  const lo = tf.min(out), hi = tf.max(out);
  return tf.div(tf.sub(out, lo), tf.maximum(tf.sub(hi, lo), 1e-6));
};

export function takeSnapshot(nets: Networks, setup: Setup, target: Target, probe: Probe, losses: { d: number; g: number }): Snapshot {
  let snapshot: Snapshot | undefined;
  // Typed arrays leave the tidy scope as plain data; every tensor made here is disposed with it.
  tf.tidy(() => {
    const s = measure(nets, setup, target, probe);
    snapshot = { ...s, overview: overview(nets, setup, target.dim, probe, s.fake, losses) };
  });
  return snapshot!;
}

/** The first probe noise and real point through G and D (inside takeSnapshot's tidy). */
function overview(nets: Networks, setup: Setup, dim: number, probe: Probe, fake: Float32Array, losses: { d: number; g: number }): Overview {
  const x = Array.from(probe.real.slice(0, dim)), gz = Array.from(fake.slice(0, dim));
  const out = dOutputToProbability(setup.loss, nets.discriminator.apply(tf.tensor2d([...x, ...gz], [2, dim])) as tf.Tensor).dataSync();
  return { z: Array.from(probe.noise.slice(0, setup.latentDim)), gz, x, dReal: out[0], dFake: out[1], dLoss: losses.d, gLoss: losses.g };
}

function measure(nets: Networks, setup: Setup, target: Target, probe: Probe): Omit<Snapshot, 'overview'> {
  {
    const n = probe.noise.length / setup.latentDim;
    const fakeT = nets.generator.apply(tf.tensor2d(probe.noise, [n, setup.latentDim])) as tf.Tensor2D;
    const fake = fakeT.dataSync() as Float32Array;
    const push = pushOnSamples(nets, setup, fakeT.slice([0, 0], [Math.min(ARROWS, n), target.dim]));
    const noiseLines = noiseGrid(setup, target.dim).map((z) => ({
      z, x: (nets.generator.apply(tf.tensor2d(z, [z.length / setup.latentDim, setup.latentDim])) as tf.Tensor).dataSync() as Float32Array,
    }));
    if (target.dim === 2) {
      const d = probability(nets, setup, tf.tensor2d(heatCells(), [HEAT * HEAT, 2])).dataSync() as Float32Array;
      const metrics: Metrics = distancesToTruth(probe.truthHistogram!, probe.real, fake, target.scale);
      if (target.modes && target.modes.centers.length > 0) {
        const m = modeCoverage(fake, target.modes);
        metrics.modesCovered = m.modesCovered;
        metrics.modes = m.modes;
      }
      return { real: probe.real, fake, d, push, noiseLines, metrics };
    }
    const toy = target.toy!;
    const fakeData = fromUnitRange(fake, toy.box);
    const curves = curves1d(toy.distribution1d!, fakeData, [toy.box.min[0], toy.box.max[0]]);
    const boxX = toUnitBox(curves.grid.x, toy.box);
    const d = probability(nets, setup, tf.tensor2d(boxX, [boxX.length, 1])).dataSync() as Float32Array;
    const m = metrics1d(toy.distribution1d!, fakeData, curves);
    return { real: probe.real, fake, d, push, noiseLines, curves: { ...curves, boxX }, metrics: { jsd: m.jsd, kl: m.kl, w1: m.w1 } };
  }
}

/** The heat map's cell centres over the box, [HEAT * HEAT, 2] flat, row 0 at the top. */
export function heatCells(): Float32Array {
  return Float32Array.from({ length: HEAT * HEAT * 2 }, (_, i) => {
    const cell = i >> 1, col = cell % HEAT, row = Math.floor(cell / HEAT);
    return i % 2 === 0 ? -1 + (2 * (col + 0.5)) / HEAT : 1 - (2 * (row + 0.5)) / HEAT;
  });
}

/** Half the side of the noise square the grid covers (the bulk of the prior); the noise view's caption states it too. */
export const noiseReach = (setup: Pick<Setup, 'noisePrior'>) => (setup.noisePrior === 'normal' ? 2 : 1);

/**
 * Latent points whose images show G as a transform of the noise space: for 2-D (or wider) noise,
 * the lines of a grid over the first two coordinates (the rest 0); for 1-D noise or 1-D data,
 * one line along the first coordinate (the mapping curve).
 */
export function noiseGrid(setup: Pick<Setup, 'latentDim' | 'noisePrior'>, dim: number): number[][] {
  const reach = noiseReach(setup);
  const ticks = (k: number) => Array.from({ length: k }, (_, i) => -reach + (2 * reach * i) / (k - 1));
  const point = (a: number, b: number) => Array.from({ length: setup.latentDim }, (_, i) => (i === 0 ? a : i === 1 ? b : 0));
  if (setup.latentDim === 1 || dim === 1) return [ticks(200).flatMap((s) => point(s, 0))];
  const lines: number[][] = [];
  for (const t of ticks(GRID_LINES)) {
    lines.push(ticks(GRID_POINTS).flatMap((s) => point(s, t)));
    lines.push(ticks(GRID_POINTS).flatMap((s) => point(t, s)));
  }
  return lines;
}
