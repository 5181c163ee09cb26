// Everything a GAN run holds in memory, built from its config and data: the networks, the
// trainer, the batches and the random generators, with the checkpoint round trip.
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config/schema.ts';
import { BatchSampler, type BatchSamplerState } from '../data/batches.ts';
import type { Dataset } from '../data/dataset.ts';
import type { Rng } from '../random/prng.ts';
import { modelWeights, setModelWeights, type CheckpointContents, type NamedTensor } from '../train/checkpoint.ts';
import { betaPowers, gridLabels, runStreams, setBetaPowers, type ExportedFields, type Session } from '../train/session.ts';
import { buildNetworks, disposeNetworks, ganModel, type GanNetworks } from './networks.ts';
import { GanTrainer, type StepMetrics } from './trainer.ts';
import { LabelConditioning, type Conditioning } from './conditioning.ts';

export interface SessionState {
  step: number;
  trainRng: number[];
  /** The batch order's state (the key checkpoints have always had). */
  sampler: BatchSamplerState;
  /** Adam's running beta powers, restored exactly (tfjs would recompute them with pow). */
  adam: Record<string, [number, number]>;
}

export class GanSession implements Session {
  readonly nets: GanNetworks;
  readonly trainer: GanTrainer;
  readonly batches: BatchSampler;
  /** Fixed inputs for the sample grids, so every grid (and GIF frame) shows the same noise. */
  readonly gridInputs: tf.Tensor[];

  /** `conditioning`: what a text-conditioned GAN's captions give (see createSession); labels need none. */
  constructor(readonly config: RunConfig, readonly data: Dataset, conditioning?: Conditioning) {
    const { init: initRng, data: dataRng, train: trainRng, grid: gridRng } = runStreams(config.seed);
    const info = { shape: data.shape, numClasses: data.labelNames?.length ?? 0 };
    this.nets = buildNetworks(ganModel(config.model), info, initRng);
    const emaModel = config.remedies.ema ? generatorOnly(buildNetworks(ganModel(config.model), info, initRng.fork())) : null;
    if (config.model.architecture === 'text-dcgan' && !conditioning) {
      throw new Error('a text-dcgan session needs its captions and sentence encoder; create it with createSession.');
    }
    const condition = this.nets.conditional ? conditioning ?? new LabelConditioning(this.nets.numClasses) : null;
    this.trainer = new GanTrainer(config, this.nets, trainRng, emaModel, condition);
    this.batches = new BatchSampler(data, config.train.batchSize, dataRng);
    const n = config.output.gridCount;
    // Conditional grids have one column per class.
    const labels = this.nets.conditional ? gridLabels(n, this.nets.numClasses) : undefined;
    this.gridInputs = this.trainer.generatorInputs(n, labels, gridRng);
  }

  get step(): number {
    return this.trainer.step;
  }

  get conditional(): boolean {
    return this.nets.conditional;
  }

  get numClasses(): number {
    return this.nets.numClasses;
  }

  /** D of a label-conditional GAN, whose second input is a one-hot class (the wrong-label experiment). */
  get discriminator(): tf.LayersModel | null {
    return this.trainer.conditioning instanceof LabelConditioning ? this.nets.discriminator : null;
  }

  trainStep(): StepMetrics {
    const batches = Array.from({ length: this.config.train.dSteps }, () => this.batches.next());
    return this.trainer.trainStep(batches);
  }

  /** Samples from the fixed grid inputs, in inference mode, as a flat array. */
  gridSamples(): Float32Array {
    return tf.tidy(() => (this.trainer.samplingModel.predict(this.gridInputs) as tf.Tensor).dataSync() as Float32Array).slice();
  }

  /** n fresh samples from the sampling generator in inference mode (given or random classes if conditional), flat. */
  generate(n: number, rng: Rng, labels?: Int32Array): Float32Array {
    return tf.tidy(() => {
      const inputs = this.trainer.generatorInputs(n, labels, rng);
      return (this.trainer.samplingModel.predict(inputs) as tf.Tensor).dataSync() as Float32Array;
    }).slice();
  }

  generateFrom(z: Float32Array): Float32Array | null {
    if (this.nets.conditional) return null;
    const dim = ganModel(this.config.model).latent.dim;
    return tf.tidy(() => (this.trainer.samplingModel.predict(tf.tensor2d(z, [z.length / dim, dim])) as tf.Tensor).dataSync() as Float32Array).slice();
  }

