import { type KernelConfig, PadV2, type PadV2Attrs, util } from '@tensorflow/tfjs-core';
import { addon, output, f32, isFloat32, nativeOrCpu } from './util.ts';

// The cpu kernel converts every element's index to coordinates and back; it is Slice's gradient.
export const padV2Config: KernelConfig = {
  kernelName: PadV2,
  backendName: 'native',
  kernelFunc: nativeOrCpu(PadV2, ({ inputs, attrs }) => {
    const { paddings } = attrs as unknown as PadV2Attrs;
    return isFloat32(inputs.x) && inputs.x.shape.length > 0 && paddings.every(([a, b]) => a >= 0 && b >= 0);
  }, ({ inputs: { x }, backend, attrs }) => {
    const { paddings, constantValue } = attrs as unknown as PadV2Attrs;
    const outShape = x.shape.map((d, i) => paddings[i][0] + d + paddings[i][1]);
    const out = output(backend, util.sizeFromShape(outShape));
    addon().pad(f32(backend, x), x.shape, paddings.map((p) => p[0]), outShape, constantValue, out);
    return backend.makeTensorInfo(outShape, 'float32', out);
  }),
};
