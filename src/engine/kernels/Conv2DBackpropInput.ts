import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type KernelConfig, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { addon, output, convDims, f32, isFloat32, nativeOrCpu } from './util.ts';

function geometry(filter: TensorInfo, attrs: Conv2DBackpropInputAttrs): backend_util.Conv2DInfo {
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs;
  return backend_util.computeConv2DInfo(inputShape, filter.shape as number[] as [number, number, number, number],
    strides, 1, pad, dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));
}

// Also the forward pass of tf.conv2dTranspose.
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'native',
  kernelFunc: nativeOrCpu(Conv2DBackpropInput,
    // tfjs lets dy disagree with the shape the forward convolution would give; only cpu takes that.
    ({ inputs, attrs }) => isFloat32(inputs.dy, inputs.filter) &&
      util.arraysEqual(inputs.dy.shape, geometry(inputs.filter, attrs as unknown as Conv2DBackpropInputAttrs).outShape),
    ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs;
      const info = geometry(filter, attrs as unknown as Conv2DBackpropInputAttrs);
      const dx = output(backend, util.sizeFromShape(info.inShape));
      addon().conv2dBackwardData(f32(backend, dy), f32(backend, filter), dx, convDims(info));
      return backend.makeTensorInfo(info.inShape, 'float32', dx);
    }),
};
