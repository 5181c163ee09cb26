import { backend_util, Conv2D, type Conv2DAttrs, type KernelConfig, util } from '@tensorflow/tfjs-core';
import { addon, output, convDims, f32, isFloat32, nativeOrCpu } from './util.ts';

export const conv2DConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'native',
  kernelFunc: nativeOrCpu(Conv2D, ({ inputs }) => isFloat32(inputs.x, inputs.filter), ({ inputs, backend, attrs }) => {
    const { x, filter } = inputs;
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as Conv2DAttrs;
    const info = backend_util.computeConv2DInfo(x.shape as number[] as [number, number, number, number],
      filter.shape as number[] as [number, number, number, number], strides, dilations, pad, dimRoundingMode,
      false, backend_util.convertConv2DDataFormat(dataFormat));
    const y = output(backend, util.sizeFromShape(info.outShape));
    addon().conv2dForward(f32(backend, x), f32(backend, filter), null, y, convDims(info), 0, 0);
    return backend.makeTensorInfo(info.outShape, 'float32', y);
  }),
};
