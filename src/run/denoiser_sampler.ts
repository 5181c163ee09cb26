// Samples of an exported denoiser, drawn as its manifest says: `ganforge sample` runs the chain
// to the end (generator_file.ts), the studio's explorer runs it in the browser a step at a time
// (this module has no Node imports), and a seed draws the same samples in both.
import type * as tf from '@tensorflow/tfjs';
import { modelPredictor, sampleChain, samplerOptions, type Chain } from '../diffusion/ddpm.ts';
import { noiseSchedule } from '../diffusion/schedule.ts';
import type { Rng } from '../random/prng.ts';
import type { GeneratorManifest } from '../io/manifest.ts';
import { oneHot } from '../train/session.ts';

export interface DenoiserSampling {
  /** One class per sample, for conditional models. */
  labels?: Int32Array;
  /** DDIM at eta 0 in this many steps instead of the manifest's sampler: each sample then depends on its starting noise alone. */
  ddimSteps?: number;
  /** x_T [n, ...sampleShape] to start from instead of a draw from the rng. */
  start?: tf.Tensor;
}

/** The reverse chain that draws n samples from `model`, the denoiser `manifest` describes. */
export function* denoiserChain(model: tf.LayersModel, manifest: GeneratorManifest, n: number, rng: Rng, options: DenoiserSampling = {}): Chain {
  const d = manifest.diffusion;
  if (!d) throw new Error(`this ${manifest.family} model is not a denoiser (its manifest has no diffusion section); sample it as a generator.`);
  const sampler = samplerOptions(options.ddimSteps === undefined ? d.sampler : { method: 'ddim', steps: options.ddimSteps, eta: 0 });
  const y = options.labels ? oneHot(options.labels, manifest.numClasses) : undefined;
  try {
    return yield* sampleChain(noiseSchedule(d.schedule, d.timesteps), modelPredictor(model), [n, ...manifest.sampleShape], rng,
      { ...sampler, oneHotLabels: y, start: options.start });
  } finally {
    y?.dispose();
  }
}
