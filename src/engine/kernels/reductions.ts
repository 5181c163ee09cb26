// Sum, Mean, Max and Min over any axes, in one pass without tfjs cpu's transpose (a table: the four
// kernels differ only in the addon's op code).
import * as tf from '@tensorflow/tfjs-core';
import { backend_util, type KernelConfig, util } from '@tensorflow/tfjs-core';
import { addon, output, f32, isFloat32, nativeOrCpu } from './util.ts';

const REDUCE: Record<string, number> = { [tf.Sum]: 0, [tf.Mean]: 1, [tf.Max]: 2, [tf.Min]: 3 };

function reduceConfig(kernelName: string, op: number): KernelConfig {
  return {
    kernelName,
    backendName: 'native',
    // Max/Min of an empty axis list is the identity and an empty tensor has nothing to reduce:
    // both keep the cpu kernel's exact behaviour.
    kernelFunc: nativeOrCpu(kernelName, ({ inputs }) => isFloat32(inputs.x) && util.sizeFromShape(inputs.x.shape) > 0,
      ({ inputs, backend, attrs }) => {
        const { x } = inputs;
        // Max names its axes `reductionIndices`; the others, `axis`.
        const axes = util.parseAxisParam((attrs.axis ?? attrs.reductionIndices) as number | number[], x.shape);
        const keptShape = x.shape.filter((_, i) => !axes.includes(i));
        const out = output(backend, util.sizeFromShape(keptShape));
        addon().reduce(op, f32(backend, x), x.shape, axes, out);
        const outShape = attrs.keepDims ? backend_util.expandShapeToKeepDim(keptShape, axes) : keptShape;
        return backend.makeTensorInfo(outShape, 'float32', out);
      }),
  };
}

export const reductionKernelConfigs: KernelConfig[] =
  Object.entries(REDUCE).map(([name, op]) => reduceConfig(name, op));
