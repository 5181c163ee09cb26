// The lab's VAE: an MLP encoder Q(z|x) = N(mu, diag exp(logVar)) and an MLP decoder giving the mean
// of a Gaussian P(x|z) with the set-up's fixed std, trained on the negative ELBO of
// src/vae/objective.ts (Kingma & Welling 2014). Its samples are the decoder's means of prior draws,
// as `ganforge sample` draws from an exported VAE; its views are the encoder means of the real
// points and the decoder's image of a grid over the latent plane.
import * as tf from '@tensorflow/tfjs';
import { elbo, gaussianKl, gaussianLogLikelihood, reparameterize } from '../../../src/vae/objective.ts';
import { gaussianNoise } from '../../../src/random/gaussian_noise.ts';
import type { Rng } from '../../../src/random/prng.ts';
import { ADAM, makeOptimizer } from '../../../src/train/optimizer.ts';
import { drawPrior } from '../../../src/train/session.ts';
import { downloadModel, exportManifest } from '../playground/download.ts';
import { mlp } from '../playground/gan.ts';
import { noiseGrid } from '../playground/snapshot.ts';
import { rngFor } from '../playground/target.ts';
import { distancesOf, PROBE_POINTS, tidied, valueOf, type LabData, type LabModel, type Measured } from './lab_model.ts';
import type { LabSetup } from './lab_setup.ts';

const LATENT = { dim: 2, distribution: 'normal', scale: 1 } as const;
const HIDDEN = [64, 64];
/** The latent grid the decoder's map shows, as the playground's noise grid (±2 of N(0, I)). */
const GRID = { latentDim: 2, noisePrior: 'normal' } as const;

export class VaeModel implements LabModel {
  readonly family = 'vae';
  step = 0;
  readonly encoder: tf.Sequential;
  readonly decoder: tf.Sequential;
  private readonly opt: tf.Optimizer;
  private readonly rng: Rng;
  private readonly noise: Float32Array;
  private reconstruction?: tf.Scalar;
  private kl?: tf.Scalar;
  /** At the last measurement: the encoder means of the real points [n, 2] and the decoder's image of the latent grid's lines. */
  means?: Float32Array;
  gridLines?: Float32Array[];

  constructor(private readonly setup: LabSetup, private readonly data: LabData) {
    const init = rngFor(setup.seed, 11);
    // The encoder's 4 outputs are mu (2) and logVar (2).
    this.encoder = mlp(2, HIDDEN, 2 * LATENT.dim, false, init);
    this.decoder = mlp(LATENT.dim, HIDDEN, 2, false, init);
    this.opt = makeOptimizer(ADAM, setup.vaeLr, [0.9, 0.999]);
    this.rng = rngFor(setup.seed, 12);
    this.noise = drawPrior(LATENT, PROBE_POINTS, rngFor(setup.seed, 13));
  }

  trainStep(): void {
    const { batchSize, vaeStd } = this.setup;
    const x = tf.tensor2d(this.data.target.sample(batchSize, this.rng), [batchSize, 2]);
    const eps = gaussianNoise([batchSize, LATENT.dim], this.rng) as tf.Tensor2D;
    this.reconstruction?.dispose();
    this.kl?.dispose();
    const loss = this.opt.minimize(() => {
      const out = this.encoder.apply(x) as tf.Tensor2D;
      const mean = out.slice([0, 0], [-1, LATENT.dim]), logVar = out.slice([0, LATENT.dim], [-1, LATENT.dim]);
      const decoded = this.decoder.apply(reparameterize(mean, logVar, eps)) as tf.Tensor2D;
      const logLikelihood = gaussianLogLikelihood(x, decoded, vaeStd), kl = gaussianKl(mean, logVar);
      // The two terms, kept for the charts: -E[log P(x|z)] and KL(Q(z|x) || P(z)), in nats per point.
      this.reconstruction = tf.keep(tf.neg(tf.mean(logLikelihood)));
      this.kl = tf.keep(tf.mean(kl));
      return tf.neg(tf.mean(elbo(logLikelihood, kl))) as tf.Scalar;
    }, false);
    loss?.dispose();
    x.dispose();
    eps.dispose();
    this.step++;
  }

  measure(): Measured {
    return tidied(() => {
      const decode = (z: ArrayLike<number>) => (this.decoder.apply(tf.tensor2d(Float32Array.from(z), [z.length / 2, 2])) as tf.Tensor).dataSync() as Float32Array;
      const fake = decode(this.noise);
      const out = this.encoder.apply(tf.tensor2d(this.data.real, [PROBE_POINTS, 2])) as tf.Tensor2D;
      this.means = out.slice([0, 0], [-1, LATENT.dim]).dataSync() as Float32Array;
      this.gridLines = noiseGrid(GRID, 2).map(decode);
      return { fake, metrics: distancesOf(this.data, fake), losses: { reconstruction: valueOf(this.reconstruction), KL: valueOf(this.kl) } };
    });
  }

  download(): Promise<void> {
    const { data, setup } = this;
    return downloadModel(this.decoder, exportManifest(data.target, setup.data, setup.seed, { family: 'vae', architecture: 'mlp', latent: LATENT, inputs: ['z'], step: this.step }));
  }

  dispose(): void {
    this.reconstruction?.dispose();
    this.kl?.dispose();
    this.encoder.dispose();
    this.decoder.dispose();
    this.opt.dispose();
  }
}
