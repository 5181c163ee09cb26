// The element-wise kernels, as tables rather than a file each: every entry is one line naming the
// tfjs kernel and the addon's op code (native/src/elementwise.cc), and they differ in nothing else.
import * as tf from '@tensorflow/tfjs-core';
import { backend_util, type KernelConfig, type NamedAttrMap, util } from '@tensorflow/tfjs-core';
import { addon, output, f32, isFloat32, nativeOrCpu } from './util.ts';

type AttrParams = (attrs: NamedAttrMap) => [number, number];
const none: AttrParams = () => [0, 0];

// kernel name -> [op code, how its attributes become the op's (alpha, beta)]
const UNARY: Record<string, [number, AttrParams]> = {
  [tf.Relu]: [1, none],
  [tf.Relu6]: [2, none],
  [tf.LeakyRelu]: [3, (a) => [a.alpha as number, 0]],
  [tf.Sigmoid]: [4, none],
  [tf.Elu]: [5, none],
  [tf.Tanh]: [6, none],
  [tf.Exp]: [10, none],
  [tf.Log]: [11, none],
  [tf.Sqrt]: [12, none],
  [tf.Rsqrt]: [13, none],
  [tf.Square]: [14, none],
  [tf.Neg]: [15, none],
  [tf.Abs]: [16, none],
  [tf.Reciprocal]: [17, none],
  [tf.Softplus]: [18, none],
  [tf.Log1p]: [19, none],
  [tf.Step]: [20, (a) => [a.alpha as number, 0]],
  [tf.ClipByValue]: [21, (a) => [a.clipValueMin as number, a.clipValueMax as number]],
  [tf.Sign]: [22, none],
  [tf.Expm1]: [23, none],
  [tf.Floor]: [24, none],
  [tf.Ceil]: [25, none],
  [tf.Round]: [26, none],
  [tf.Sin]: [27, none],
  [tf.Cos]: [28, none],
  [tf.Erf]: [29, none],
  [tf.Selu]: [30, none],
};

// kernel name -> op code; codes from 20 on are comparisons with a bool result.
const BINARY: Record<string, number> = {
  [tf.Add]: 0, [tf.Sub]: 1, [tf.Multiply]: 2, [tf.RealDiv]: 3, [tf.Maximum]: 4, [tf.Minimum]: 5,
  [tf.SquaredDifference]: 6, [tf.Pow]: 7,
  [tf.Greater]: 20, [tf.GreaterEqual]: 21, [tf.Less]: 22, [tf.LessEqual]: 23, [tf.Equal]: 24, [tf.NotEqual]: 25,
};

function unaryConfig(kernelName: string, op: number, params: AttrParams): KernelConfig {
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: nativeOrCpu(kernelName, ({ inputs }) => isFloat32(inputs.x), ({ inputs, backend, attrs }) => {
      const { x } = inputs;
      const out = output(backend, util.sizeFromShape(x.shape));
      const [alpha, beta] = params(attrs);
      addon().unary(op, f32(backend, x), out, alpha, beta);
      return backend.makeTensorInfo(x.shape, 'float32', out);
    }),
  };
}

function binaryConfig(kernelName: string, op: number): KernelConfig {
  const isComparison = op >= 20;
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: nativeOrCpu(kernelName, ({ inputs }) => isFloat32(inputs.a, inputs.b), ({ inputs, backend }) => {
      const { a, b } = inputs;
      const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const size = util.sizeFromShape(outShape);
      const out = isComparison ? new Uint8Array(size) : output(backend, size);
      addon().binary(op, f32(backend, a), a.shape, f32(backend, b), b.shape, out, outShape);
      return backend.makeTensorInfo(outShape, isComparison ? 'bool' : 'float32', out);
    }),
  };
}

const selectConfig: KernelConfig = {
  kernelName: tf.Select,
  backendName: 'native',
  kernelFunc: nativeOrCpu(tf.Select, ({ inputs }) => isFloat32(inputs.t, inputs.e) && inputs.condition.dtype === 'bool',
    ({ inputs, backend }) => {
      const { condition, t, e } = inputs;
      const out = output(backend, util.sizeFromShape(t.shape));
      addon().select(backend.data.get(condition.dataId).values, f32(backend, t), f32(backend, e), out);
      return backend.makeTensorInfo(t.shape, 'float32', out);
    }),
};

export const elementwiseKernelConfigs: KernelConfig[] = [
  ...Object.entries(UNARY).map(([name, [op, params]]) => unaryConfig(name, op, params)),
  ...Object.entries(BINARY).map(([name, op]) => binaryConfig(name, op)),
  selectConfig,
];
