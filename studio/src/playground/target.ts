// The distribution the playground's GAN learns, in the [-1, 1]^dim box it trains in: one of
// ganforge's toy distributions (exact densities, src/data/toy.ts) or one the user draws, a
// mixture of small round Gaussians centred on the drawn points.
import { toUnitBox, toyDistribution, type ToyDistribution } from '../../../src/data/toy.ts';
import { Rng } from '../../../src/random/prng.ts';
import type { DataName } from './setup.ts';

/** The spread of each drawn point's Gaussian, in box units. */
export const DRAWN_STD = 0.03;

export interface Target {
  dim: 1 | 2;
  /** n points in box units, row-major [n, dim]. */
  sample(n: number, rng: Rng): Float32Array;
  /** Mixtures of equal round Gaussians: centres and std in box units (mode coverage). */
  modes?: { centers: number[][]; std: number };
  /** Box units to data units (all axes share one scale), for reporting distances. */
  scale: number;
  /** The toy behind a toy target (1-D metrics use its exact distribution, in data units). */
  toy?: ToyDistribution;
}

export function makeTarget(name: DataName, drawn: number[][]): Target {
  if (name === 'drawn') {
    const centers = drawn;
    return {
      dim: 2, scale: 1, modes: { centers, std: DRAWN_STD },
      sample: (n, rng) => {
        const x = new Float32Array(2 * n);
        for (let i = 0; i < n; i++) {
          const c = centers[rng.int(centers.length)];
          x[2 * i] = c[0] + DRAWN_STD * rng.normal();
          x[2 * i + 1] = c[1] + DRAWN_STD * rng.normal();
        }
        return x;
      },
    };
  }
  const toy = toyDistribution(name);
  const scale = (toy.box.max[0] - toy.box.min[0]) / 2;
  return {
    dim: toy.dim, scale, toy,
    ...(toy.modes ? { modes: { centers: toy.modes.centers.map((c) => Array.from(toUnitBox(c, toy.box))), std: toy.modes.std / scale } } : {}),
    sample: (n, rng) => toUnitBox(toy.sample(n, rng).x, toy.box),
  };
}

/** A fresh seeded Rng for each purpose, so that views and training do not disturb each other's draws. */
export const rngFor = (seed: number, purpose: number) => new Rng(seed * 7919 + purpose);
