// What the GMN and VAE sessions share: one trainer with one Adam optimizer, stepping on fresh
// batches, drawing samples with sample(n, rng, labels); the seed split into the same streams as
// a GAN's; and the checkpoint of the trainer's own state beside the family's weights.
import type * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config/schema.ts';
import { BatchSampler, type Batch, type BatchSamplerState } from '../data/batches.ts';
import type { Dataset } from '../data/dataset.ts';
import { Rng } from '../random/prng.ts';
import type { CheckpointContents, NamedTensor } from './checkpoint.ts';
import { betaPowers, gridLabels, runStreams, setBetaPowers, type ExportedFields, type Session } from './session.ts';

export interface OneNetworkTrainer {
  step: number;
  readonly rng: Rng;
  readonly optimizer: tf.Optimizer;
  trainStep(batch: Batch): Record<string, number>;
  sample(n: number, rng: Rng, labels?: Int32Array): Float32Array;
}

/** `sampler`: the batch order's state (the key checkpoints have always had). */
interface OneNetworkState { step: number; trainRng: number[]; sampler: BatchSamplerState; adam: [number, number] }

export abstract class OneNetworkSession implements Session {
  readonly batches: BatchSampler;
  readonly discriminator = null;
  /** For the subclass's network weights and its trainer's draws. */
  protected readonly initRng: Rng;
  protected readonly trainRng: Rng;
  private readonly gridRng: number[];
  abstract readonly trainer: OneNetworkTrainer;
  abstract get conditional(): boolean;
  abstract get numClasses(): number;

  constructor(readonly config: RunConfig, readonly data: Dataset) {
    const streams = runStreams(config.seed);
    this.initRng = streams.init;
    this.trainRng = streams.train;
    this.gridRng = streams.grid.getState();
    this.batches = new BatchSampler(data, config.train.batchSize, streams.data);
  }

  get step(): number { return this.trainer.step; }

  trainStep(): Record<string, number> {
    return this.trainer.trainStep(this.batches.next());
  }

  gridSamples(): Float32Array {
    const n = this.config.output.gridCount;
    return this.generate(n, new Rng(this.gridRng), this.conditional ? gridLabels(n, this.numClasses) : undefined);
  }

  generate(n: number, rng: Rng, labels?: Int32Array): Float32Array {
    const chosen = this.conditional ? labels ?? Int32Array.from({ length: n }, () => rng.int(this.numClasses)) : undefined;
    return this.trainer.sample(n, rng, chosen);
  }

  discriminatorProbability(): null {
    return null;
  }

  /** The family's network weights, by group name. */
  protected abstract weightGroups(): Record<string, NamedTensor[]>;
  protected abstract setWeightGroups(groups: Record<string, NamedTensor[]>): void;
  abstract generateFrom(z: Float32Array): Float32Array | null;
  abstract exported(): { model: tf.LayersModel; manifest: ExportedFields };
  abstract dispose(): void;

  async checkpoint(): Promise<CheckpointContents<OneNetworkState>> {
    const { trainer } = this;
    return {
      state: { step: trainer.step, trainRng: trainer.rng.getState(), sampler: this.batches.getState(), adam: betaPowers(trainer.optimizer) },
      groups: { ...this.weightGroups(), opt: await trainer.optimizer.getWeights() },
    };
  }

  async restore(contents: CheckpointContents<unknown>): Promise<void> {
    const c = contents as CheckpointContents<OneNetworkState>;
    const { trainer } = this;
    this.setWeightGroups(c.groups);
    await trainer.optimizer.setWeights(c.groups.opt);
    setBetaPowers(trainer.optimizer, c.state.adam);
    trainer.step = c.state.step;
    trainer.rng.setState(c.state.trainRng);
    this.batches.setState(c.state.sampler);
  }
}
