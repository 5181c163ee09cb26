// The `native` TensorFlow.js backend: the cpu backend's whole kernel table, re-registered under
// the name `native`, with the hot kernels replaced by the oneDNN addon (src/engine/kernels/).
// Tensors stay in the cpu backend's Float32Arrays; the addon reads and writes them in place.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { loadNativeAddon } from './native_addon.ts';
import { nativeKernelConfigs } from './kernels/index.ts';

export const NATIVE_BACKEND = 'native';

export class NativeBackend extends MathBackendCPU {
  constructor() {
    super();
    // The cpu backend's first write advises installing tfjs-node; with native that advice is wrong.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }
}

let registered = false;

/** Registers `native` (once). Returns false, registering nothing, when the addon is not built. */
export function registerNativeBackend(priority = 3): boolean {
  if (registered) return true;
  if (!loadNativeAddon()) return false;
  tf.registerBackend(NATIVE_BACKEND, () => new NativeBackend(), priority);
  for (const config of tf.getKernelsForBackend('cpu')) {
    tf.registerKernel({ ...config, backendName: NATIVE_BACKEND });
  }
  for (const config of nativeKernelConfigs) {
    tf.unregisterKernel(config.kernelName, NATIVE_BACKEND);
    tf.registerKernel({ ...config, backendName: NATIVE_BACKEND });
  }
  registered = true;
  return true;
}
