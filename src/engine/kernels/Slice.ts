import { type KernelConfig, type KernelFunc, Slice, type SliceAttrs, slice_util, util } from '@tensorflow/tfjs-core';
import { addon, output, f32, isFloat32, nativeOrCpu, type NativeKernelArgs } from './util.ts';

// [begin, size] with size -1 resolved.
function region({ inputs, attrs }: NativeKernelArgs): number[][] {
  const { begin, size } = attrs as unknown as SliceAttrs;
  return slice_util.parseSliceParams(inputs.x, begin, size);
}

/**
 * The cpu kernel copies a non-contiguous region one element at a time through TensorBuffer index
 * arithmetic (hundreds of ms for a channel slice of a batch); a contiguous one stays its
 * zero-copy subarray view.
 */
export const slice: KernelFunc = nativeOrCpu(Slice, (args) => {
  const [begin, size] = region(args);
  return isFloat32(args.inputs.x) && util.sizeFromShape(size) > 0 && !slice_util.isSliceContinous(args.inputs.x.shape, begin, size);
}, (args) => {
  const { inputs: { x }, backend } = args;
  const [begin, size] = region(args);
  slice_util.assertParamsValid(x, begin, size);
  const out = output(backend, util.sizeFromShape(size));
  addon().slice(f32(backend, x), x.shape, begin, size, out);
  return backend.makeTensorInfo(size, 'float32', out);
});

export const sliceConfig: KernelConfig = { kernelName: Slice, backendName: 'native', kernelFunc: slice };
