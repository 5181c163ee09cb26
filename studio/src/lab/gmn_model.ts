// The lab's generative moment-matching network (Li, Swersky & Zemel 2015): an MLP generator
// trained to minimise the squared MMD of src/gmn/mmd.ts between a real and a generated batch,
// with the median heuristic's bandwidths (on the fixed real points) scaled by the set-up's knob.
// Its view is the MMD's witness function f(x) = mean_i k(x, real_i) - mean_j k(x, fake_j)
// (Gretton et al. 2012): positive where the real points are denser, negative where the generated
// ones are; the generator moves its points up f's slope.
import * as tf from '@tensorflow/tfjs';
import { gaussianKernelSum, MEDIAN_FACTORS, medianDistance, mmd2 } from '../../../src/gmn/mmd.ts';
import type { Rng } from '../../../src/random/prng.ts';
import { ADAM, makeOptimizer } from '../../../src/train/optimizer.ts';
import { drawPrior } from '../../../src/train/session.ts';
import { downloadModel, exportManifest } from '../playground/download.ts';
import { mlp } from '../playground/gan.ts';
import { HEAT, heatCells } from '../playground/snapshot.ts';
import { rngFor } from '../playground/target.ts';
import { distancesOf, PROBE_POINTS, tidied, valueOf, type LabData, type LabModel, type Measured } from './lab_model.ts';
import type { LabSetup } from './lab_setup.ts';

const LATENT = { dim: 2, distribution: 'normal', scale: 1 } as const;
/** Points of each side the witness is estimated from. */
const WITNESS_POINTS = 200;

export class GmnModel implements LabModel {
  readonly family = 'gmn';
  step = 0;
  readonly generator: tf.Sequential;
  readonly sigmas: number[];
  private readonly opt: tf.Optimizer;
  private readonly rng: Rng;
  private readonly noise: Float32Array;
  private mmd?: tf.Scalar;
  /** The witness on the HEAT x HEAT grid at the last measurement, and its largest magnitude. */
  witness?: Float32Array;
  witnessMax = 0;

  constructor(private readonly setup: LabSetup, private readonly data: LabData) {
    this.generator = mlp(LATENT.dim, [64, 64], 2, false, rngFor(setup.seed, 21));
    this.opt = makeOptimizer(ADAM, setup.gmnLr, [0.9, 0.999]);
    this.rng = rngFor(setup.seed, 22);
    this.noise = drawPrior(LATENT, PROBE_POINTS, rngFor(setup.seed, 23));
    const median = tf.tidy(() => medianDistance(tf.tensor2d(data.real.subarray(0, 2 * WITNESS_POINTS), [WITNESS_POINTS, 2])));
    this.sigmas = MEDIAN_FACTORS.map((f) => f * median * setup.gmnBandwidth);
  }

  trainStep(): void {
    const n = this.setup.batchSize;
    const real = tf.tensor2d(this.data.target.sample(n, this.rng), [n, 2]);
    const z = tf.tensor2d(drawPrior(LATENT, n, this.rng), [n, LATENT.dim]);
    this.mmd?.dispose();
    this.mmd = this.opt.minimize(() => mmd2(real, this.generator.apply(z) as tf.Tensor, this.sigmas), true) as tf.Scalar;
    real.dispose();
    z.dispose();
    this.step++;
  }

  measure(): Measured {
    return tidied(() => {
      const fakeT = this.generator.apply(tf.tensor2d(this.noise, [PROBE_POINTS, LATENT.dim])) as tf.Tensor2D;
      const fake = fakeT.dataSync() as Float32Array;
      const grid = tf.tensor2d(heatCells(), [HEAT * HEAT, 2]);
      const real = tf.tensor2d(this.data.real.subarray(0, 2 * WITNESS_POINTS), [WITNESS_POINTS, 2]);
      // f(x) = mean_i k(x, real_i) - mean_j k(x, fake_j), the witness of the (biased) MMD.
      const f = tf.sub(tf.mean(gaussianKernelSum(grid, real, this.sigmas), 1), tf.mean(gaussianKernelSum(grid, fakeT.slice([0, 0], [WITNESS_POINTS, 2]), this.sigmas), 1));
      this.witness = f.dataSync() as Float32Array;
      this.witnessMax = this.witness.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-12);
      return { fake, metrics: distancesOf(this.data, fake), losses: { 'MMD²': valueOf(this.mmd) } };
    });
  }

  download(): Promise<void> {
    const { data, setup } = this;
    return downloadModel(this.generator, exportManifest(data.target, setup.data, setup.seed, { family: 'gmn', architecture: 'mlp', latent: LATENT, inputs: ['z'], step: this.step }));
  }

  dispose(): void {
    this.mmd?.dispose();
    this.generator.dispose();
    this.opt.dispose();
  }
}
