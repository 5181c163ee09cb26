import { backend_util, FusedConv2D, type FusedConv2DAttrs, type KernelConfig, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { activationCode, addon, output, convDims, f32, isFloat32, nativeOrCpu } from './util.ts';

// Bias must hold one value per output channel (or be absent) and the activation must be one the
// addon fuses; prelu and broadcast biases of other shapes go to the cpu kernel.
export const fusedConv2DConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: 'native',
  kernelFunc: nativeOrCpu(FusedConv2D, ({ inputs, attrs }) => {
    const { x, filter } = inputs;
    const bias = inputs.bias as TensorInfo | undefined;
    const { activation } = attrs as unknown as FusedConv2DAttrs;
    const outChannels = filter.shape[3];
    return isFloat32(x, filter, bias) && activationCode(activation) !== undefined &&
      (bias === undefined || (bias.shape.length === 1 && bias.shape[0] === outChannels));
  }, ({ inputs, backend, attrs }) => {
    const { x, filter } = inputs;
    const bias = inputs.bias as TensorInfo | undefined;
    const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } =
      attrs as unknown as FusedConv2DAttrs;
    const info = backend_util.computeConv2DInfo(x.shape as number[] as [number, number, number, number],
      filter.shape as number[] as [number, number, number, number], strides, dilations, pad, dimRoundingMode,
      false, backend_util.convertConv2DDataFormat(dataFormat));
    const y = output(backend, util.sizeFromShape(info.outShape));
    addon().conv2dForward(f32(backend, x), f32(backend, filter), bias ? f32(backend, bias) : null, y,
      convDims(info), activationCode(activation), leakyreluAlpha ?? 0.2);
    return backend.makeTensorInfo(info.outShape, 'float32', y);
  }),
};
