// The playground's whole set-up as plain data, with its defaults in one place, and its form in
// the URL (the query after #/playground) so that a view can be shared and restored on load.
import { LOSSES, OPTIMIZERS, PRIORS, type LatentModelConfig, type LossType } from '../../../src/config/schema.ts';
import { TOY_NAMES } from '../../../src/data/schema.ts';

export { LOSSES, OPTIMIZERS, PRIORS };
/** ganforge's toy distributions, and the one the user draws. */
export const DATA_NAMES = [...TOY_NAMES, 'drawn'] as const;
export type DataName = (typeof DATA_NAMES)[number];
export type OptimizerName = (typeof OPTIMIZERS)[number];
export type Prior = (typeof PRIORS)[number];

export interface Setup {
  data: DataName;
  /** The drawn distribution's centres, in the [-1, 1]^2 box. */
  drawn: number[][];
  generatorHidden: number[];
  discriminatorHidden: number[];
  loss: LossType;
  /** k: discriminator steps per generator step. */
  dSteps: number;
  optimizer: OptimizerName;
  generatorLr: number;
  discriminatorLr: number;
  /** Adam's (beta1, beta2) for each network. */
  generatorBetas: [number, number];
  discriminatorBetas: [number, number];
  /** Momentum of SGD and RMSProp. */
  momentum: number;
  /** One-sided: real targets become 1 - labelSmoothing. */
  labelSmoothing: number;
  /** lambda of WGAN-GP's penalty (wgan-gp only). */
  gradientPenalty: number;
  /** gamma of R1's penalty on real data (every loss; 0 is off). */
  r1: number;
  /** WGAN's weight clipping bound (wasserstein only). */
  clip: number;
  noisePrior: Prior;
  latentDim: number;
  batchSize: number;
  seed: number;
}

// Least squares by default: on the ring it spreads over the modes within a few hundred steps,
// where the non-saturating GAN of the same size circles from mode to mode for much longer.
export const DEFAULT_SETUP: Setup = {
  data: 'ring', drawn: [], generatorHidden: [64, 64], discriminatorHidden: [64, 64], loss: 'least-squares', dSteps: 1,
  optimizer: 'adam', generatorLr: 0.001, discriminatorLr: 0.001, generatorBetas: [0.5, 0.999], discriminatorBetas: [0.5, 0.999], momentum: 0,
  labelSmoothing: 0, gradientPenalty: 1, r1: 0, clip: 0.05, noisePrior: 'normal', latentDim: 2, batchSize: 128, seed: 0,
};

/**
 * The knobs that make new networks or new data, with what the page says when one restarts
 * training. Every other knob, and drawn points, apply to the running training from its next update.
 */
const RESTARTS: Partial<Record<keyof Setup, string>> = {
  data: 'the data changed', generatorHidden: 'the network changed', discriminatorHidden: 'the network changed',
  latentDim: 'the network changed', noisePrior: 'the noise prior changed', seed: 'the seed changed',
};
const restartKeys = Object.keys(RESTARTS) as (keyof Setup)[];

/** Equal for two set-ups that one training session can move between. */
export const sessionKey = (s: Setup) => JSON.stringify(restartKeys.map((k) => s[k]));

