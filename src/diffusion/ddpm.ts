// The math of denoising diffusion: the forward noising process and its training loss (Ho et al.
// 2020, "Denoising Diffusion Probabilistic Models", DDPM), and two reverse samplers: DDPM's
// ancestral sampling (Algorithm 2) and DDIM (Song et al. 2021, "Denoising Diffusion Implicit
// Models"), which walks a sub-sequence of the steps and is deterministic at eta = 0.
//
// Steps follow the papers' numbering (see schedule.ts): x_0 is data, x_T is noise, and the noise
// predictor eps_theta(x_t, t) is asked about t in 1..T. Every random draw comes from the Rng
// passed in, in a fixed order, so a seed reproduces a run.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/prng.ts';
import { gaussianNoise } from '../random/gaussian_noise.ts';
import type { NoiseSchedule } from './schedule.ts';

/**
 * eps_theta(x_t, t, y): the noise in x_t [n, ...shape], with t [n, 1] the step (1..T, as floats)
 * of each sample and y [n, k] one-hot labels for class-conditional predictors.
 */
export type NoisePredictor = (xt: tf.Tensor, t: tf.Tensor2D, oneHotLabels?: tf.Tensor2D) => tf.Tensor;

/** A denoiser model (inputs [x_t, t] or [x_t, t, y], see networks.ts) as a NoisePredictor. */
export function modelPredictor(model: tf.LayersModel, training = false): NoisePredictor {
  const conditional = model.inputs.length === 3;
  return (xt, t, oneHotLabels) => {
    if (conditional !== (oneHotLabels !== undefined)) {
      throw new Error(conditional
        ? `the denoiser "${model.name}" is class-conditional and needs one-hot labels; pass labels when training and sampling.`
        : `the denoiser "${model.name}" is unconditional but was given labels; drop them or build a conditional denoiser.`);
    }
    return model.apply(oneHotLabels ? [xt, t, oneHotLabels] : [xt, t], { training }) as tf.Tensor;
  };
}


/** One number per sample, shaped [n, 1, ..., 1] to broadcast over samples of rank `rank - 1`. */
function perSample(values: ArrayLike<number>, rank: number): tf.Tensor {
  return tf.tensor(Float32Array.from(values), [values.length, ...Array<number>(rank - 1).fill(1)]);
}

/** Steps as the predictor takes them: [n, 1] floats. */
function stepColumn(t: ArrayLike<number>): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(t), [t.length, 1]);
}

/** t uniform on 1..T for each of n samples. */
export function randomSteps(n: number, schedule: NoiseSchedule, rng: Rng): Int32Array {
  return Int32Array.from({ length: n }, () => 1 + rng.int(schedule.steps));
}

/** x_t ~ q(x_t | x_0) for each sample at its own step t[i] (0..T), given the standard normal `noise`. */
export function qSample(schedule: NoiseSchedule, x0: tf.Tensor, t: ArrayLike<number>, noise: tf.Tensor): tf.Tensor {
  if (t.length !== x0.shape[0]) throw new Error(`qSample got ${t.length} steps for ${x0.shape[0]} samples; pass one step per sample.`);
  return tf.tidy(() => {
    const ab = Array.from(t, (s) => schedule.alphaBars[s]);
    // Ho et al. 2020, eq. 4: q(x_t | x_0) = N(sqrt(alphaBar_t) x_0, (1 - alphaBar_t) I).
    return tf.add(tf.mul(perSample(ab.map(Math.sqrt), x0.rank), x0), tf.mul(perSample(ab.map((a) => Math.sqrt(1 - a)), x0.rank), noise));
  });
}

/**
 * DDPM's simple loss on a batch of data: t uniform on 1..T and eps ~ N(0, I) per sample, drawn
 * from `rng` in that order. The squared error is averaged over every element (Ho et al.'s code),
 * so its scale does not depend on the data's size; an untrained predictor of zeros scores 1.
 */
export function simpleLoss(schedule: NoiseSchedule, predictor: NoisePredictor, x0: tf.Tensor, rng: Rng, oneHotLabels?: tf.Tensor2D): tf.Scalar {
  const n = x0.shape[0];
  const t = randomSteps(n, schedule, rng);
  return tf.tidy(() => {
    const eps = gaussianNoise(x0.shape, rng);
    const xt = qSample(schedule, x0, t, eps);
    // Ho et al. 2020, eq. 14: L_simple = E_{t, x_0, eps} ||eps - eps_theta(sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps, t)||^2.
    return tf.mean(tf.squaredDifference(eps, predictor(xt, stepColumn(t), oneHotLabels))) as tf.Scalar;
  });
}

