import { backend_util, type KernelConfig, type KernelFunc, SplitV, type SplitVAttrs, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { slice } from './Slice.ts';
import type { NativeKernelArgs } from './util.ts';

// The cpu kernel calls its own Slice, not the registered one; this is it calling ours. It is
// concat's gradient, so a channel concat would otherwise split element by element.
function splitV({ inputs: { x }, backend, attrs }: NativeKernelArgs): TensorInfo[] {
  const { numOrSizeSplits, axis } = attrs as unknown as SplitVAttrs;
  const $axis = util.parseAxisParam(axis, x.shape)[0];
  const begin = x.shape.map(() => 0);
  return backend_util.prepareSplitSize(x, numOrSizeSplits, $axis).map((length) => {
    const size = x.shape.map((d, i) => (i === $axis ? length : d));
    const piece = slice({ inputs: { x }, backend, attrs: { begin: [...begin], size } }) as TensorInfo;
    begin[$axis] += length;
    return piece;
  });
}

export const splitVConfig: KernelConfig = { kernelName: SplitV, backendName: 'native', kernelFunc: splitV as unknown as KernelFunc };
