// What the explorer's views of toy points and of diffusion models draw with, for generators and
// denoisers alike: the noise a seed gives one sample, walks between two noises, and samples from
// noise or from a seed. A denoiser's chain runs a step at a time, handing the page back between
// steps, so that it shows its progress and stays responsive; new inputs stop the last run.
import * as tf from '@tensorflow/tfjs';
import type { Chain, ChainProgress } from '../../../src/diffusion/ddpm.ts';
import { gaussianNoise } from '../../../src/random/gaussian_noise.ts';
import { lerp, slerp } from '../../../src/gan/latent_space.ts';
import { denoiserChain } from '../../../src/run/denoiser_sampler.ts';
import { Rng } from '../../../src/random/prng.ts';
import { between, draw, drawFromSeed, latentFor, spherical, type Condition } from './draw.ts';
import type { DenoiserModel, LatentModel } from './open_model.ts';

/** A chain's progress, or 'queued' while it waits for the chains asked for before it. */
export type Progress = (p: ChainProgress | 'queued') => void;

export interface NoiseSpace {
  /** Values in one sample's noise. */
  dim: number;
  /** The noise seed s gives one sample: what `ganforge sample --seed s` starts its first sample from. */
  noise(seed: number): Float32Array;
  between(a: Float32Array, b: Float32Array, t: number): Float32Array;
  /** How samples of a seed differ from `ganforge sample`'s, where they do (a denoiser sampled otherwise). */
  samplerNote?: string;
  /** How a walk goes, for the page. */
  walk: string;
  /** Half the side of the square of noise that grids cover: the bulk of the prior. */
  reach: number;
  /** One sample per noise vector, each flat. */
  fromNoise(noise: Float32Array[], condition: Condition, progress: Progress, signal: AbortSignal): Promise<Float32Array[]>;
  /** The n samples of `ganforge sample --n n --seed s`, flat, but for what samplerNote says. */
  fromSeed(n: number, seed: number, condition: Condition, progress: Progress, signal: AbortSignal): Promise<Float32Array>;
}

export function latentSpace(m: LatentModel): NoiseSpace {
  const { dim, distribution, scale } = m.manifest.latent;
  return {
    dim,
    noise: (seed) => latentFor(m, seed),
    between: (a, b, t) => between(m, a, b, t),
    walk: spherical(m) ? 'spherical: Gaussian noise keeps a typical norm on the way' : 'straight',
    // As ganforge's own 1-D figures (src/run/toy_snapshot.ts) span the prior.
    reach: distribution === 'normal' ? 2.5 * scale : scale,
    fromNoise: async (noise, condition) => draw(m, noise, condition),
    fromSeed: async (n, seed, condition) => drawFromSeed(m, n, seed, condition),
  };
}

/**
 * A denoiser's starting noise x_T as its space. Walks and grids are sampled by DDIM at eta 0 in
 * `ddimSteps` steps, which makes each sample a function of its starting noise alone; samples of a
 * seed are too, unless `trained` asks for the manifest's own sampler (then they are exactly those
 * of `ganforge sample`).
 */
export function denoiserSpace(m: DenoiserModel, ddimSteps: number, trained: boolean): NoiseSpace {
  const shape = m.manifest.sampleShape;
  const dim = tf.util.sizeFromShape(shape);
  const labels = (condition: Condition, n: number) => (condition.kind === 'class' ? new Int32Array(n).fill(condition.label) : undefined);
  return {
    dim,
    noise: (seed) => tf.tidy(() => gaussianNoise([1, ...shape], new Rng(seed)).dataSync().slice() as Float32Array),
    between: dim > 1 ? slerp : lerp,
    ...(!trained && { samplerNote: `, but sampled by DDIM at eta 0 in ${ddimSteps} steps instead of the model's own sampler` }),
    walk: `${dim > 1 ? 'spherical' : 'straight'} between the starting noises, each sample drawn by DDIM at eta 0 in ${ddimSteps} steps, which is deterministic`,
    reach: 2.5,
    fromNoise: async (noise, condition, progress, signal) => {
      const flat = new Float32Array(noise.length * dim);
      noise.forEach((z, i) => flat.set(z, i * dim));
      const start = tf.tensor(flat, [noise.length, ...shape]);
      try {
        // The rng is not drawn from: DDIM at eta 0 from a given start adds no noise.
        const out = await runStepwise(denoiserChain(m.model, m.manifest, noise.length, new Rng(0), { labels: labels(condition, noise.length), ddimSteps, start }), 1, progress, signal);
        return noise.map((_, i) => out.subarray(i * dim, (i + 1) * dim));
      } finally {
        start.dispose();
      }
    },
    fromSeed: (n, seed, condition, progress, signal) =>
      runStepwise(denoiserChain(m.model, m.manifest, n, new Rng(seed), { labels: labels(condition, n), ddimSteps: trained ? undefined : ddimSteps }), 0, progress, signal),
  };
}

/** Chains waiting for their next step (a lower priority number goes first), and whether one is stepping now. */
const waiting: { priority: number; go: () => void }[] = [];
let stepping = false;

function nextTurn(): void {
  if (stepping || waiting.length === 0) return;
  stepping = true;
  // Each step in a task of its own, so that the page draws and answers input in between; the
  // chain is chosen when the task runs, after the one that just stepped has asked again.
  setTimeout(() => {
    const first = waiting.reduce((best, w) => (w.priority < best.priority ? w : best));
    waiting.splice(waiting.indexOf(first), 1);
    first.go();
  }, 0);
}

const turn = (priority: number) => new Promise<void>((go) => { waiting.push({ priority, go }); nextTurn(); });

/**
 * Runs `chain` to its end a step at a time, the chains on the page taking turns step by step:
 * samples of a seed (priority 0) before walks and grids (1), so that a new seed is drawn at once
 * even while a walk is under way. An abort stops a chain between steps and frees its tensors.
 */
async function runStepwise(chain: Chain, priority: number, progress: Progress, signal: AbortSignal): Promise<Float32Array> {
  progress('queued');
  try {
    for (;;) {
      await turn(priority);
      try {
        signal.throwIfAborted();
        const step = chain.next();
        if (step.done) {
          try {
            return (await step.value.data() as Float32Array).slice();
          } finally {
            step.value.dispose();
          }
        }
        progress(step.value);
      } finally {
        stepping = false;
        nextTurn();
      }
    }
  } finally {
    // A chain stopped half-way frees its state; a finished one ignores this.
    chain.return(undefined!);
  }
}
