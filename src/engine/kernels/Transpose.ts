import { type KernelConfig, Transpose, type TransposeAttrs, util } from '@tensorflow/tfjs-core';
import { addon, output, f32, isFloat32, nativeOrCpu } from './util.ts';

export const transposeConfig: KernelConfig = {
  kernelName: Transpose,
  backendName: 'native',
  kernelFunc: nativeOrCpu(Transpose, ({ inputs }) => isFloat32(inputs.x) && inputs.x.shape.length > 0,
    ({ inputs, backend, attrs }) => {
      const { x } = inputs;
      const { perm } = attrs as unknown as TransposeAttrs;
      const outShape = perm.map((axis) => x.shape[axis]);
      const out = output(backend, util.sizeFromShape(outShape));
      addon().transpose(f32(backend, x), x.shape, perm, out);
      return backend.makeTensorInfo(outShape, 'float32', out);
    }),
};
