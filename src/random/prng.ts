// The one seeded source of randomness in ganforge: every draw of a run (shuffling, noise,
// augmentation, label flips) comes from an Rng, so the same seed gives the same run, and its
// state is a plain number array that checkpoints save and resume restores.

/** xoshiro128** (Blackman & Vigna): fast, 2^128 - 1 period, good statistical quality. */
export class Rng {
  private s: Uint32Array;
  private spareNormal: number | null = null;

  constructor(seed: number | readonly number[]) {
    this.s = new Uint32Array(4);
    if (typeof seed === 'number') {
      // SplitMix32 spreads a small seed over the 128-bit state (an all-zero state is forbidden).
      let x = seed >>> 0;
      for (let i = 0; i < 4; i++) {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        this.s[i] = (z ^ (z >>> 16)) >>> 0;
      }
      if (this.s.every((v) => v === 0)) this.s[0] = 1;
    } else {
      this.setState(seed);
    }
  }

  /** A 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1), with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia's polar method; the second value of each pair is kept). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u: number, v: number, s: number;
    do {
      u = this.uniform() * 2 - 1;
      v = this.uniform() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** n draws of `draw` into a Float32Array. */
  fill(n: number, draw: (r: Rng) => number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = draw(this);
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]; p[i] = p[j]; p[j] = t;
    }
    return p;
  }

  /** An independent generator for a sub-task, derived from this one's stream. */
  fork(): Rng {
    return new Rng([this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32() | 1]);
  }

  /** The full state, for checkpoints: [s0, s1, s2, s3, spare normal or NaN]. */
  getState(): number[] {
    return [...this.s, this.spareNormal ?? Number.NaN];
  }

  setState(state: readonly number[]): void {
    if (state.length < 4 || state.slice(0, 4).every((v) => v === 0)) {
      throw new Error('Rng state must hold four 32-bit words that are not all zero.');
    }
    this.s = Uint32Array.from(state.slice(0, 4), (v) => v >>> 0);
    this.spareNormal = state.length > 4 && !Number.isNaN(state[4]) ? state[4] : null;
  }
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
