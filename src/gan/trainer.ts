// One GAN training step as the documents describe it: k discriminator updates on fresh real
// batches (the generator frozen), then one generator update (the discriminator frozen), with
// the remedies of the config applied where they belong.
import * as tf from '@tensorflow/tfjs';
import { discriminatorTraining, lossWeights, type LossWeights, type RunConfig } from '../config/schema.ts';
import { diffAugment } from '../data/diff_augment.ts';
import type { Rng } from '../random/prng.ts';
import { WeightAverage } from '../train/ema.ts';
import { discriminatorLoss, dOutputProbe, generatorLoss, type Targets } from './losses.ts';
import { drawPrior, oneHot } from '../train/session.ts';
import { leaders, type Conditioning, type RealBatch } from './conditioning.ts';
import { MINIBATCH_STDDEV_GROUP } from '../nn/minibatch_stddev.ts';
import { ganModel, reseedDropout, type GanNetworks } from './networks.ts';
import { packSamples } from './packing.ts';
import { registerHigherOrderGradients } from '../engine/higher_order_gradients.ts';
import { learningRateFactor, makeOptimizer, setLearningRate } from '../train/optimizer.ts';
import { clipWeights, penaltyMix, withPenalties } from './penalties.ts';
import { categoricalCode, codeThresholds } from '../nn/categorical_code.ts';

/** What one step reports: losses, D's mean output on real and fake data, penalties. */
export type StepMetrics = Record<string, number>;

export class GanTrainer {
  readonly gOpt: tf.Optimizer;
  readonly dOpt: tf.Optimizer;
  readonly ema: WeightAverage | null;
  private gVars: tf.Variable[];
  private dVars: tf.Variable[];
  private weights: LossWeights;
  /** D's learning rate and betas (the schema's defaults where the config names none). */
  private readonly d: { lr: number; betas: [number, number] };
  /** Steps completed (generator updates). */
  step = 0;

  constructor(
    readonly config: RunConfig,
    readonly nets: GanNetworks,
    /** The run's generator for noise, fake labels, flips, augmentation and dropout masks. */
    readonly rng: Rng,
    /** A second generator with the same architecture, holding the moving average when EMA is on. */
    emaModel: tf.LayersModel | null,
    /** What conditional nets take as their second input; null for unconditional ones. */
    readonly conditioning: Conditioning | null,
  ) {
    const t = config.train;
    this.gOpt = makeOptimizer(t, t.gLr, t.gBetas);
    this.d = discriminatorTraining(t);
    this.dOpt = makeOptimizer(t, this.d.lr, this.d.betas);
    this.gVars = nets.generator.trainableWeights.map((w) => w.read() as tf.Variable);
    // The auxiliary classifier shares D's convolutions: each variable once.
    this.dVars = [...new Set([...nets.discriminator.trainableWeights, ...(nets.classifier?.trainableWeights ?? [])].map((w) => w.read() as tf.Variable))];
    this.weights = lossWeights(config.loss);
    if (this.weights.gradientPenalty > 0 || this.weights.r1 > 0) registerHigherOrderGradients();
    const ema = config.remedies.ema;
    this.ema = ema && emaModel ? new WeightAverage(emaModel, nets.generator, ema.decay) : null;
  }

  /** The generator to draw samples from: the moving average when EMA is on. */
  get samplingModel(): tf.LayersModel {
    return this.ema?.target ?? this.nets.generator;
  }

  /** k discriminator steps on the given real batches (one each), then one generator step. */
  trainStep(realBatches: RealBatch[]): StepMetrics {
    const t = this.config.train;
    const batch = t.batchSize;
    const factor = learningRateFactor(t.lrDecay, this.step, t.steps);
    setLearningRate(this.gOpt, t.gLr * factor);
    setLearningRate(this.dOpt, this.d.lr * factor);
    // Metric scalars are kept past the tidy scopes of the gradient functions that made them,
    // and disposed here once read.
    const kept: tf.Tensor[] = [];
    let report: Record<string, tf.Scalar> = {};
    tf.tidy(() => {
      const dMetrics = realBatches.map((b) => this.discriminatorStep(b, batch));
      const gMetrics = this.generatorStep(batch);
      // Of the k D steps, the last one's figures are reported (D as the G step saw it).
      report = { ...dMetrics[dMetrics.length - 1], ...gMetrics };
      kept.push(...dMetrics.flatMap((m) => Object.values(m)), ...Object.values(gMetrics));
    });
    const names = Object.keys(report);
    const stacked = tf.stack(Object.values(report));
    const numbers = stacked.dataSync();
    tf.dispose([stacked, ...kept]);
    this.step++;
    this.ema?.update(this.step - (this.config.remedies.ema?.start ?? 0));
    return Object.fromEntries(names.map((n, i) => [n, numbers[i]]));
  }

