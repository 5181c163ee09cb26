// Test helpers: seeded data, running one computation on two backends, float comparisons.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { useBackend } from '../src/engine/backend.ts';
import { readCheckpoint } from '../src/train/checkpoint.ts';

/** Mulberry32: a small seeded generator, so every test draws the same numbers on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomArray(n: number, random: () => number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (random() * 2 - 1) * scale;
  return out;
}

export function randInt(random: () => number, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Runs `f` on `native` and on `cpu` and returns the values of what it returns on each. */
export async function onBothBackends(f: () => tf.Tensor | tf.Tensor[]): Promise<{ native: Float32Array[]; cpu: Float32Array[] }> {
  const run = async (name: string) => {
    await tf.setBackend(name);
    return tf.tidy(() => {
      const r = f();
      return (Array.isArray(r) ? r : [r]).map((t) => Float32Array.from(t.dataSync() as ArrayLike<number>));
    });
  };
  const native = await run('native');
  const cpu = await run('cpu');
  await tf.setBackend('native');
  return { native, cpu };
}

/** Asserts |a - b| <= atol + rtol * |b| everywhere (NaN must match NaN). */
export function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths differ`);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i]) || Number.isNaN(a[i])) {
      assert.ok(Number.isNaN(a[i]) && Number.isNaN(b[i]), `${what}: [${i}] is ${a[i]}, expected ${b[i]}`);
      continue;
    }
    if (a[i] === b[i]) continue;  // also equal infinities
    const err = Math.abs(a[i] - b[i]);
    assert.ok(err <= atol + rtol * Math.abs(b[i]), `${what}: [${i}] is ${a[i]}, expected ${b[i]} (error ${err})`);
  }
}

/** Makes `native` the backend, failing loudly when its addon is not built. */
export async function requireNative(): Promise<void> {
  assert.equal(await useBackend('native'), 'native', 'the native addon is not built: run `bash scripts/setup.sh`');
}

/** Every weight group of a checkpoint file as plain arrays, for comparing two runs exactly. */
export function checkpointWeights(path: string): Record<string, number[][]> {
  const { groups } = readCheckpoint(path);
  const out = Object.fromEntries(Object.entries(groups).map(([k, ts]) => [k, ts.map((t) => Array.from(t.tensor.dataSync()))]));
  tf.dispose(Object.values(groups).flatMap((g) => g.map((t) => t.tensor)));
  return out;
}
