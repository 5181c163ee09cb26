import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type KernelConfig, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { addon, output, convDims, f32, isFloat32, nativeOrCpu } from './util.ts';

function geometry(x: TensorInfo, attrs: Conv2DBackpropFilterAttrs): backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  return backend_util.computeConv2DInfo(x.shape as number[] as [number, number, number, number], filterShape,
    strides, 1, pad, dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'native',
  kernelFunc: nativeOrCpu(Conv2DBackpropFilter,
    // As for Conv2DBackpropInput: a dy of another shape than the forward's output goes to cpu.
    ({ inputs, attrs }) => isFloat32(inputs.x, inputs.dy) &&
      util.arraysEqual(inputs.dy.shape, geometry(inputs.x, attrs as unknown as Conv2DBackpropFilterAttrs).outShape),
    ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      const info = geometry(x, attrs as unknown as Conv2DBackpropFilterAttrs);
      const dw = output(backend, util.sizeFromShape(info.filterShape));
      addon().conv2dBackwardFilter(f32(backend, x), f32(backend, dy), dw, convDims(info));
      return backend.makeTensorInfo(info.filterShape, 'float32', dw);
    }),
};
