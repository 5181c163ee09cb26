import { FusedBatchNorm, type FusedBatchNormAttrs, type KernelConfig, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { addon, output, f32, isFloat32, nativeOrCpu } from './util.ts';

// tfjs repeats each parameter along the flattened x with its own length; the addon takes the
// common case where every length is 1 or one shared period that divides x's size.
function period(x: TensorInfo, params: (TensorInfo | undefined)[]): number | null {
  const lengths = params.filter((p): p is TensorInfo => p !== undefined).map((p) => util.sizeFromShape(p.shape));
  const p = Math.max(1, ...lengths);
  const size = util.sizeFromShape(x.shape);
  return lengths.every((l) => l === 1 || l === p) && size % p === 0 ? p : null;
}

export const fusedBatchNormConfig: KernelConfig = {
  kernelName: FusedBatchNorm,
  backendName: 'native',
  kernelFunc: nativeOrCpu(FusedBatchNorm, ({ inputs }) => {
    const { x, mean, variance } = inputs;
    const offset = inputs.offset as TensorInfo | undefined, scale = inputs.scale as TensorInfo | undefined;
    return isFloat32(x, mean, variance, offset, scale) && period(x, [mean, variance, offset, scale]) !== null;
  }, ({ inputs, backend, attrs }) => {
    const { x, mean, variance } = inputs;
    const offset = inputs.offset as TensorInfo | undefined, scale = inputs.scale as TensorInfo | undefined;
    const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs;
    const out = output(backend, util.sizeFromShape(x.shape));
    addon().batchNorm(f32(backend, x), f32(backend, mean), f32(backend, variance), offset ? f32(backend, offset) : null,
      scale ? f32(backend, scale) : null, varianceEpsilon ?? 0.001, period(x, [mean, variance, offset, scale]), out);
    return backend.makeTensorInfo(x.shape, 'float32', out);
  }),
};
