import { _FusedMatMul, type _FusedMatMulAttrs, type KernelConfig, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { activationCode, isFloat32, nativeOrCpu } from './util.ts';
import { matMulGeometry, nativeMatMul } from './BatchMatMul.ts';

// The addon adds a bias of one value per column (shape [..., 1, N] or [N]) or a scalar; other
// bias shapes and prelu go to the cpu kernel.
function biasFits(bias: TensorInfo | undefined, N: number): boolean {
  if (!bias) return true;
  const size = util.sizeFromShape(bias.shape);
  return size === 1 || (size === N && bias.shape[bias.shape.length - 1] === N);
}

export const fusedMatMulConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: 'native',
  kernelFunc: nativeOrCpu(_FusedMatMul, ({ inputs, attrs }) => {
    const { a, b } = inputs;
    const bias = inputs.bias as TensorInfo | undefined;
    const { transposeA, transposeB, activation } = attrs as unknown as _FusedMatMulAttrs;
    const g = matMulGeometry(a, b, transposeA, transposeB);
    return isFloat32(a, b, bias) && g !== null && biasFits(bias, g.N) && activationCode(activation) !== undefined;
  }, ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as _FusedMatMulAttrs;
    return nativeMatMul(backend, inputs.a, inputs.b, transposeA, transposeB, inputs.bias as TensorInfo | undefined,
      activationCode(activation), leakyreluAlpha ?? 0.2);
  }),
};
