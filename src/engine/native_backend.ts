// The `native` TensorFlow.js backend: the cpu backend's whole kernel table, re-registered under
// the name `native`, with the hot kernels replaced by the oneDNN addon (src/engine/kernels/).
// Tensors stay in the cpu backend's Float32Arrays; the addon reads and writes them in place.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { loadNativeAddon } from './native_addon.ts';
import { nativeKernelConfigs } from './kernels/index.ts';
import { BufferPool } from './buffer_pool.ts';
import type { BackendValues, DataId, DataType } from '@tensorflow/tfjs-core';
import { registerMeanGradient } from './mean_gradient.ts';

export const NATIVE_BACKEND = 'native';

export class NativeBackend extends MathBackendCPU {
  readonly pool = new BufferPool();

  constructor() {
    super();
    // The cpu backend's first write advises installing tfjs-node; with native that advice is wrong.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  // A pooled buffer is reused once its tensor is disposed, so what leaves the backend is a copy.
  override readSync(dataId: DataId): BackendValues {
    const values = super.readSync(dataId);
    return this.pool.owns(values) ? values.slice() : values;
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    return super.write(this.pool.adopt(values), shape, dtype);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    // has() first: DataStorage.get() of an unknown id tries to move it in from another backend.
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const disposed = super.disposeData(dataId, force);
    if (disposed && !this.data.has(dataId)) this.pool.release(values);
    return disposed;
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
  registerMeanGradient();
  registered = true;
  return true;
}