/**
 * The variance of DDPM's reverse steps: 'beta' (sigma_t^2 = beta_t, optimal for x_0 ~ N(0, I)) or
 * 'beta-tilde' (the forward posterior's, optimal for a single known x_0; diffusers' default).
 * Ho et al. found both give similar samples.
 */
export type PosteriorVariance = 'beta' | 'beta-tilde';

/** What every sampler takes. */
export interface SamplerOptions {
  /** One-hot labels [n, k] for class-conditional predictors. */
  oneHotLabels?: tf.Tensor2D;
  /** Clip each estimate of x_0 to [-clip, clip] (for data known to lie there, such as images in [-1, 1]); default none. */
  clip?: number;
  /** Called with each state x_t the chain reaches, from x_T to x_0; the tensor is the sampler's, valid during the call only. */
  onStep?: (t: number, xt: tf.Tensor) => void;
  /**
   * x_T to start from instead of a draw from the rng (the caller keeps it): with DDIM at eta 0 the
   * sample is then a deterministic function of it, so starting noise can be interpolated.
   */
  start?: tf.Tensor;
}

export interface AncestralOptions extends SamplerOptions {
  /** Default 'beta-tilde'. */
  variance?: PosteriorVariance;
}

export interface DdimOptions extends SamplerOptions {
  /** S, how many steps of the sub-sequence to take (1..T); default T. */
  steps?: number;
  /** Share of DDPM's noise to add: 0 (default) deterministic DDIM, 1 DDPM with beta-tilde variance. */
  eta?: number;
}

export type SampleOptions = ({ method: 'ancestral' } & AncestralOptions) | ({ method: 'ddim' } & DdimOptions);

/** The sampler a config or an exported model's manifest names; x_0 estimates are clipped to [-1, 1], where every dataset lies. */
export function samplerOptions(s: { method: 'ancestral' | 'ddim'; steps: number; eta: number }): SampleOptions {
  return s.method === 'ddim' ? { method: 'ddim', steps: s.steps, eta: s.eta, clip: 1 } : { method: 'ancestral', clip: 1 };
}

/** How far a reverse chain has come: steps taken, and steps in all. */
export interface ChainProgress { done: number; total: number }

/**
 * A reverse chain that runs as it is iterated: it yields after each step and returns x_0.
 * runChain runs one to the end at once; a caller that must stay responsive (the studio's
 * explorer in a browser) waits between steps, and return() frees the state of one it stops.
 */
export type Chain = Generator<ChainProgress, tf.Tensor, void>;

export function runChain(chain: Chain): tf.Tensor {
  for (;;) {
    const step = chain.next();
    if (step.done) return step.value;
  }
}

/** x_0 estimated from x_t and the predicted noise, optionally clipped. */
function predictX0(schedule: NoiseSchedule, xt: tf.Tensor, eps: tf.Tensor, t: number, clip: number | undefined): tf.Tensor {
  const ab = schedule.alphaBars[t];
  // Ho et al. 2020, eq. 4 solved for x_0: x_0 = (x_t - sqrt(1 - alphaBar_t) eps) / sqrt(alphaBar_t).
  const x0 = tf.sub(tf.mul(xt, 1 / Math.sqrt(ab)), tf.mul(eps, Math.sqrt(1 / ab - 1)));
  return clip === undefined ? x0 : tf.clipByValue(x0, -clip, clip);
}

/**
 * A reverse chain over `path` (descending steps from T, ending at 0): x_T ~ N(0, I) (or
 * options.start), then x <- step(x, t, prev) along consecutive pairs, each step in its own tidy scope.
 */
function* reverse(
  schedule: NoiseSchedule, predictor: NoisePredictor, shape: number[], rng: Rng, path: number[], options: SamplerOptions,
  step: (xt: tf.Tensor, eps: tf.Tensor, t: number, prev: number) => tf.Tensor,
): Chain {
  const n = shape[0];
  if (options.oneHotLabels && options.oneHotLabels.shape[0] !== n) {
    throw new Error(`the sampler got ${options.oneHotLabels.shape[0]} labels for ${n} samples; pass one label per sample.`);
  }
  if (options.start && options.start.shape.join() !== shape.join()) {
    throw new Error(`the sampler got a start of shape [${options.start.shape.join(', ')}] for samples [${shape.join(', ')}]; pass x_T of the samples' shape.`);
  }
  let x = options.start ? tf.clone(options.start) : gaussianNoise(shape, rng);
  let finished = false;
  try {
    options.onStep?.(path[0], x);
    for (let i = 0; i + 1 < path.length; i++) {
      const t = path[i], prev = path[i + 1];
      const next = tf.tidy(() => step(x, predictor(x, stepColumn(new Float32Array(n).fill(t)), options.oneHotLabels), t, prev));
      x.dispose();
      x = next;
      options.onStep?.(prev, x);
      yield { done: i + 1, total: path.length - 1 };
    }
    finished = true;
    return x;
  } finally {
    // A chain stopped half-way (return() or an error) frees its state.
    if (!finished) x.dispose();
  }
}

