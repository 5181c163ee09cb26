// Every kernel the native backend runs in C++ (one file per tfjs kernel name, as in
// tfjs-backend-cpu/src/register_all_kernels.ts). Everything else is the cpu backend's.
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from './BatchMatMul.ts';
import { concatConfig } from './Concat.ts';
import { conv2DConfig } from './Conv2D.ts';
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter.ts';
import { conv2DBackpropInputConfig } from './Conv2DBackpropInput.ts';
import { fusedConv2DConfig } from './FusedConv2D.ts';
import { fusedMatMulConfig } from './_FusedMatMul.ts';
import { fusedBatchNormConfig } from './FusedBatchNorm.ts';
import { elementwiseKernelConfigs } from './elementwise.ts';
import { reductionKernelConfigs } from './reductions.ts';
import { padV2Config } from './PadV2.ts';
import { reverseConfig } from './Reverse.ts';
import { sliceConfig } from './Slice.ts';
import { splitVConfig } from './SplitV.ts';
import { tileConfig } from './Tile.ts';
import { transposeConfig } from './Transpose.ts';

export const nativeKernelConfigs: KernelConfig[] = [
  batchMatMulConfig,
  conv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  fusedConv2DConfig,
  fusedMatMulConfig,
  fusedBatchNormConfig,
  concatConfig,
  padV2Config,
  reverseConfig,
  sliceConfig,
  splitVConfig,
  tileConfig,
  transposeConfig,
  ...elementwiseKernelConfigs,
  ...reductionKernelConfigs,
];
