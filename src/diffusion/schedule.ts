// Noise schedules of the diffusion models: how much Gaussian noise each of the T forward steps
// adds. Ho et al. 2020 ("Denoising Diffusion Probabilistic Models", DDPM) use betas rising
// linearly; Nichol & Dhariwal 2021 ("Improved DDPM") define alpha-bar by a squared cosine so the
// signal fades evenly instead of being gone long before step T.
//
// Arrays are indexed by the paper's t and have T + 1 entries: index t in 1..T is step t, and
// index 0 stands for the clean data (beta_0 = 0, alpha_0 = 1, alphaBar_0 = 1, the empty product).
// So the code can read alphaBars[t - 1] at t = 1 as the papers do.

export const SCHEDULE_NAMES = ['linear', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

export interface NoiseSchedule {
  name: ScheduleName;
  /** T, the number of forward (noising) steps. */
  steps: number;
  /** beta_t, the variance of the noise step t adds: q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I). */
  betas: Float64Array;
  alphas: Float64Array;
  alphaBars: Float64Array;
  /** beta~_t, the variance of the forward posterior q(x_{t-1} | x_t, x_0); 0 at t = 1, where x_0 is known. */
  posteriorVariances: Float64Array;
}

/** Largest beta allowed: beta = 1 would erase the signal in one step and make 1 / sqrt(alpha_t) infinite when sampling. */
export const MAX_BETA = 0.999;

/** The schedule `name` with `steps` steps. */
export function noiseSchedule(name: ScheduleName, steps: number): NoiseSchedule {
  if (!(Number.isInteger(steps) && steps >= 2)) {
    throw new Error(`a noise schedule needs an integer number of steps of at least 2, not ${steps}; use e.g. 1000.`);
  }
  if (name === 'linear') return linearSchedule(steps);
  if (name === 'cosine') return cosineSchedule(steps);
  throw new Error(`unknown noise schedule "${name}"; choose one of ${SCHEDULE_NAMES.join(', ')}.`);
}

/**
 * DDPM's betas from 1e-4 to 0.02 for T = 1000, scaled by 1000 / T for other T (Improved DDPM's
 * code) so that the total noise stays the same; clipped at MAX_BETA for T below about 20.
 */
export function linearSchedule(steps: number): NoiseSchedule {
  const scale = 1000 / steps;
  const first = 1e-4 * scale, last = 0.02 * scale;
  const betas = new Float64Array(steps + 1);
  // Ho et al. 2020, section 4: beta_t rises linearly from beta_1 to beta_T.
  for (let t = 1; t <= steps; t++) betas[t] = Math.min(first + ((last - first) * (t - 1)) / (steps - 1), MAX_BETA);
  return fromBetas('linear', betas);
}

/** Improved DDPM's cosine schedule, with its offset s = 0.008 that keeps beta_1 from vanishing. */
export function cosineSchedule(steps: number): NoiseSchedule {
  const s = 0.008;
  // Nichol & Dhariwal 2021, eq. 17: alphaBar_t = f(t) / f(0), f(t) = cos^2(((t / T + s) / (1 + s)) pi / 2).
  const f = (t: number) => Math.cos(((t / steps + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  const betas = new Float64Array(steps + 1);
  // Eq. 17 continued: beta_t = 1 - alphaBar_t / alphaBar_{t-1}, clipped at 0.999 (f(T) = 0 would give beta_T = 1).
  for (let t = 1; t <= steps; t++) betas[t] = Math.min(1 - f(t) / f(t - 1), MAX_BETA);
  return fromBetas('cosine', betas);
}

/** alphas, alphaBars and posterior variances from betas (betas[0] = 0). */
function fromBetas(name: ScheduleName, betas: Float64Array): NoiseSchedule {
  const steps = betas.length - 1;
  // Ho et al. 2020, eq. 4's notation: alpha_t = 1 - beta_t.
  const alphas = betas.map((b) => 1 - b);
  const alphaBars = new Float64Array(steps + 1);
  alphaBars[0] = 1;
  // alphaBar_t = prod_{s <= t} alpha_s.
  for (let t = 1; t <= steps; t++) alphaBars[t] = alphaBars[t - 1] * alphas[t];
  const posteriorVariances = new Float64Array(steps + 1);
  // Ho et al. 2020, eq. 7: beta~_t = (1 - alphaBar_{t-1}) / (1 - alphaBar_t) beta_t.
  for (let t = 1; t <= steps; t++) posteriorVariances[t] = ((1 - alphaBars[t - 1]) / (1 - alphaBars[t])) * betas[t];
  return { name, steps, betas, alphas, alphaBars, posteriorVariances };
}