/** DDPM's ancestral sampler (Ho et al. 2020, Algorithm 2) for `shape` = [n, ...sample shape]. */
export function sampleAncestral(schedule: NoiseSchedule, predictor: NoisePredictor, shape: number[], rng: Rng, options: AncestralOptions = {}): tf.Tensor {
  return runChain(ancestralChain(schedule, predictor, shape, rng, options));
}

function ancestralChain(schedule: NoiseSchedule, predictor: NoisePredictor, shape: number[], rng: Rng, options: AncestralOptions): Chain {
  const { alphas, alphaBars, betas, posteriorVariances, steps } = schedule;
  const variance = options.variance ?? 'beta-tilde';
  const path = Array.from({ length: steps + 1 }, (_, i) => steps - i);
  return reverse(schedule, predictor, shape, rng, path, options, (xt, eps, t) => {
    const x0 = predictX0(schedule, xt, eps, t, options.clip);
    // Ho et al. 2020, eq. 7: mu~_t(x_t, x_0) = sqrt(alphaBar_{t-1}) beta_t / (1 - alphaBar_t) x_0 + sqrt(alpha_t) (1 - alphaBar_{t-1}) / (1 - alphaBar_t) x_t
    // (with x_0 from eq. 15 this is eq. 11's mean; the detour through x_0 lets it be clipped).
    const mean = tf.add(tf.mul(x0, (Math.sqrt(alphaBars[t - 1]) * betas[t]) / (1 - alphaBars[t])),
      tf.mul(xt, (Math.sqrt(alphas[t]) * (1 - alphaBars[t - 1])) / (1 - alphaBars[t])));
    // Algorithm 2: z ~ N(0, I) if t > 1, else z = 0.
    if (t === 1) return mean;
    // Eq. 7's beta~_t (schedule.ts), or sigma_t^2 = beta_t (section 3.2).
    const sigma2 = variance === 'beta' ? betas[t] : posteriorVariances[t];
    return tf.add(mean, tf.mul(gaussianNoise(shape, rng), Math.sqrt(sigma2)));
  });
}

/**
 * DDIM's steps for a sub-sequence of length S, descending from T and ending at 0: T - i T / S
 * rounded, for i = 0..S-1 ("trailing" spacing, Lin et al. 2024), so the chain starts at x_T where
 * N(0, I) is the right start; with S = T it is every step.
 */
export function ddimSteps(schedule: NoiseSchedule, count: number): number[] {
  const T = schedule.steps;
  if (!(Number.isInteger(count) && count >= 1 && count <= T)) {
    throw new Error(`DDIM needs between 1 and ${T} steps (the schedule's T), not ${count}; choose e.g. 50.`);
  }
  return [...Array.from({ length: count }, (_, i) => Math.round(T - (i * T) / count)), 0];
}

/** DDIM's sampler (Song et al. 2021) for `shape` = [n, ...sample shape]. */
export function sampleDdim(schedule: NoiseSchedule, predictor: NoisePredictor, shape: number[], rng: Rng, options: DdimOptions = {}): tf.Tensor {
  return runChain(ddimChain(schedule, predictor, shape, rng, options));
}

