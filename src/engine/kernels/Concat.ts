import { backend_util, Concat, type ConcatAttrs, type KernelConfig, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { addon, output, f32, isFloat32, nativeOrCpu } from './util.ts';

// The cpu kernel copies element by element in JavaScript unless the axis is the first; a single
// input stays its zero-copy identity.
export const concatConfig: KernelConfig = {
  kernelName: Concat,
  backendName: 'native',
  kernelFunc: nativeOrCpu(Concat, ({ inputs }) => {
    const xs = Object.values(inputs);
    return xs.length > 1 && isFloat32(...xs) && xs[0].shape.length > 0;
  }, ({ inputs, backend, attrs }) => {
    const xs: TensorInfo[] = Object.values(inputs);
    const shapes = xs.map((t) => t.shape);
    const axis = util.parseAxisParam((attrs as unknown as ConcatAttrs).axis, shapes[0])[0];
    backend_util.assertParamsConsistent(shapes, axis);
    const outShape = backend_util.computeOutShape(shapes, axis);
    const out = output(backend, util.sizeFromShape(outShape));
    addon().concat(xs.map((t) => f32(backend, t)), util.sizeFromShape(outShape.slice(0, axis)),
      shapes.map((s) => util.sizeFromShape(s.slice(axis))), out);
    return backend.makeTensorInfo(outShape, 'float32', out);
  }),
};
