// A generative moment matching network run in memory: the generator of a GAN architecture (its
// discriminator is dropped at once) and the MMD trainer.
import type * as tf from '@tensorflow/tfjs';
import { gmnSchema, type RunConfig } from '../config/schema.ts';
import type { Dataset } from '../data/dataset.ts';
import { buildNetworks, ganModel, type GanNetworks } from '../gan/networks.ts';
import { modelWeights, setModelWeights, type NamedTensor } from '../train/checkpoint.ts';
import { OneNetworkSession } from '../train/one_network_session.ts';
import { runGenerator, type ExportedFields } from '../train/session.ts';
import { GmnTrainer } from './trainer.ts';

export class GmnSession extends OneNetworkSession {
  readonly nets: GanNetworks;
  readonly trainer: GmnTrainer;

  constructor(config: RunConfig, data: Dataset) {
    super(config, data);
    const model = ganModel(config.model);
    this.nets = buildNetworks(model, { shape: data.shape, numClasses: data.labelNames?.length ?? 0 }, this.initRng);
    this.nets.discriminator.dispose();
    const g = gmnSchema.parse(config.gmn ?? {});
    this.trainer = new GmnTrainer({
      latent: model.latent, loss: g.loss, estimator: g.estimator, bandwidths: g.bandwidths, medianFactors: g.medianFactors,
      learningRate: config.train.gLr, betas: config.train.gBetas, optimizer: config.train,
    }, this.nets, this.trainRng);
  }

  get conditional(): boolean { return this.nets.conditional; }
  get numClasses(): number { return this.nets.numClasses; }

  generateFrom(z: Float32Array): Float32Array | null {
    return this.conditional ? null : runGenerator(this.nets.generator, z, ganModel(this.config.model).latent.dim);
  }

  protected weightGroups(): Record<string, NamedTensor[]> {
    return { g: modelWeights(this.nets.generator) };
  }

  protected setWeightGroups(groups: Record<string, NamedTensor[]>): void {
    if (!groups.g) throw new Error('the checkpoint holds no generator; resume with the run\'s own config.');
    setModelWeights(this.nets.generator, groups.g, 'generator');
  }

  exported(): { model: tf.LayersModel; manifest: ExportedFields } {
    return { model: this.nets.generator, manifest: { inputs: this.conditional ? ['z', 'y'] : ['z'], ema: false } };
  }

  dispose(): void {
    this.nets.generator.dispose();
    this.trainer.optimizer.dispose();
  }
}