  /** Noise from the configured prior: N(0, scale^2) or U(-scale, scale). */
  latent(n: number, rng: Rng = this.rng): tf.Tensor2D {
    const { latent } = ganModel(this.config.model);
    return tf.tensor2d(drawPrior(latent, n, rng), [n, latent.dim]);
  }

  /** Generator inputs for n samples: noise, and conditions for conditional models (for the given classes, else as in training). */
  generatorInputs(n: number, labels?: Int32Array, rng: Rng = this.rng): tf.Tensor[] {
    const z = this.latent(n, rng);
    const c = this.conditioning;
    if (!c) return [z];
    return [z, labels ? c.forLabels(labels, rng) : c.forFakes(n, rng)];
  }

  /** Samples per group of D's minibatch stddev that share one condition (text runs with caption groups), else 1. */
  private get groupSize(): number {
    const m = this.config.model;
    return m.architecture === 'text-dcgan' && m.text.captionGroups ? MINIBATCH_STDDEV_GROUP : 1;
  }

  /** n conditions, one per group repeated over the groups' strided members when batches are grouped. */
  private groupedConditions(n: number, conditions: (m: number) => tf.Tensor2D): tf.Tensor2D {
    return this.overGroups(conditions(n / this.groupSize));
  }

  /** Rows of the groups' leaders repeated over their strided members (as they are when batches are not grouped). */
  private overGroups(rows: tf.Tensor2D): tf.Tensor2D {
    const g = this.groupSize;
    return g === 1 ? rows : tf.tile(rows, [g, 1]);
  }

  /** TAC-GAN's classification loss: the auxiliary classifier's cross-entropy against class probabilities. */
  private classLoss(x: tf.Tensor, classes: tf.Tensor2D): tf.Scalar {
    const logits = this.nets.classifier!.apply(x, { training: true }) as tf.Tensor;
    return tf.losses.softmaxCrossEntropy(classes, logits) as tf.Scalar;
  }

  private discriminatorStep(drawn: RealBatch, n: number): Record<string, tf.Scalar> {
    const { nets, rng } = this;
    const c = this.conditioning;
    const grouped = this.groupSize > 1 ? c!.grouped!(drawn, this.groupSize, rng) : null;
    const real = grouped?.batch ?? drawn;
    const x = tf.tensor(real.x, [n, ...nets.sampleShape]);
    const yReal = grouped?.conditions ?? c?.real(real, rng) ?? null;
    const gIn = c ? [this.latent(n), this.groupedConditions(n, (m) => c.forFakes(m, rng))] : [this.latent(n)];
    // Computed outside the gradient function: a constant for the D step (G is frozen).
    reseedDropout(nets, rng);
    const fake = nets.generator.apply(gIn, { training: true }) as tf.Tensor;
    const yFake = gIn[1] ?? null;
    const code = this.codeOf(gIn[0]);
    const targets = this.targets(n / this.pack);
    const dReal = this.prepare(x), dFake = this.prepare(fake);
    const d = (input: tf.Tensor, y: tf.Tensor | null) => {
      reseedDropout(nets, rng);
      const packed = packSamples(input, this.pack);
      return nets.discriminator.apply(y ? [packed, y] : packed, { training: true }) as tf.Tensor;
    };
    const mix = this.weights.gradientPenalty > 0 ? penaltyMix(n, nets.sampleShape, rng) : null;
    const probe = dOutputProbe(this.config.loss.type);
    const metrics: Record<string, tf.Scalar> = {};
    const keepMean = (t: tf.Tensor) => tf.keep(tf.mean(t) as tf.Scalar);
    const mismatch = this.config.remedies.mismatchedLabels;
    const size = tf.util.sizeFromShape(nets.sampleShape);
    const yWrong = mismatch > 0 ? this.groupedConditions(n, (m) => c!.wrong(leaders(real, m, size), rng)) : null;
    const dLoss = this.dOpt.minimize(() => {
      const realOut = d(dReal, yReal), fakeOut = d(dFake, yFake);
      metrics.d_real = keepMean(probe(realOut));
      metrics.d_fake = keepMean(probe(fakeOut));
      const type = this.config.loss.type;
      let loss = discriminatorLoss(type, realOut, fakeOut, targets);
      if (yWrong) {
        // Every loss is a real term plus a fake term, so mixing two losses that share the real
        // term splits the fake term: (1 - w) on generated images, w on real ones with wrong labels.
        const wrongOut = d(dReal, yWrong);
        metrics.d_mismatch = keepMean(probe(wrongOut));
        loss = tf.add(tf.mul(1 - mismatch, loss), tf.mul(mismatch, discriminatorLoss(type, realOut, wrongOut, targets)));
      }
      if (code) {
        // InfoGAN: Q learns to recover the code from G's samples (D's side of the information term).
        metrics.d_info = tf.keep(this.classLoss(dFake, code));
        loss = tf.add(loss, tf.mul(this.codeWeight, metrics.d_info));
      } else if (this.nets.classifier) {
        // The classifier learns from real images only, so it cannot learn G's mistakes as a class.
        const classLoss = this.classLoss(dReal, oneHot(real.labels!, this.nets.numClasses));
        metrics.d_class = tf.keep(classLoss);
        loss = tf.add(loss, tf.mul(this.auxiliaryWeight, classLoss));
      }
      const penalised = withPenalties(loss, this.weights, (v) => d(v, yReal), dReal, dFake, mix);
      for (const [name, value] of Object.entries(penalised.terms)) metrics[name] = tf.keep(value);
      return penalised.loss;
    }, true, this.dVars)!;
    clipWeights(this.dVars, this.weights.clip);
    return { d_loss: tf.keep(dLoss), ...metrics };
  }

