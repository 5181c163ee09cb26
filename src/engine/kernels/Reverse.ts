import { type KernelConfig, Reverse, type ReverseAttrs, util } from '@tensorflow/tfjs-core';
import { addon, output, f32, isFloat32, nativeOrCpu } from './util.ts';

// The cpu kernel converts every element's index to coordinates and back (a GRU's backward
// direction reverses its whole input sequence this way, forward and in the gradient).
export const reverseConfig: KernelConfig = {
  kernelName: Reverse,
  backendName: 'native',
  kernelFunc: nativeOrCpu(Reverse, ({ inputs }) => isFloat32(inputs.x) && inputs.x.shape.length > 0, ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    const { dims } = attrs as unknown as ReverseAttrs;
    const out = output(backend, util.sizeFromShape(x.shape));
    addon().reverse(f32(backend, x), x.shape, util.parseAxisParam(dims, x.shape), out);
    return backend.makeTensorInfo(x.shape, 'float32', out);
  }),
};