/** Why going from one set-up to the other needs new networks, or undefined where it does not. */
export function restartReason(before: Setup, after: Setup): string | undefined {
  const changed = restartKeys.find((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return changed && RESTARTS[changed];
}

/** The noise prior as ganforge's configs and exported manifests name it. */
export const latentOf = (s: Setup): LatentModelConfig['latent'] => ({ dim: s.latentDim, distribution: s.noisePrior, scale: 1 });

// Short URL keys, so that a shared link stays readable.
const KEYS: Record<keyof Setup, string> = {
  data: 'data', drawn: 'pts', generatorHidden: 'g', discriminatorHidden: 'd', loss: 'loss', dSteps: 'k', optimizer: 'opt',
  generatorLr: 'lrg', discriminatorLr: 'lrd', generatorBetas: 'bg', discriminatorBetas: 'bd', momentum: 'mom', labelSmoothing: 'smooth',
  gradientPenalty: 'gp', r1: 'r1', clip: 'clip',
  noisePrior: 'prior', latentDim: 'z', batchSize: 'batch', seed: 'seed',
};

const sizes = (s: string) => s.split(',').map(Number).filter((v) => Number.isInteger(v) && v > 0 && v <= 512).slice(0, 4);
/** "beta1,beta2", each in [0, 1); undefined for anything else. */
export function parseBetas(s: string): [number, number] | undefined {
  const b = s.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  return b.length === 2 && b.every((v) => v >= 0 && v < 1) ? [b[0], b[1]] : undefined;
}
const oneOf = <T extends string>(values: readonly T[], s: string, fallback: T) => (values as readonly string[]).includes(s) ? (s as T) : fallback;
const number = (s: string, fallback: number, min: number, max: number) => {
  const v = Number(s);
  return s !== '' && Number.isFinite(v) && v >= min && v <= max ? v : fallback;
};

/** Drawn points as a URL holds them: "x,y;x,y", two decimals. */
export const drawnToText = (drawn: number[][]) => drawn.map((p) => p.map((c) => c.toFixed(2)).join(',')).join(';');
/** drawnToText's inverse; points outside the box or malformed are left out. */
export const drawnFromText = (v: string) => v.split(';').map((p) => p.split(',').map(Number)).filter((p) => p.length === 2 && p.every((c) => Number.isFinite(c) && Math.abs(c) <= 1));

/** The URL's query, in the form setupFromQuery reads; defaults are left out. */
export function setupToQuery(setup: Setup): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(KEYS) as (keyof Setup)[]) {
    const v = setup[key], d = DEFAULT_SETUP[key];
    if (JSON.stringify(v) === JSON.stringify(d)) continue;
    q.set(KEYS[key], key === 'drawn' ? drawnToText(setup.drawn) : Array.isArray(v) ? v.join(',') : String(v));
  }
  return q.toString();
}

/** The set-up a URL query names; what is missing or out of range keeps its default. */
export function setupFromQuery(query: string): Setup {
  const q = new URLSearchParams(query);
  const get = (key: keyof Setup) => q.get(KEYS[key]);
  const s = { ...DEFAULT_SETUP };
  const at = <K extends keyof Setup>(key: K, read: (v: string) => Setup[K]) => { const v = get(key); if (v !== null) s[key] = read(v); };
  at('data', (v) => oneOf(DATA_NAMES, v, s.data));
  at('drawn', drawnFromText);
  at('generatorHidden', (v) => (sizes(v).length ? sizes(v) : s.generatorHidden));
  at('discriminatorHidden', (v) => (sizes(v).length ? sizes(v) : s.discriminatorHidden));
  at('loss', (v) => oneOf(LOSSES, v, s.loss));
  at('dSteps', (v) => Math.round(number(v, s.dSteps, 1, 20)));
  at('optimizer', (v) => oneOf(OPTIMIZERS, v, s.optimizer));
  at('generatorLr', (v) => number(v, s.generatorLr, 1e-6, 1));
  at('discriminatorLr', (v) => number(v, s.discriminatorLr, 1e-6, 1));
  at('generatorBetas', (v) => parseBetas(v) ?? s.generatorBetas);
  at('discriminatorBetas', (v) => parseBetas(v) ?? s.discriminatorBetas);
  at('momentum', (v) => number(v, s.momentum, 0, 0.99));
  at('labelSmoothing', (v) => number(v, s.labelSmoothing, 0, 0.5));
  at('gradientPenalty', (v) => number(v, s.gradientPenalty, 0, 100));
  at('r1', (v) => number(v, s.r1, 0, 100));
  at('clip', (v) => number(v, s.clip, 0.001, 10));
  at('noisePrior', (v) => oneOf(PRIORS, v, s.noisePrior));
  at('latentDim', (v) => Math.round(number(v, s.latentDim, 1, 16)));
  at('batchSize', (v) => Math.round(number(v, s.batchSize, 8, 1024)));
  at('seed', (v) => Math.round(number(v, s.seed, 0, 2 ** 31)));
  return s;
}
