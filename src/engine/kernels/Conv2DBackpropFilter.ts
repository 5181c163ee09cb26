import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type KernelConfig, util } from '@tensorflow/tfjs-core';
import { addon, convDims, f32, isFloat32, nativeOrCpu } from './util.ts';

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'native',
  kernelFunc: nativeOrCpu(Conv2DBackpropFilter, ({ inputs }) => isFloat32(inputs.x, inputs.dy),
    ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
      const info = backend_util.computeConv2DInfo(x.shape as number[] as [number, number, number, number], filterShape,
        strides, 1, pad, dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));
      const dw = new Float32Array(util.sizeFromShape(info.filterShape));
      addon().conv2dBackwardFilter(f32(backend, x), f32(backend, dy), dw, convDims(info));
      return backend.makeTensorInfo(info.filterShape, 'float32', dw);
    }),
};
