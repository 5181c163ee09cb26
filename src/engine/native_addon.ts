// Loads the oneDNN addon built by `npm install` (native/build/Release). Loading is lazy so that
// a missing addon costs nothing until the native backend is asked for.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Element-wise activations understood by the addon's fused kernels (same order as native/src/common.h). */
export const enum NativeActivation { Linear = 0, Relu = 1, Relu6 = 2, LeakyRelu = 3, Sigmoid = 4, Elu = 5, Tanh = 6 }

export interface NativeAddon {
  /** Version string of the linked oneDNN, e.g. "2.6.3". */
  onednnVersion(): string;
  /** Threads oneDNN and the element-wise loops use. */
  maxThreads(): number;
  [kernel: string]: any;
}

let cached: NativeAddon | null | undefined;
let loadError = '';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('ganforge: cannot find the package root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** The addon, or null when it was not built (the reason is in nativeAddonError()). */
export function loadNativeAddon(): NativeAddon | null {
  if (cached !== undefined) return cached;
  // GANFORGE_NATIVE_ADDON points at another build of the addon (or at nothing, to run without it).
  const path = process.env.GANFORGE_NATIVE_ADDON ?? join(findPackageRoot(), 'native', 'build', 'Release', 'ganforge_native.node');
  try {
    cached = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (e) {
    loadError = existsSync(path) ? (e as Error).message : `${path} does not exist`;
    cached = null;
  }
  return cached;
}

export function nativeAddonError(): string {
  return loadError;
}
