// Latents from seeds and what the generator draws from them: the same prior, random stream and
// inference as `ganforge sample`, so seed s here is the first sample of `ganforge sample --seed s`.
import { lerp, slerp } from '../../../src/gan/latent_space.ts';
import { Rng } from '../../../src/random/prng.ts';
import { drawPrior, oneHotRows, runGenerator } from '../../../src/train/session.ts';
import type { LatentModel } from './open_model.ts';

/** What the generator is conditioned on: nothing, a class, or a caption's embedding. */
export type Condition = { kind: 'none' } | { kind: 'class'; label: number } | { kind: 'text'; embedding: Float32Array };

export const latentFor = (m: LatentModel, seed: number) => drawPrior(m.manifest.latent, 1, new Rng(seed));

/** Walks follow the sphere for Gaussian noise (its norm stays typical); 1-D noise has no sphere to follow. */
export const spherical = (m: LatentModel) => m.manifest.latent.distribution === 'normal' && m.manifest.latent.dim > 1;

/** From a to b at t in [0, 1]: spherical or straight. */
export const between = (m: LatentModel, a: Float32Array, b: Float32Array, t: number) => (spherical(m) ? slerp(a, b, t) : lerp(a, b, t));

/** c + strength × (a − b): with strength 1, the analogy a − b + c. */
export const analogy = (a: Float32Array, b: Float32Array, c: Float32Array, strength: number) => c.map((v, i) => v + strength * (a[i] - b[i]));

/** One sample per latent (rows of latent.dim), flat; values in [-1, 1]. */
export function draw(m: LatentModel, latents: Float32Array[], condition: Condition): Float32Array[] {
  const dim = m.manifest.latent.dim;
  const z = new Float32Array(latents.length * dim);
  latents.forEach((l, i) => z.set(l, i * dim));
  const out = generateFlat(m, z, condition);
  const size = out.length / latents.length;
  return latents.map((_, i) => out.subarray(i * size, (i + 1) * size));
}

/** The n samples of `ganforge sample --n n --seed s`, flat. */
export const drawFromSeed = (m: LatentModel, n: number, seed: number, condition: Condition) =>
  generateFlat(m, drawPrior(m.manifest.latent, n, new Rng(seed)), condition);

function generateFlat(m: LatentModel, z: Float32Array, condition: Condition): Float32Array {
  const n = z.length / m.manifest.latent.dim;
  const rows = condition.kind === 'class' ? oneHotRows(new Array<number>(n).fill(condition.label), m.manifest.numClasses)
    : condition.kind === 'text' ? repeatRows(condition.embedding, n) : undefined;
  return runGenerator(m.model, z, m.manifest.latent.dim, rows);
}

function repeatRows(row: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * row.length);
  for (let i = 0; i < n; i++) out.set(row, i * row.length);
  return out;
}