function ddimChain(schedule: NoiseSchedule, predictor: NoisePredictor, shape: number[], rng: Rng, options: DdimOptions): Chain {
  const { alphaBars } = schedule;
  const eta = options.eta ?? 0;
  if (!(eta >= 0)) throw new Error(`DDIM's eta must be at least 0, not ${eta}; use 0 (deterministic) to 1 (DDPM-like).`);
  const path = ddimSteps(schedule, options.steps ?? schedule.steps);
  return reverse(schedule, predictor, shape, rng, path, options, (xt, eps, t, prev) => {
    const ab = alphaBars[t], abPrev = alphaBars[prev];
    const x0 = predictX0(schedule, xt, eps, t, options.clip);
    // With a clipped x_0 the noise is derived again from it (as GLIDE and diffusers do): keeping
    // the raw eps beside a clipped x_0 makes the step inconsistent, and a poor early predictor
    // then drives whole images to +-1.
    const noise = options.clip === undefined ? eps : tf.div(tf.sub(xt, tf.mul(x0, Math.sqrt(ab))), Math.sqrt(1 - ab));
    // Song et al. 2021, eq. 16: sigma_t(eta) = eta sqrt((1 - alphaBar_{t-1}) / (1 - alphaBar_t)) sqrt(1 - alphaBar_t / alphaBar_{t-1}).
    const sigma = eta * Math.sqrt((1 - abPrev) / (1 - ab)) * Math.sqrt(1 - ab / abPrev);
    // Eq. 12: x_{t-1} = sqrt(alphaBar_{t-1}) x_0-hat + sqrt(1 - alphaBar_{t-1} - sigma_t^2) eps_theta + sigma_t z.
    const direction = Math.sqrt(Math.max(0, 1 - abPrev - sigma * sigma));
    const x = tf.add(tf.mul(x0, Math.sqrt(abPrev)), tf.mul(noise, direction));
    return sigma > 0 ? tf.add(x, tf.mul(gaussianNoise(shape, rng), sigma)) : x;
  });
}

/** The sampler `options.method` names. */
export function sample(schedule: NoiseSchedule, predictor: NoisePredictor, shape: number[], rng: Rng, options: SampleOptions): tf.Tensor {
  return runChain(sampleChain(schedule, predictor, shape, rng, options));
}

/** The chain of the sampler `options.method` names, to run a step at a time. */
export function sampleChain(schedule: NoiseSchedule, predictor: NoisePredictor, shape: number[], rng: Rng, options: SampleOptions): Chain {
  if (options.method === 'ancestral') return ancestralChain(schedule, predictor, shape, rng, options);
  if (options.method === 'ddim') return ddimChain(schedule, predictor, shape, rng, options);
  throw new Error(`unknown sampling method "${(options as { method: string }).method}"; choose ancestral or ddim.`);
}

/** A state of a chain: x_t for n samples, flat. */
export interface ChainState { t: number; x: Float32Array }

/**
 * The forward chain run step by step, x_t = sqrt(alpha_t) x_{t-1} + sqrt(beta_t) z (Ho et al.
 * 2020, eq. 2), one trajectory per sample of x0, recorded at the steps `at` (0..T).
 */
export function forwardChain(schedule: NoiseSchedule, x0: tf.Tensor, at: number[], rng: Rng): ChainState[] {
  const wanted = checkSteps(schedule, at);
  const states: ChainState[] = [];
  let x = tf.clone(x0);
  for (let t = 0; t <= Math.max(...wanted); t++) {
    if (t > 0) {
      const next = tf.tidy(() => tf.add(tf.mul(x, Math.sqrt(schedule.alphas[t])), tf.mul(gaussianNoise(x0.shape, rng), Math.sqrt(schedule.betas[t]))));
      x.dispose();
      x = next;
    }
    if (wanted.includes(t)) states.push({ t, x: x.dataSync().slice() as Float32Array });
  }
  x.dispose();
  return states;
}

/**
 * A reverse chain sampled as `sample` does, recorded at the steps `at` (0..T). Samplers with
 * fewer steps than T pass some steps by: each is then recorded at the first state at or below
 * it, and ChainState.t says which state that is.
 */
export function reverseChain(schedule: NoiseSchedule, predictor: NoisePredictor, shape: number[], at: number[], rng: Rng, options: SampleOptions): ChainState[] {
  const pending = checkSteps(schedule, at).sort((a, b) => b - a);
  const states: ChainState[] = [];
  const onStep = (t: number, xt: tf.Tensor) => {
    options.onStep?.(t, xt);
    if (pending.length === 0 || pending[0] < t) return;
    const x = xt.dataSync().slice() as Float32Array;
    while (pending.length > 0 && pending[0] >= t) {
      pending.shift();
      states.push({ t, x });
    }
  };
  sample(schedule, predictor, shape, rng, { ...options, onStep }).dispose();
  return states;
}

function checkSteps(schedule: NoiseSchedule, at: number[]): number[] {
  const bad = at.find((t) => !(Number.isInteger(t) && t >= 0 && t <= schedule.steps));
  if (bad !== undefined || at.length === 0) {
    throw new Error(`chain steps must be integers in 0..${schedule.steps}, not [${at.join(', ')}]; pick steps of the schedule.`);
  }
  return [...new Set(at)];
}
