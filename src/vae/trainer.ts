// Training a VAE (Kingma & Welling 2014; the `003` document): each step encodes a batch,
// decodes one reparameterised z per sample, and takes an Adam step on the encoder and decoder
// together to maximise the ELBO. Sampling decodes z ~ N(0, I) from the prior.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/prng.ts';
import { checkedLabels, oneHot } from '../train/session.ts';
import { mapRowChunks } from '../util/row_chunks.ts';
import { elbo, gaussianKl, reconstructionLogLikelihood, reparameterize } from './objective.ts';
import { gaussianNoise } from '../random/gaussian_noise.ts';
import type { VaeNetworks } from './networks.ts';
import { ADAM, makeOptimizer, type OptimizerKind } from '../train/optimizer.ts';
import { FAMILY_TRAINING, VAE_GAUSSIAN_STD } from '../config/schema.ts';

/** A batch of samples; labels are needed by a conditional VAE and ignored by an unconditional one. */
export interface VaeBatch { x: Float32Array; labels?: Int32Array }

export interface VaeTrainerOptions {
  learningRate: number;
  betas: readonly [number, number];
  /** The optimiser: Adam with `betas` unless the run's train.optimizer names RMSProp or SGD. */
  optimizer?: OptimizerKind;
  /** The fixed std of the 'gaussian' likelihood, in data units ([-1, 1]); unused by 'bernoulli'. */
  gaussianStd: number;
}

export const VAE_TRAINER_DEFAULTS: VaeTrainerOptions = { learningRate: FAMILY_TRAINING.vae.lr, betas: FAMILY_TRAINING.vae.betas, gaussianStd: VAE_GAUSSIAN_STD };

/**
 * What trainStep and evaluate report, means over the batch in nats per sample: elbo, its
 * reconstruction term -log P(X|z) and kl, and loss = -elbo (what the step minimises).
 */
export type VaeMetrics = { loss: number; reconstruction: number; kl: number; elbo: number };

export class VaeTrainer {
  readonly options: VaeTrainerOptions;
  /** Its getWeights() / setWeights() carry the Adam moments for checkpoints. */
  readonly optimizer: tf.Optimizer;
  private vars: tf.Variable[];
  /** Steps completed. */
  step = 0;

  constructor(options: Partial<VaeTrainerOptions>, readonly nets: VaeNetworks, /** The run's generator for eps and prior samples. */ readonly rng: Rng) {
    this.options = { ...VAE_TRAINER_DEFAULTS, ...options };
    const { learningRate, betas, optimizer = ADAM } = this.options;
    this.optimizer = makeOptimizer(optimizer, learningRate, betas);
    this.vars = [...nets.encoder.trainableWeights, ...nets.decoder.trainableWeights].map((w) => w.read() as tf.Variable);
  }

  get latentDim(): number {
    return this.nets.options.latentDim;
  }

  /** One Adam step on -ELBO of the batch; returns the batch's figures before the update. */
  trainStep(batch: VaeBatch): VaeMetrics {
    const kept: tf.Scalar[] = [];
    tf.tidy(() => {
      const { x, y, eps } = this.inputs(batch, this.rng);
      this.optimizer.minimize(() => {
        const terms = this.terms(x, y, eps);
        kept.push(...terms.map((t) => tf.keep(t)));
        return tf.neg(terms[2]) as tf.Scalar;
      }, false, this.vars);
    });
    this.step++;
    return this.read(kept);
  }

  /** The same figures as trainStep on a batch, with eps from `rng`, without updating anything. */
  evaluate(batch: VaeBatch, rng: Rng = this.rng): VaeMetrics {
    const kept = tf.tidy(() => {
      const { x, y, eps } = this.inputs(batch, rng);
      return this.terms(x, y, eps);
    });
    return this.read(kept);
  }

  /** The posterior means E_Q[z|x] of n samples, [n, latentDim] row-major. */
  encode(x: Float32Array, labels?: Int32Array): Float32Array {
    return mapRowChunks(this.count(x), this.latentDim, (from, to) => {
      const [mean] = this.nets.encoder.apply(this.encoderInputs(x, labels, from, to)) as tf.Tensor[];
      return mean;
    });
  }

