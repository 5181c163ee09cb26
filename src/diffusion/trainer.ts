// Training a denoiser with DDPM's simple loss, one Adam step per batch, and drawing samples from
// it with either sampler. The trainer composes the pieces: a schedule (schedule.ts), the loss and
// samplers (ddpm.ts) and a denoiser model (networks.ts).
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/prng.ts';
import { setModelWeights, type NamedTensor } from '../train/checkpoint.ts';
import { WeightAverage } from '../train/ema.ts';
import { betaPowers, setBetaPowers } from '../train/session.ts';
import { modelPredictor, sample, simpleLoss, type SampleOptions } from './ddpm.ts';
import { noiseSchedule, type NoiseSchedule, type ScheduleName } from './schedule.ts';
import { ADAM, makeOptimizer, type OptimizerKind } from '../train/optimizer.ts';
import { DIFFUSION_PROCESS_DEFAULTS, FAMILY_TRAINING } from '../config/schema.ts';

export interface DiffusionTrainerOptions {
  /** The shape of one sample, e.g. [2] for points or [28, 28, 1] for MNIST. */
  sampleShape: number[];
  /** Number of classes of a class-conditional denoiser; absent or 0 for an unconditional one. */
  numClasses?: number;
  schedule?: ScheduleName;
  /** T, the number of diffusion steps. */
  timesteps?: number;
  learningRate?: number;
  betas?: readonly [number, number];
  /** The optimiser: Adam with `betas` unless the run's train.optimizer names RMSProp or SGD. */
  optimizer?: OptimizerKind;
  /** Decay of the exponential moving average of the weights sampled from (DDPM: 0.9999); null for none. Needs the emaModel argument. */
  emaDecay?: number | null;
}

export const DIFFUSION_DEFAULTS = {
  schedule: DIFFUSION_PROCESS_DEFAULTS.schedule as ScheduleName,
  timesteps: DIFFUSION_PROCESS_DEFAULTS.timesteps,
  learningRate: FAMILY_TRAINING.diffusion.lr,
  betas: FAMILY_TRAINING.diffusion.betas,
  emaDecay: null as number | null,
};

/** What trainStep reports. */
export type StepMetrics = Record<string, number>;

/** Samples are drawn with `method`; labels (one per sample) for conditional models, random when absent. */
export type TrainerSampleOptions = SampleOptions & { labels?: Int32Array };

/** Everything to continue training exactly, in the form of train/checkpoint.ts's CheckpointContents. */
export interface DiffusionTrainerState {
  /** adam: Adam's running powers beta1^t, beta2^t (absent: recomputed from the iteration count, which can differ in the last bit). */
  state: { step: number; rng: number[]; adam?: [number, number] };
  groups: { denoiser: NamedTensor[]; optimizer: NamedTensor[]; ema?: NamedTensor[] };
}

export class DiffusionTrainer {
  readonly schedule: NoiseSchedule;
  readonly sampleShape: number[];
  readonly numClasses: number;
  readonly ema: WeightAverage | null;
  optimizer: tf.Optimizer;
  /** Optimizer steps taken. */
  step = 0;
  private vars: tf.Variable[];
  private learningRate: number;
  private betas: readonly [number, number];
  private optimizerKind: OptimizerKind;

  constructor(
    options: DiffusionTrainerOptions,
    readonly denoiser: tf.LayersModel,
    /** The run's generator for steps t and noise of the loss. */
    readonly rng: Rng,
    /** A second denoiser of the same architecture to hold the moving average, when emaDecay is set. */
    emaModel: tf.LayersModel | null = null,
  ) {
    const d = DIFFUSION_DEFAULTS;
    this.schedule = noiseSchedule(options.schedule ?? d.schedule, options.timesteps ?? d.timesteps);
    this.sampleShape = options.sampleShape;
    this.numClasses = options.numClasses ?? 0;
    const emaDecay = options.emaDecay ?? d.emaDecay;
    const conditional = denoiser.inputs.length === 3;
    if (conditional !== this.numClasses > 0) {
      throw new Error(`the denoiser is ${conditional ? '' : 'un'}conditional but numClasses is ${this.numClasses}; build the denoiser with the same numClasses as the trainer.`);
    }
    if ((emaDecay === null) !== (emaModel === null)) {
      throw new Error('emaDecay and emaModel go together; pass a second denoiser with emaDecay, or neither.');
    }
    this.ema = emaDecay !== null && emaModel ? new WeightAverage(emaModel, denoiser, emaDecay) : null;
    this.learningRate = options.learningRate ?? d.learningRate;
    this.betas = options.betas ?? d.betas;
    this.optimizerKind = options.optimizer ?? ADAM;
    this.optimizer = this.newOptimizer();
    this.vars = denoiser.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  /** The denoiser samples come from: the moving average when EMA is on. */
  get samplingModel(): tf.LayersModel {
    return this.ema?.target ?? this.denoiser;
  }

  /** One Adam step on the simple loss of a batch: x flat [n, ...sampleShape], labels for conditional models. */
  trainStep(batch: { x: Float32Array; labels?: Int32Array }): StepMetrics {
    const n = this.count(batch.x.length);
    const predictor = modelPredictor(this.denoiser, true);
    const loss = tf.tidy(() => {
      const x0 = tf.tensor(batch.x, [n, ...this.sampleShape]);
      const y = this.oneHot(n, batch.labels, null);
      return this.optimizer.minimize(() => simpleLoss(this.schedule, predictor, x0, this.rng, y), true, this.vars)!;
    });
    const value = loss.dataSync()[0];
    loss.dispose();
    this.step++;
    this.ema?.update(this.step);
    return { loss: value };
  }

  /** n samples, flat [n, ...sampleShape]; the starting noise and the sampler's noise come from `rng`. */
  sample(n: number, options: TrainerSampleOptions, rng: Rng): Float32Array {
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`the number of samples must be a positive integer, not ${n}.`);
    const y = this.oneHot(n, options.labels, rng);
    try {
      const x = sample(this.schedule, modelPredictor(this.samplingModel), [n, ...this.sampleShape], rng, { ...options, oneHotLabels: y });
      const values = x.dataSync().slice() as Float32Array;
      x.dispose();
      return values;
    } finally {
      y?.dispose();
    }
  }

