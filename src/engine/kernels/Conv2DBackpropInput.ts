import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type KernelConfig, util } from '@tensorflow/tfjs-core';
import { addon, convDims, f32, isFloat32, nativeOrCpu } from './util.ts';

// Also the forward pass of tf.conv2dTranspose.
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'native',
  kernelFunc: nativeOrCpu(Conv2DBackpropInput, ({ inputs }) => isFloat32(inputs.dy, inputs.filter),
    ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs;
      const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Conv2DBackpropInputAttrs;
      const info = backend_util.computeConv2DInfo(inputShape, filter.shape as number[] as [number, number, number, number],
        strides, 1, pad, dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));
      const dx = new Float32Array(util.sizeFromShape(info.inShape));
      addon().conv2dBackwardData(f32(backend, dy), f32(backend, filter), dx, convDims(info));
      return backend.makeTensorInfo(info.inShape, 'float32', dx);
    }),
};