  /** Decoded means of the posterior means: x -> E_Q[z|x] -> mean of P(X|z), values in [-1, 1]. */
  reconstruct(x: Float32Array, labels?: Int32Array): Float32Array {
    return mapRowChunks(this.count(x), this.size, (from, to) => {
      const inputs = this.encoderInputs(x, labels, from, to);
      const [mean] = this.nets.encoder.apply(inputs) as tf.Tensor[];
      return this.nets.generator.apply(inputs.length > 1 ? [mean, inputs[1]] : mean) as tf.Tensor;
    });
  }

  /** n samples from the model: z ~ N(0, I) from the prior, decoded to the mean of P(X|z) in [-1, 1]. */
  sample(n: number, rng: Rng = this.rng, labels?: Int32Array): Float32Array {
    const y = this.labelsFor(labels, n);
    return mapRowChunks(n, this.size, (from, to) => {
      const z = gaussianNoise([to - from, this.latentDim], rng);
      return this.nets.generator.apply(y ? [z, this.oneHot(y.subarray(from, to))] : z) as tf.Tensor;
    });
  }

  private get size(): number {
    return tf.util.sizeFromShape(this.nets.sampleShape);
  }

  /** [mean log P(X|z), mean KL, mean ELBO] of the batch. */
  private terms(x: tf.Tensor, y: tf.Tensor | null, eps: tf.Tensor2D): tf.Scalar[] {
    const { encoder, decoder, options } = this.nets;
    const [mean, logVar] = encoder.apply(y ? [x, y] : x) as tf.Tensor2D[];
    const z = reparameterize(mean, logVar, eps);
    const decoded = decoder.apply(y ? [z, y] : z) as tf.Tensor;
    const logLikelihood = reconstructionLogLikelihood(options.likelihood, x, decoded, this.options.gaussianStd);
    const kl = gaussianKl(mean, logVar);
    return [tf.mean(logLikelihood), tf.mean(kl), tf.mean(elbo(logLikelihood, kl))] as tf.Scalar[];
  }

  /** The number of samples in x, which must be whole and at least one. */
  private count(x: Float32Array): number {
    const n = x.length / this.size;
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`a batch of ${x.length} values is not a whole number of samples of shape [${this.nets.sampleShape.join(', ')}]; give n × ${this.size} values.`);
    }
    return n;
  }

  private inputs(batch: VaeBatch, rng: Rng): { x: tf.Tensor; y: tf.Tensor | null; eps: tf.Tensor2D } {
    const n = this.count(batch.x);
    const labels = this.labelsFor(batch.labels, n);
    return {
      x: tf.tensor(batch.x, [n, ...this.nets.sampleShape]),
      y: labels ? this.oneHot(labels) : null,
      eps: gaussianNoise([n, this.latentDim], rng) as tf.Tensor2D,
    };
  }

  private encoderInputs(x: Float32Array, labels: Int32Array | undefined, from: number, to: number): tf.Tensor[] {
    const y = this.labelsFor(labels, x.length / this.size);
    const xs = tf.tensor(x.subarray(from * this.size, to * this.size), [to - from, ...this.nets.sampleShape]);
    return y ? [xs, this.oneHot(y.subarray(from, to))] : [xs];
  }

  private oneHot(labels: Int32Array): tf.Tensor2D {
    return oneHot(labels, this.nets.numClasses);
  }

  /** The labels a conditional VAE needs (one per sample); an unconditional one ignores any given. */
  private labelsFor(labels: Int32Array | undefined, n: number): Int32Array | null {
    return this.nets.options.conditional ? checkedLabels(labels, n, this.nets.numClasses, 'VAE') : null;
  }

  private read([logLikelihood, kl, bound]: tf.Scalar[]): VaeMetrics {
    const stacked = tf.stack([logLikelihood, kl, bound]);
    const [ll, k, e] = stacked.dataSync();
    tf.dispose([stacked, logLikelihood, kl, bound]);
    return { loss: -e, reconstruction: -ll, kl: k, elbo: e };
  }
}