  /** Copies of the weights and optimizer state, and the step and generator state; the caller disposes the tensors. */
  async getState(): Promise<DiffusionTrainerState> {
    const copy = (model: tf.LayersModel) => model.weights.map((w) => ({ name: w.originalName, tensor: tf.clone(w.read()) }));
    // The first entry, the iteration count, is made afresh by getWeights; the moments are Adam's own variables.
    const optimizer = (await this.optimizer.getWeights()).map(({ name, tensor }, i) => ({ name, tensor: i === 0 ? tensor : tf.clone(tensor) }));
    return {
      state: { step: this.step, rng: this.rng.getState(), adam: betaPowers(this.optimizer) },
      groups: { denoiser: copy(this.denoiser), optimizer, ...(this.ema ? { ema: copy(this.ema.target) } : {}) },
    };
  }

  /** Restores what getState returned (the tensors are copied: the caller still owns them). */
  async setState({ state, groups }: DiffusionTrainerState): Promise<void> {
    setModelWeights(this.denoiser, groups.denoiser, 'denoiser');
    if (this.ema) {
      if (!groups.ema) throw new Error('the saved state has no EMA weights but this trainer averages them; restore with emaDecay unset or from a state saved with EMA.');
      setModelWeights(this.ema.target, groups.ema, 'EMA denoiser');
    }
    // A fresh Adam takes the moments (setWeights copies them and sets beta^t from the iteration count);
    // the old one is disposed after, so a state taken from this very trainer is read before it goes.
    const optimizer = this.newOptimizer();
    await optimizer.setWeights(groups.optimizer);
    // setWeights computes beta^t as pow(beta, t), while Adam's steps multiply by beta each time: the two
    // differ in the last bit after a few hundred steps, and so would every later update. Restore the running products.
    if (state.adam) setBetaPowers(optimizer, state.adam);
    this.optimizer.dispose();
    this.optimizer = optimizer;
    this.step = state.step;
    this.rng.setState(state.rng);
  }

  dispose(): void {
    this.optimizer.dispose();
  }

  private newOptimizer(): tf.Optimizer {
    return makeOptimizer(this.optimizerKind, this.learningRate, this.betas);
  }

  private count(length: number): number {
    const size = tf.util.sizeFromShape(this.sampleShape);
    if (length === 0 || length % size !== 0) {
      throw new Error(`a batch of ${length} values is not a whole number of samples of shape [${this.sampleShape.join(', ')}]; pass x flat as [n, ...sampleShape].`);
    }
    return length / size;
  }

  /** One-hot labels for conditional models (random from `rng` when absent and rng is given), else null. */
  private oneHot(n: number, labels: Int32Array | undefined, rng: Rng | null): tf.Tensor2D | undefined {
    const k = this.numClasses;
    if (k === 0) {
      if (labels) throw new Error('labels were given to an unconditional diffusion model; drop them or set numClasses.');
      return undefined;
    }
    if (!labels && !rng) throw new Error(`the diffusion model is class-conditional (${k} classes) but the batch has no labels; use labelled data.`);
    const chosen = labels ?? Int32Array.from({ length: n }, () => rng!.int(k));
    if (chosen.length !== n || chosen.some((l) => !(l >= 0 && l < k))) {
      throw new Error(`labels must be ${n} integers in 0..${k - 1}, one per sample; check the batch's labels.`);
    }
    return tf.tidy(() => tf.oneHot(tf.tensor1d(chosen, 'int32'), k).toFloat() as tf.Tensor2D);
  }
}
