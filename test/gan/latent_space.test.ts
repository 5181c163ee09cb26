// Latent walks and arithmetic: endpoints, norms along a spherical walk, and the attribute direction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeDirection, inkAmount, latentWalk, lerp, slerp } from '../../src/gan/latent_space.ts';
import { Rng } from '../../src/random/prng.ts';

const norm = (v: Float32Array) => Math.hypot(...v);

test('walks start and end at their endpoints; slerp keeps the norm between equal-norm points', () => {
  const rng = new Rng(1), dim = 64;
  const ends = rng.fill(4 * dim, (r) => r.normal());
  const walk = latentWalk(ends, dim, 2, 5, true);
  for (let r = 0; r < 2; r++) {
    assert.deepEqual(Array.from(walk.subarray(r * 5 * dim, (r * 5 + 1) * dim)).map((v) => +v.toFixed(5)), Array.from(ends.subarray(2 * r * dim, (2 * r + 1) * dim)).map((v) => +v.toFixed(5)));
    assert.deepEqual(Array.from(walk.subarray((r * 5 + 4) * dim, (r * 5 + 5) * dim)).map((v) => +v.toFixed(5)), Array.from(ends.subarray((2 * r + 1) * dim, (2 * r + 2) * dim)).map((v) => +v.toFixed(5)));
  }
  const a = ends.subarray(0, dim), b0 = ends.subarray(dim, 2 * dim);
  const b = b0.map((v) => (v * norm(a)) / norm(b0));
  assert.ok(Math.abs(norm(slerp(a, b, 0.5)) - norm(a)) < 1e-3 * norm(a));
  // The straight line between two Gaussian points passes nearer the origin, where the prior has little mass.
  assert.ok(norm(lerp(a, b, 0.5)) < 0.9 * norm(a));
});

test('the attribute direction points from the low exemplars to the high ones', () => {
  const dim = 3;
  const z = Float32Array.from([0, 0, 1, 0, 0, 2, 5, 0, 0, 6, 0, 0, 0, 1, 0, 0, 2, 0]);
  const attribute = [0.1, 0.2, 0.9, 0.8, 0.5, 0.4];
  assert.deepEqual(Array.from(attributeDirection(z, dim, attribute, 2)), [5.5, 0, -1.5]);
  // Within groups {0, 1, 2} and {3, 4, 5}: (z2 - z0 + z3 - z5) / 2 with k = 1.
  assert.deepEqual(Array.from(attributeDirection(z, dim, attribute, 1, [0, 0, 0, 1, 1, 1])), [5.5, -1, -0.5]);
  assert.deepEqual(Array.from(inkAmount(Float32Array.from([-1, -1, 1, 1, 1, 1]), 3)), [1 / 3, 1]);
});
