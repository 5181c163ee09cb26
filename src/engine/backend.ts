// Chooses the TensorFlow.js backend ganforge computes on. In Node the oneDNN-backed `native`
// backend is the default when its addon is built; `--backend` or GANFORGE_BACKEND override it.
// The umbrella package, not tfjs-core alone: in Node only its bundle registers the gradients
// and the chained tensor methods (x.sum()), which layers and our trainers need.
import * as tf from '@tensorflow/tfjs';
import { NATIVE_BACKEND, registerNativeBackend } from './native_backend.ts';
import { nativeAddonError } from './native_addon.ts';

export const BACKEND_NAMES = ['native', 'cpu', 'wasm', 'tensorflow'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

let warnedNoNative = false;

async function importOptional(name: string, install: string): Promise<void> {
  try {
    await import(name);
  } catch {
    throw new Error(`Backend needs the package ${name}, which is not installed; install it with \`${install}\` or choose --backend native.`);
  }
}

/**
 * Makes `requested` (or GANFORGE_BACKEND, or the best available) the active backend and
 * returns its name. Without the native addon it says so once and runs on `cpu`.
 */
export async function useBackend(requested?: string): Promise<BackendName> {
  const wanted = requested || process.env.GANFORGE_BACKEND || 'native';
  if (!(BACKEND_NAMES as readonly string[]).includes(wanted)) {
    throw new Error(`Unknown backend "${wanted}"; choose one of ${BACKEND_NAMES.join(', ')}.`);
  }
  let name = wanted as BackendName;
  if (name === 'native' && !registerNativeBackend()) {
    if (!warnedNoNative) {
      warnedNoNative = true;
      console.warn(`ganforge: the native oneDNN backend is not built (${nativeAddonError()}); ` +
        'run `bash scripts/setup.sh` to build it. Running on the much slower cpu backend.');
    }
    name = 'cpu';
  }
  if (name === 'wasm') await importOptional('@tensorflow/tfjs-backend-wasm', 'npm install @tensorflow/tfjs-backend-wasm');
  if (name === 'tensorflow') await importOptional('@tensorflow/tfjs-node', 'npm install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu)');
  if (!(await tf.setBackend(name))) {
    throw new Error(`Backend "${name}" failed to initialise; choose another with --backend.`);
  }
  return name;
}

export { NATIVE_BACKEND };
