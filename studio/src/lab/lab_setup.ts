// The lab's whole set-up as plain data: the distribution all four models learn, and each family's
// knobs; its form in the URL (the query after #/lab), so that a view can be shared and restored.
import { LOSSES, type LossType } from '../../../src/config/schema.ts';
import { SCHEDULE_NAMES, type ScheduleName } from '../../../src/diffusion/schedule.ts';
import { DATA_NAMES, drawnFromText, drawnToText, type DataName } from '../playground/setup.ts';

export const FAMILIES = ['gan', 'vae', 'gmn', 'diffusion'] as const;
export type LabFamily = (typeof FAMILIES)[number];

export interface LabSetup {
  data: DataName;
  /** The drawn distribution's centres, in the [-1, 1]^2 box. */
  drawn: number[][];
  batchSize: number;
  seed: number;
  ganLoss: LossType;
  ganLr: number;
  vaeLr: number;
  /** The decoder's fixed std: the ELBO's trade between reconstruction and KL. */
  vaeStd: number;
  gmnLr: number;
  /** Scales the kernel bandwidths (the median heuristic's times MEDIAN_FACTORS). */
  gmnBandwidth: number;
  diffusionLr: number;
  /** T, the number of noising steps. */
  diffusionSteps: number;
  diffusionSchedule: ScheduleName;
}

// The ring by default, where every family shows its character within a few hundred steps.
export const DEFAULT_LAB: LabSetup = {
  data: 'ring', drawn: [], batchSize: 128, seed: 0,
  ganLoss: 'least-squares', ganLr: 0.001,
  vaeLr: 0.002, vaeStd: 0.1,
  gmnLr: 0.002, gmnBandwidth: 1,
  diffusionLr: 0.002, diffusionSteps: 100, diffusionSchedule: 'cosine',
};

/** Which set-up keys make each family's model anew; the data, the batch and the seed make all four anew. */
export const FAMILY_KEYS: Record<LabFamily, (keyof LabSetup)[]> = {
  gan: ['ganLoss', 'ganLr'], vae: ['vaeLr', 'vaeStd'], gmn: ['gmnLr', 'gmnBandwidth'], diffusion: ['diffusionLr', 'diffusionSteps', 'diffusionSchedule'],
};
const SHARED_KEYS: (keyof LabSetup)[] = ['data', 'drawn', 'batchSize', 'seed'];

/** Equal for two set-ups under which one family's model can go on training. */
export const modelKey = (s: LabSetup, family: LabFamily) => JSON.stringify([...SHARED_KEYS, ...FAMILY_KEYS[family]].map((k) => s[k]));

const KEYS: Record<keyof LabSetup, string> = {
  data: 'data', drawn: 'pts', batchSize: 'batch', seed: 'seed', ganLoss: 'gloss', ganLr: 'glr', vaeLr: 'vlr', vaeStd: 'vstd',
  gmnLr: 'mlr', gmnBandwidth: 'mbw', diffusionLr: 'dlr', diffusionSteps: 'dT', diffusionSchedule: 'dsched',
};

/** The URL's query; defaults are left out. */
export function labToQuery(setup: LabSetup): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(KEYS) as (keyof LabSetup)[]) {
    if (JSON.stringify(setup[key]) === JSON.stringify(DEFAULT_LAB[key])) continue;
    q.set(KEYS[key], key === 'drawn' ? drawnToText(setup.drawn) : String(setup[key]));
  }
  return q.toString();
}

const oneOf = <T extends string>(values: readonly T[], s: string, fallback: T) => ((values as readonly string[]).includes(s) ? (s as T) : fallback);
const number = (s: string, fallback: number, min: number, max: number) => {
  const v = Number(s);
  return s !== '' && Number.isFinite(v) && v >= min && v <= max ? v : fallback;
};

/** The set-up a URL query names; what is missing or out of range keeps its default. The lab learns 2-D data only. */
export function labFromQuery(query: string): LabSetup {
  const q = new URLSearchParams(query);
  const s = { ...DEFAULT_LAB };
  const at = <K extends keyof LabSetup>(key: K, read: (v: string) => LabSetup[K]) => { const v = q.get(KEYS[key]); if (v !== null) s[key] = read(v); };
  at('data', (v) => oneOf(LAB_DATA, v, s.data));
  at('drawn', drawnFromText);
  at('batchSize', (v) => Math.round(number(v, s.batchSize, 8, 1024)));
  at('seed', (v) => Math.round(number(v, s.seed, 0, 2 ** 31)));
  at('ganLoss', (v) => oneOf(LOSSES, v, s.ganLoss));
  at('ganLr', (v) => number(v, s.ganLr, 1e-6, 1));
  at('vaeLr', (v) => number(v, s.vaeLr, 1e-6, 1));
  at('vaeStd', (v) => number(v, s.vaeStd, 0.01, 1));
  at('gmnLr', (v) => number(v, s.gmnLr, 1e-6, 1));
  at('gmnBandwidth', (v) => number(v, s.gmnBandwidth, 0.05, 20));
  at('diffusionLr', (v) => number(v, s.diffusionLr, 1e-6, 1));
  at('diffusionSteps', (v) => Math.round(number(v, s.diffusionSteps, 2, 1000)));
  at('diffusionSchedule', (v) => oneOf(SCHEDULE_NAMES, v, s.diffusionSchedule));
  return s;
}

/** The 2-D distributions of the playground's list (the 1-D toys have no plane to draw). */
export const LAB_DATA = DATA_NAMES.filter((d) => !d.endsWith('1d'));