  /**
   * D's output as a probability of "real" on flat samples, in inference mode, for losses whose
   * optimal D is p_data / (p_data + p_g); null for critics, conditional models and the absolute loss.
   */
  discriminatorProbability(x: Float32Array): Float32Array | null {
    const type = this.config.loss.type;
    if (this.nets.conditional || !(type === 'minimax' || type === 'non-saturating' || type === 'least-squares')) return null;
    const n = x.length / tf.util.sizeFromShape(this.data.shape);
    return tf.tidy(() => {
      // A packing D judges `pack` copies of each sample.
      const pack = ganModel(this.config.model).discriminator.pack;
      const samples = tf.tensor(x, [n, ...this.data.shape]);
      const input = pack === 1 ? samples : tf.tile(tf.expandDims(samples, 1), [1, pack, ...this.data.shape.map(() => 1)]);
      const out = this.nets.discriminator.predict(input) as tf.Tensor;
      return (type === 'least-squares' ? out : tf.sigmoid(out)).dataSync() as Float32Array;
    }).slice();
  }

  async checkpoint(): Promise<CheckpointContents<SessionState>> {
    const { trainer, nets } = this;
    const groups: Record<string, NamedTensor[]> = {
      g: modelWeights(nets.generator),
      d: modelWeights(nets.discriminator),
      ...(nets.classifier ? { classifier: modelWeights(nets.classifier) } : {}),
      gOpt: await trainer.gOpt.getWeights(),
      dOpt: await trainer.dOpt.getWeights(),
    };
    if (trainer.ema) groups.gEma = modelWeights(trainer.ema.target);
    const state: SessionState = {
      step: trainer.step,
      trainRng: trainer.rng.getState(),
      sampler: this.batches.getState(),
      adam: { gOpt: betaPowers(trainer.gOpt), dOpt: betaPowers(trainer.dOpt) },
    };
    return { state, groups };
  }

  async restore(contents: CheckpointContents<unknown>): Promise<void> {
    const c = contents as CheckpointContents<SessionState>;
    const { trainer, nets } = this;
    setModelWeights(nets.generator, c.groups.g, 'generator');
    setModelWeights(nets.discriminator, c.groups.d, 'discriminator');
    if (nets.classifier) {
      if (!c.groups.classifier) throw new Error('the checkpoint has no weights for the head on D (model.text.auxiliaryClassifier or model.code) that the config enables; resume with the run\'s own config.');
      setModelWeights(nets.classifier, c.groups.classifier, 'auxiliary classifier');
    }
    if (trainer.ema) {
      if (!c.groups.gEma) throw new Error('the checkpoint has no EMA weights but the config enables remedies.ema; resume with the run\'s own config.');
      setModelWeights(trainer.ema.target, c.groups.gEma, 'EMA generator');
    }
    await trainer.gOpt.setWeights(c.groups.gOpt);
    await trainer.dOpt.setWeights(c.groups.dOpt);
    setBetaPowers(trainer.gOpt, c.state.adam.gOpt);
    setBetaPowers(trainer.dOpt, c.state.adam.dOpt);
    trainer.step = c.state.step;
    trainer.rng.setState(c.state.trainRng);
    this.batches.setState(c.state.sampler);
  }

  exported(): { model: tf.LayersModel; manifest: ExportedFields } {
    const ema = this.trainer.ema !== null;
    const exported = this.trainer.conditioning?.export;
    if (exported) return { model: this.trainer.samplingModel, manifest: { ...exported.manifest, inputs: ['z', exported.input], ema } };
    return { model: this.trainer.samplingModel, manifest: { inputs: this.nets.conditional ? ['z', 'y'] : ['z'], ema } };
  }

  async exportAlongside(modelDir: string): Promise<void> {
    await this.trainer.conditioning?.export?.save(modelDir);
  }

  dispose(): void {
    tf.dispose(this.gridInputs);
    disposeNetworks(this.nets);
    this.trainer.conditioning?.dispose?.();
    this.trainer.ema?.target.dispose();
    this.trainer.gOpt.dispose();
    this.trainer.dOpt.dispose();
  }
}

/** The generator of a pair built for its architecture alone (the moving average's copy); its discriminator is freed. */
function generatorOnly(nets: GanNetworks): tf.LayersModel {
  disposeNetworks(nets, { generator: false });
  return nets.generator;
}
