// Training a generative moment matching network (Li, Swersky & Zemel 2015; Dziugaite et al.
// 2015; the `000` document's direct method): no discriminator; each step draws a generated
// batch, measures its MMD to a real batch, and back-propagates that distance into the
// generator (Adam). The generator is any network with inputs [z] or [z, y] and the data's
// shape as output, e.g. `.g` of buildNetworks in src/gan/networks.ts.
//
// The loss is sqrt(MMD_b^2), as Li et al. minimise: its gradient is MMD^2's divided by 2 MMD,
// so it does not fade as the batches come closer (MMD^2 shrinks quadratically near the
// optimum). The biased estimate is >= 0, so the root is always defined; 'mmd2' minimises the
// squared distance itself and is the choice for the unbiased estimator, which can be negative.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/prng.ts';
import { reseedDropout, type GanNetworks } from '../gan/networks.ts';
import { checkedLabels, drawPrior, oneHot } from '../train/session.ts';
import { mapRowChunks } from '../util/row_chunks.ts';
import { MEDIAN_FACTORS, medianDistance, mmd2, type MmdEstimator } from './mmd.ts';
import { ADAM, makeOptimizer, type OptimizerKind } from '../train/optimizer.ts';
import { FAMILY_TRAINING } from '../config/schema.ts';

/** A real batch; labels are needed by a conditional generator and ignored by an unconditional one. */
export interface GmnBatch { x: Float32Array; labels?: Int32Array }

export interface GmnTrainerOptions {
  /** The noise prior p(z), the same shape as a GAN config's model.latent. */
  latent: { dim: number; distribution: 'normal' | 'uniform'; scale: number };
  /** 'mmd': sqrt(MMD^2) (Li et al.); 'mmd2': MMD^2. */
  loss: 'mmd' | 'mmd2';
  estimator: MmdEstimator;
  /** Fixed kernel standard deviations (data units); null: the median heuristic on each real batch times medianFactors. */
  bandwidths: number[] | null;
  medianFactors: number[];
  learningRate: number;
  betas: readonly [number, number];
  /** The optimiser: Adam with `betas` unless the run's train.optimizer names RMSProp or SGD. */
  optimizer?: OptimizerKind;
}

export const GMN_TRAINER_DEFAULTS: GmnTrainerOptions = {
  latent: { dim: 10, distribution: 'uniform', scale: 1 },
  loss: 'mmd', estimator: 'biased', bandwidths: null, medianFactors: MEDIAN_FACTORS,
  learningRate: FAMILY_TRAINING.gmn.lr, betas: FAMILY_TRAINING.gmn.betas,
};

/** The generator half of GanNetworks (its discriminator, if any, is not used). */
export type GmnNetworks = Omit<GanNetworks, 'd'>;

/** loss (what the step minimised), mmd2 (the estimate) and, with the median heuristic, median (the real batch's median distance). */
export type GmnMetrics = Record<string, number>;

const EPSILON = 1e-12;

export class GmnTrainer {
  readonly options: GmnTrainerOptions;
  /** Its getWeights() / setWeights() carry the Adam moments for checkpoints. */
  readonly optimizer: tf.Optimizer;
  private vars: tf.Variable[];
  /** Steps completed. */
  step = 0;

  constructor(options: Partial<GmnTrainerOptions>, readonly nets: GmnNetworks, /** The run's generator for noise, labels and dropout masks. */ readonly rng: Rng) {
    this.options = { ...GMN_TRAINER_DEFAULTS, ...options };
    const { loss, estimator, learningRate, betas, optimizer = ADAM, latent } = this.options;
    if (loss === 'mmd' && estimator === 'unbiased') {
      throw new Error('the loss "mmd" takes the square root of MMD^2, which the unbiased estimator can make negative; use loss "mmd2" with it, or the biased estimator.');
    }
    const inputDim = nets.generator.inputs[0].shape[1];
    if (inputDim !== latent.dim) throw new Error(`the generator takes ${inputDim} noise values but latent.dim is ${latent.dim}; make them equal.`);
    this.optimizer = makeOptimizer(optimizer, learningRate, betas);
    this.vars = nets.generator.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  /** One Adam step on the MMD between a generated batch and `batch` (the same size; the same labels for conditional nets). */
  trainStep(batch: GmnBatch): GmnMetrics {
    const { nets, rng } = this;
    const size = tf.util.sizeFromShape(nets.sampleShape);
    const n = batch.x.length / size;
    if (!Number.isInteger(n) || n < 2) {
      throw new Error(`a batch of ${batch.x.length} values is not at least 2 whole samples of shape [${nets.sampleShape.join(', ')}]; give n × ${size} values, n >= 2.`);
    }
    const labels = this.labelsFor(batch.labels, n);
    const kept: tf.Scalar[] = [];
    let median: number | null = null;
    tf.tidy(() => {
      const real = tf.tensor(batch.x, [n, ...nets.sampleShape]);
      // The median depends on data only: a constant for the gradient.
      if (!this.options.bandwidths) median = medianDistance(real);
      const sigmas = this.options.bandwidths ?? this.options.medianFactors.map((f) => f * median!);
      const y = labels ? this.oneHot(labels) : null;
      const z = this.latent(n, rng);
      this.optimizer.minimize(() => {
        // reseedDropout reads only the dropout list: masks for generators with dropout (cgan-maxout).
        reseedDropout(nets as GanNetworks, rng);
        const fake = nets.generator.apply(y ? [z, y] : z, { training: true }) as tf.Tensor;
        const squared = mmd2(fake, real, sigmas, this.options.estimator, y ? { x: y, y } : undefined);
        // A clone to report: minimize disposes the tensor the closure returns, which for 'mmd2' is `squared` itself.
        kept.push(tf.keep(tf.clone(squared)));
        // Rounding can take the biased estimate a hair below 0, and the epsilon keeps sqrt's gradient finite at 0.
        return (this.options.loss === 'mmd' ? tf.sqrt(tf.add(tf.relu(squared), EPSILON)) : squared) as tf.Scalar;
      }, false, this.vars);
    });
    this.step++;
    const value = kept[0].dataSync()[0];
    tf.dispose(kept);
    const loss = this.options.loss === 'mmd' ? Math.sqrt(Math.max(value, 0) + EPSILON) : value;
    return median === null ? { loss, mmd2: value } : { loss, mmd2: value, median };
  }

  /** n samples in [-1, 1] from noise drawn with `rng`; conditional nets need one label per sample. */
  sample(n: number, rng: Rng = this.rng, labels?: Int32Array): Float32Array {
    const y = this.labelsFor(labels, n);
    const size = tf.util.sizeFromShape(this.nets.sampleShape);
    return mapRowChunks(n, size, (from, to) => {
      const z = this.latent(to - from, rng);
      return this.nets.generator.apply(y ? [z, this.oneHot(y.subarray(from, to))] : z, { training: false }) as tf.Tensor;
    });
  }

  /** Noise from the prior: N(0, scale^2) or U(-scale, scale). */
  latent(n: number, rng: Rng = this.rng): tf.Tensor2D {
    const { latent } = this.options;
    return tf.tensor2d(drawPrior(latent, n, rng), [n, latent.dim]);
  }

  private oneHot(labels: Int32Array): tf.Tensor2D {
    return oneHot(labels, this.nets.numClasses);
  }

  /** The labels a conditional generator needs (one per sample); an unconditional one ignores any given. */
  private labelsFor(labels: Int32Array | undefined, n: number): Int32Array | null {
    return this.nets.conditional ? checkedLabels(labels, n, this.nets.numClasses, 'generator') : null;
  }
}
