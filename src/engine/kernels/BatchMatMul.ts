import { BatchMatMul, type BatchMatMulAttrs, broadcast_util, type KernelConfig, type TensorInfo, util } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { addon, output, f32, isFloat32, nativeOrCpu } from './util.ts';

/** The batched product's geometry, or null when the batch dims broadcast other than 1-vs-n. */
export function matMulGeometry(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean) {
  const ra = a.shape.length, rb = b.shape.length;
  const batchA = util.sizeFromShape(a.shape.slice(0, -2)), batchB = util.sizeFromShape(b.shape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const innerB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  util.assert(K === innerB, () => `Error in matMul: inner shapes (${K}) and (${innerB}) of Tensors with shapes ` +
    `${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
  const outShape = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)).concat([M, N]);
  return { batchA, batchB, M, N, K, outShape };
}

/** out = op(a) op(b) (+ bias) -> activation, in one call to the addon. */
export function nativeMatMul(backend: MathBackendCPU, a: TensorInfo, b: TensorInfo, transposeA: boolean,
                             transposeB: boolean, bias?: TensorInfo, activation = 0, alpha = 0): TensorInfo {
  const g = matMulGeometry(a, b, transposeA, transposeB)!;
  const out = output(backend, util.sizeFromShape(g.outShape));
  addon().batchMatMul(f32(backend, a), f32(backend, b), out, g.batchA, g.batchB, g.M, g.N, g.K, transposeA,
    transposeB, bias ? f32(backend, bias) : null, bias ? util.sizeFromShape(bias.shape) : 0, activation, alpha);
  return backend.makeTensorInfo(g.outShape, 'float32', out);
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'native',
  kernelFunc: nativeOrCpu(BatchMatMul, ({ inputs, attrs }) => {
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    return isFloat32(inputs.a, inputs.b) && matMulGeometry(inputs.a, inputs.b, transposeA, transposeB) !== null;
  }, ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    return nativeMatMul(backend, inputs.a, inputs.b, transposeA, transposeB);
  }),
};
