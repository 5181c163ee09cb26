// What every native kernel needs: the addon, zero-copy access to the cpu backend's typed arrays,
// the cpu kernel to fall back on for what the addon does not cover (other dtypes, rare attributes).
import * as tf from '@tensorflow/tfjs-core';
import type { backend_util, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { loadNativeAddon, NativeActivation, type NativeAddon } from '../native_addon.ts';
import type { BufferPool } from '../buffer_pool.ts';

// Required inputs are present; optional ones (bias, ...) are read as `TensorInfo | undefined`.
export type NativeKernelArgs = { inputs: Record<string, TensorInfo>; backend: MathBackendCPU; attrs: NamedAttrMap };

let addonCache: NativeAddon | null = null;
export function addon(): NativeAddon {
  if (!addonCache) addonCache = loadNativeAddon()!;
  return addonCache;
}

/**
 * The tensor's values: the very Float32Array the backend holds (no copy). A float32 tensor made by
 * casting int32 or bool keeps the source's Int32Array/Uint8Array (tfjs cpu's Cast is a relabel
 * when no precision is lost), and only such a tensor is converted here.
 */
export function f32(backend: MathBackendCPU, t: TensorInfo): Float32Array {
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

export function isFloat32(...tensors: (TensorInfo | undefined)[]): boolean {
  return tensors.every((t) => t === undefined || t.dtype === 'float32');
}

/** A buffer for a kernel's output, from the native backend's pool (contents arbitrary: write all). */
export function output(backend: MathBackendCPU, length: number): Float32Array {
  return (backend as unknown as { pool: BufferPool }).pool.take(length);
}

/** The cpu backend's implementation of a kernel, for the cases the addon does not take. */
export function cpuKernel(kernelName: string): KernelFunc {
  const config = tf.getKernel(kernelName, 'cpu');
  if (!config) throw new Error(`ganforge: the cpu backend has no kernel ${kernelName}.`);
  return config.kernelFunc;
}

/**
 * A kernel that runs natively when `accept` says so, else as the cpu backend would. Empty tensors
 * always take the cpu path: there is nothing to compute and the shapes' edge cases are its.
 */
export function nativeOrCpu(kernelName: string, accept: (args: NativeKernelArgs) => boolean,
                            run: (args: NativeKernelArgs) => TensorInfo): KernelFunc {
  let fallback: KernelFunc | undefined;  // looked up on first use: the cpu kernels may register later
  return ((args: NativeKernelArgs) => {
    const empty = Object.values(args.inputs).some((t) => t !== undefined && t.shape.some((d) => d === 0));
    if (!empty && accept(args)) return run(args);
    fallback ??= cpuKernel(kernelName);
    return fallback(args as never);
  }) as unknown as KernelFunc;
}

const ACTIVATIONS: Record<string, NativeActivation> = {
  linear: NativeActivation.Linear, relu: NativeActivation.Relu, relu6: NativeActivation.Relu6,
  leakyrelu: NativeActivation.LeakyRelu, sigmoid: NativeActivation.Sigmoid, elu: NativeActivation.Elu,
};

/** The addon's code for a fused activation, or undefined for those it lacks (prelu). */
export function activationCode(activation: string | undefined): NativeActivation | undefined {
  return ACTIVATIONS[activation ?? 'linear'];
}

/** The `dims` array of native/src/convolution.cc. */
export function convDims(c: backend_util.Conv2DInfo): number[] {
  return [c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outChannels,
    c.outHeight, c.outWidth, c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth,
    c.padInfo.top, c.padInfo.left, c.padInfo.bottom, c.padInfo.right, c.dataFormat === 'channelsLast' ? 1 : 0];
}
