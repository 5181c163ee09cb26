// The arithmetic precision of the native backend's convolutions and matrix products. In bf16 they
// read bf16 copies of their operands and accumulate and write in fp32 (mixed precision, Micikevicius
// et al. 2018; Kalamkar et al. 2019 for bf16): weights, optimiser state, batch-norm statistics and
// losses stay fp32, as every other kernel does. bf16 keeps fp32's exponent and 8 of its 24
// significand bits, so each product is off by at most 2^-8 relative and nothing overflows.
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon } from './native_addon.ts';
import { NATIVE_BACKEND } from './native_backend.ts';
import type { Precision } from './precision_names.ts';

export type ResolvedPrecision = 'fp32' | 'bf16';

/**
 * The processor's native bf16 instructions as oneDNN sees them ("amx", "avx512_bf16"), or null
 * where it has none (oneDNN would emulate bf16, slower than fp32) or the addon is not built.
 */
export function nativeBf16Isa(): string | null {
  return loadNativeAddon()?.bf16Isa() || null;
}

let current: ResolvedPrecision = 'fp32';
let saidAutoFallback = false;

/** The precision the native kernels compute in now. */
export function currentPrecision(): ResolvedPrecision {
  return current;
}

function apply(precision: ResolvedPrecision): void {
  current = precision;
  loadNativeAddon()?.setBf16(precision === 'bf16');
}

/**
 * Makes the native kernels compute in `requested` and returns what that resolved to: `auto` is
 * bf16 where the backend is native and the processor has native bf16, fp32 elsewhere (said once);
 * `bf16` where it cannot run natively is an error rather than a slow emulation.
 */
export function usePrecision(requested: Precision): ResolvedPrecision {
  const isa = tf.getBackend() === NATIVE_BACKEND ? nativeBf16Isa() : null;
  if (requested === 'bf16' && !isa) {
    throw new Error(tf.getBackend() === NATIVE_BACKEND
      ? 'precision "bf16" needs a processor with native bf16 instructions (AVX512_BF16 or AMX-BF16), which this one lacks; use precision "auto" or "fp32".'
      : `precision "bf16" needs the native backend, not "${tf.getBackend()}"; use --backend native, or precision "auto" or "fp32".`);
  }
  if (requested === 'auto' && !isa && !saidAutoFallback) {
    saidAutoFallback = true;
    console.warn(tf.getBackend() === NATIVE_BACKEND
      ? 'ganforge: precision auto: this processor has no native bf16 instructions (AVX512_BF16 or AMX-BF16); computing in fp32.'
      : `ganforge: precision auto: the ${tf.getBackend()} backend computes in fp32.`);
  }
  apply(requested === 'fp32' || !isa ? 'fp32' : 'bf16');
  return current;
}

/** Runs `fn` with the native kernels in fp32 (measurements that must not depend on the run's precision), then restores the precision. */
export function inFp32<T>(fn: () => T): T {
  const before = current;
  apply('fp32');
  try {
    return fn();
  } finally {
    apply(before);
  }
}
