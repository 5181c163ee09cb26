import { type KernelConfig, Tile, type TileAttrs, util } from '@tensorflow/tfjs-core';
import { addon, output, f32, isFloat32, nativeOrCpu } from './util.ts';

export const tileConfig: KernelConfig = {
  kernelName: Tile,
  backendName: 'native',
  kernelFunc: nativeOrCpu(Tile, ({ inputs }) => isFloat32(inputs.x) && inputs.x.shape.length > 0, ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    const { reps } = attrs as unknown as TileAttrs;
    const outShape = x.shape.map((d, i) => d * reps[i]);
    const out = output(backend, util.sizeFromShape(outShape));
    addon().tile(f32(backend, x), x.shape, out, outShape);
    return backend.makeTensorInfo(outShape, 'float32', out);
  }),
};
