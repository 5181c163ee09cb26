// `ganforge info`: which backend computes, and what it runs on.
import { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../engine/backend.ts';
import { loadNativeAddon } from '../engine/native_addon.ts';
import { nativeKernelConfigs } from '../engine/kernels/index.ts';
import { nativeBf16Isa } from '../engine/precision.ts';

export function infoCommand(): Command {
  return new Command('info')
    .description('show the backend in use, its threads and its native kernels')
    .action(async (_options, command: Command) => {
      const backend = await useBackend(command.optsWithGlobals().backend);
      const addon = loadNativeAddon();
      console.log(`backend: ${backend} (TensorFlow.js ${tf.version.tfjs})`);
      if (backend === 'native' && addon) {
        console.log(`oneDNN ${addon.onednnVersion()}, ${addon.maxThreads()} threads`);
        const isa = nativeBf16Isa();
        console.log(isa ? `bf16: native (${isa}); train.precision "bf16" and "auto" compute in bf16`
          : 'bf16: no native instructions on this processor; train.precision "auto" computes in fp32, "bf16" is refused');
        console.log(`native kernels (${nativeKernelConfigs.length}): ${nativeKernelConfigs.map((k) => k.kernelName).sort().join(' ')}`);
      }
    });
}
