// The lab's diffusion model (Ho et al. 2020): ganforge's MLP denoiser eps_theta(x_t, t)
// (src/diffusion/networks.ts, small), trained on DDPM's simple loss over the set-up's noise
// schedule (src/diffusion/schedule.ts, ddpm.ts). Its samples come from DDIM's deterministic chain
// (Song et al. 2021) in SAMPLER_STEPS steps, the sampler its export names; its view is the forward
// noising of the real points and the reverse chain of its samples at every step t, under a slider.
import * as tf from '@tensorflow/tfjs';
import { forwardChain, modelPredictor, reverseChain, samplerOptions, simpleLoss, type ChainState } from '../../../src/diffusion/ddpm.ts';
import { buildDenoiser } from '../../../src/diffusion/networks.ts';
import { noiseSchedule, type NoiseSchedule } from '../../../src/diffusion/schedule.ts';
import type { Rng } from '../../../src/random/prng.ts';
import { ADAM, makeOptimizer } from '../../../src/train/optimizer.ts';
import { downloadModel, exportManifest } from '../playground/download.ts';
import { rngFor } from '../playground/target.ts';
import { distancesOf, PROBE_POINTS, valueOf, type LabData, type LabModel, type Measured } from './lab_model.ts';
import type { LabSetup } from './lab_setup.ts';

/** DDIM's steps when sampling (at most T): few enough that a measurement stays a short pause. */
const SAMPLER_STEPS = 10;
/** Points the chains show. */
const CHAIN_POINTS = 600;

export class DiffusionModel implements LabModel {
  readonly family = 'diffusion';
  step = 0;
  readonly denoiser: tf.LayersModel;
  readonly schedule: NoiseSchedule;
  private readonly opt: tf.Optimizer;
  private readonly rng: Rng;
  private loss?: tf.Scalar;
  /** x_t of the real points for t = 0..T (the forward process needs no training: made once). */
  readonly forward: ChainState[];
  /** The reverse chain of the samples at t = 0..T at the last measurement (each at the first state at or below t). */
  reverse?: ChainState[];

  constructor(private readonly setup: LabSetup, private readonly data: LabData) {
    this.schedule = noiseSchedule(setup.diffusionSchedule, setup.diffusionSteps);
    this.denoiser = buildDenoiser([2], { architecture: 'mlp', hidden: [64, 64], timeEmbeddingDim: 32, coordinateEmbeddingDim: 16 }, rngFor(setup.seed, 31));
    this.opt = makeOptimizer(ADAM, setup.diffusionLr, [0.9, 0.999]);
    this.rng = rngFor(setup.seed, 32);
    const x0 = tf.tensor2d(data.real.subarray(0, 2 * CHAIN_POINTS), [CHAIN_POINTS, 2]);
    this.forward = forwardChain(this.schedule, x0, this.allSteps(), rngFor(setup.seed, 33));
    x0.dispose();
  }

  private allSteps = () => Array.from({ length: this.schedule.steps + 1 }, (_, t) => t);

  get sampler() {
    return { method: 'ddim', steps: Math.min(SAMPLER_STEPS, this.schedule.steps), eta: 0 } as const;
  }

  trainStep(): void {
    const n = this.setup.batchSize;
    const x0 = tf.tensor2d(this.data.target.sample(n, this.rng), [n, 2]);
    this.loss?.dispose();
    this.loss = this.opt.minimize(() => simpleLoss(this.schedule, modelPredictor(this.denoiser, true), x0, this.rng), true) as tf.Scalar;
    x0.dispose();
    this.step++;
  }

  measure(): Measured {
    // A fixed seed per measurement: the chain's pictures move only because the denoiser does.
    const predictor = modelPredictor(this.denoiser);
    const states = reverseChain(this.schedule, predictor, [PROBE_POINTS, 2], this.allSteps(), rngFor(this.setup.seed, 34), samplerOptions(this.sampler));
    const fake = states.find((s) => s.t === 0)!.x;
    this.reverse = states.map(({ t, x }) => ({ t, x: x.subarray(0, 2 * CHAIN_POINTS) }));
    return { fake, metrics: distancesOf(this.data, fake), losses: { 'simple loss': valueOf(this.loss) } };
  }

  download(): Promise<void> {
    const { data, setup, schedule } = this;
    return downloadModel(this.denoiser, exportManifest(data.target, setup.data, setup.seed, {
      family: 'diffusion', architecture: 'mlp', inputs: ['x_t', 't'], step: this.step,
      diffusion: { schedule: schedule.name, timesteps: schedule.steps, sampler: this.sampler },
    }));
  }

  dispose(): void {
    this.loss?.dispose();
    this.denoiser.dispose();
    this.opt.dispose();
  }
}