  private generatorStep(n: number): Record<string, tf.Scalar> {
    const { nets, rng } = this;
    const z = this.latent(n);
    // G's own conditions: for text, GAN-INT's midpoints among them.
    const drawn = this.conditioning?.forGenerator(n / this.groupSize, rng);
    const gIn = drawn ? [z, this.overGroups(drawn.conditions)] : [z];
    const code = this.codeOf(z);
    const metrics: Record<string, tf.Scalar> = {};
    this.gOpt.minimize(() => {
      reseedDropout(nets, rng);
      const fake = this.prepare(nets.generator.apply(gIn, { training: true }) as tf.Tensor);
      reseedDropout(nets, rng);
      const packed = packSamples(fake, this.pack);
      const out = nets.discriminator.apply(gIn.length > 1 ? [packed, gIn[1]] : packed, { training: true }) as tf.Tensor;
      const loss = generatorLoss(this.config.loss.type, out);
      // A copy: minimize frees the loss it is given.
      metrics.g_loss = tf.keep(loss.clone());
      if (code) {
        // G's side of InfoGAN's term: samples whose code Q can read (a lower bound on I(code; G(z, code))).
        metrics.g_info = tf.keep(this.classLoss(fake, code));
        return tf.add(loss, tf.mul(this.codeWeight, metrics.g_info)) as tf.Scalar;
      }
      if (!nets.classifier) return loss;
      metrics.g_class = tf.keep(this.classLoss(fake, this.overGroups(drawn!.classes)));
      return tf.add(loss, tf.mul(this.auxiliaryWeight, metrics.g_class)) as tf.Scalar;
    }, false, this.gVars);
    return metrics;
  }

  /** InfoGAN's one-hot code of these noise rows, or null for a model without one. */
  private codeOf(z: tf.Tensor): tf.Tensor2D | null {
    const m = this.config.model;
    return (m.architecture === 'mlp' || m.architecture === 'dcgan') && m.code ? categoricalCode(z, codeThresholds(m.code.categories, m.latent)) : null;
  }

  private get codeWeight(): number {
    const m = this.config.model;
    return (m.architecture === 'mlp' || m.architecture === 'dcgan') && m.code ? m.code.weight : 0;
  }

  /** Samples D judges at once (PacGAN); 1 for an ordinary D. */
  private get pack(): number {
    return ganModel(this.config.model).discriminator.pack;
  }

  private get auxiliaryWeight(): number {
    const m = this.config.model;
    return m.architecture === 'text-dcgan' ? m.text.auxiliaryClassifier : 0;
  }

  /** What D sees of a sample: DiffAugment, then instance noise, as configured. */
  private prepare(x: tf.Tensor): tf.Tensor {
    const r = this.config.remedies;
    let out = x;
    if (r.diffAugment.length > 0 && out.rank === 4) out = diffAugment(out as tf.Tensor4D, r.diffAugment, this.rng);
    const std = instanceNoiseStd(r.instanceNoise, this.step);
    if (std > 0) out = tf.add(out, tf.tensor(this.rng.fill(out.size, (g) => g.normal() * std), out.shape));
    return out;
  }

  /** D's targets for this step: smoothed, and a random share flipped. */
  private targets(n: number): Targets {
    const { labelSmoothing: { real, fake }, labelFlip } = this.config.remedies;
    if (labelFlip === 0) return { real, fake };
    const column = (value: number, other: number) =>
      tf.tensor2d(this.rng.fill(n, (r) => (r.uniform() < labelFlip ? other : value)), [n, 1]);
    return { real: column(real, fake), fake: column(fake, real) };
  }
}

export function instanceNoiseStd(noise: { std: number; annealSteps: number }, step: number): number {
  if (noise.std === 0) return 0;
  return noise.annealSteps > 0 ? noise.std * Math.max(0, 1 - step / noise.annealSteps) : noise.std;
}
