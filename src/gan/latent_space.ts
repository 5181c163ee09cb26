// Walks and arithmetic in the latent space (the `003` document, after Radford et al. 2016).

/** Spherical interpolation: for Gaussian noise it keeps the norm typical of the prior on the way. */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb))));
  if (omega < 1e-6) return lerp(a, b, t);
  const sa = Math.sin((1 - t) * omega) / Math.sin(omega), sb = Math.sin(t * omega) / Math.sin(omega);
  return a.map((v, i) => sa * v + sb * b[i]);
}

export const lerp = (a: Float32Array, b: Float32Array, t: number) => a.map((v, i) => (1 - t) * v + t * b[i]);

/** Row r of a walk: `steps` points from endpoint 2r to endpoint 2r+1; returns rows*steps latents. */
export function latentWalk(ends: Float32Array, dim: number, rows: number, steps: number, spherical: boolean): Float32Array {
  const out = new Float32Array(rows * steps * dim);
  for (let r = 0; r < rows; r++) {
    const a = ends.subarray(2 * r * dim, (2 * r + 1) * dim), b = ends.subarray((2 * r + 1) * dim, (2 * r + 2) * dim);
    for (let s = 0; s < steps; s++) {
      const t = steps === 1 ? 0 : s / (steps - 1);
      out.set(spherical ? slerp(a, b, t) : lerp(a, b, t), (r * steps + s) * dim);
    }
  }
  return out;
}

/** Mean of the latents at the given sample indices. */
export function meanLatent(z: Float32Array, dim: number, indices: number[]): Float32Array {
  const out = new Float32Array(dim);
  for (const i of indices) for (let j = 0; j < dim; j++) out[j] += z[i * dim + j] / indices.length;
  return out;
}

/**
 * DCGAN-style arithmetic on concepts measured on samples: with samples ranked by an attribute,
 * v = mean z of the top `k` - mean z of the bottom `k` is the attribute's direction; adding
 * t*v to other latents should move their samples along the attribute (Radford et al. averaged
 * three exemplars per concept, as k = 3 does). With `groups` (e.g. each sample's class) the
 * exemplars are compared within a group and the differences averaged, so that an attribute
 * that varies with the class (digits differ in ink) does not turn the direction into a class change.
 */
export function attributeDirection(z: Float32Array, dim: number, attribute: ArrayLike<number>, k = 3, groups?: ArrayLike<number>): Float32Array {
  const members = new Map<number, number[]>();
  for (let i = 0; i < attribute.length; i++) {
    const g = groups ? groups[i] : 0;
    if (!members.has(g)) members.set(g, []);
    members.get(g)!.push(i);
  }
  const direction = new Float32Array(dim);
  const usable = [...members.values()].filter((m) => m.length >= 2 * k);
  for (const m of usable) {
    const order = m.slice().sort((a, b) => attribute[b] - attribute[a]);
    const hi = meanLatent(z, dim, order.slice(0, k)), lo = meanLatent(z, dim, order.slice(-k));
    for (let j = 0; j < dim; j++) direction[j] += (hi[j] - lo[j]) / usable.length;
  }
  return direction;
}

/** Mean intensity of each image in [0, 1]: for strokes on black, the amount of ink (thickness). */
export function inkAmount(x: Float32Array, size: number): Float64Array {
  const n = x.length / size;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < size; j++) s += (x[i * size + j] + 1) / 2;
    out[i] = s / size;
  }
  return out;
}
