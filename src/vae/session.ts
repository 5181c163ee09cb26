// A VAE run in memory: its networks and trainer built from the config, the data sampler, and
// the checkpoint round trip; the pictures of the `003` document's VAE (reconstructions and
// latent traversals) at each checkpoint.
import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig, RunConfig } from '../config/schema.ts';
import type { Dataset } from '../data/dataset.ts';
import { modelWeights, setModelWeights, type NamedTensor } from '../train/checkpoint.ts';
import { OneNetworkSession } from '../train/one_network_session.ts';
import { isImageShape } from '../io/manifest.ts';
import { runGenerator, type ExportedFields } from '../train/session.ts';
import { encodePng, imageGrid } from '../viz/index.ts';
import { latentTraversal } from './latent_traversal.ts';
import { buildVaeNetworks, type VaeNetworks } from './networks.ts';
import { VaeTrainer } from './trainer.ts';

type VaeModel = Extract<ModelConfig, { architecture: 'vae' }>;

/** Images shown in the reconstruction picture, and latent coordinates in the traversal picture. */
const RECONSTRUCTED = 10, TRAVERSED = 8, TRAVERSAL_STEPS = 9;

export class VaeSession extends OneNetworkSession {
  readonly nets: VaeNetworks;
  readonly trainer: VaeTrainer;

  constructor(config: RunConfig, data: Dataset) {
    super(config, data);
    const m = config.model as VaeModel;
    this.nets = buildVaeNetworks({
      architecture: m.network, latentDim: m.latent.dim, likelihood: m.likelihood, conditional: m.conditional,
      hidden: m.hidden, channels: m.channels, kernelSize: m.kernelSize,
    }, { shape: data.shape, numClasses: data.labelNames?.length ?? 0 }, this.initRng);
    this.trainer = new VaeTrainer({ learningRate: config.train.gLr, betas: config.train.gBetas, optimizer: config.train, gaussianStd: m.gaussianStd }, this.nets, this.trainRng);
  }

  get conditional(): boolean { return this.nets.options.conditional; }
  get numClasses(): number { return this.nets.numClasses; }

  generateFrom(z: Float32Array): Float32Array | null {
    return this.conditional ? null : runGenerator(this.nets.generator, z, this.nets.options.latentDim);
  }

  /** Training images above their reconstructions, and traversals of the first latent coordinates around the prior's centre. */
  async figures(): Promise<Array<{ file: string; png: Buffer }>> {
    const { data } = this;
    if (!isImageShape(data.shape)) return [];
    const shape = data.shape as [number, number, number];
    const size = shape[0] * shape[1] * shape[2];
    const x = data.x.subarray(0, RECONSTRUCTED * size);
    const labels = data.labels?.subarray(0, RECONSTRUCTED);
    const both = new Float32Array(2 * RECONSTRUCTED * size);
    both.set(x);
    both.set(this.trainer.reconstruct(x, this.conditional ? labels : undefined), RECONSTRUCTED * size);
    const dims = Math.min(TRAVERSED, this.nets.options.latentDim);
    const rows = Array.from({ length: dims }, (_, coordinate) => latentTraversal(this.nets.generator, {
      base: new Float32Array(this.nets.options.latentDim), coordinate, steps: TRAVERSAL_STEPS,
      label: this.conditional ? coordinate % this.numClasses : undefined,
    }));
    const traversal = new Float32Array(dims * TRAVERSAL_STEPS * size);
    rows.forEach((r, i) => traversal.set(r, i * TRAVERSAL_STEPS * size));
    return [
      { file: 'reconstructions.png', png: await encodePng(imageGrid(both, shape, 2 * RECONSTRUCTED, { cols: RECONSTRUCTED })) },
      { file: 'latent-traversals.png', png: await encodePng(imageGrid(traversal, shape, dims * TRAVERSAL_STEPS, { cols: TRAVERSAL_STEPS })) },
    ];
  }

  protected weightGroups(): Record<string, NamedTensor[]> {
    return { encoder: modelWeights(this.nets.encoder), decoder: modelWeights(this.nets.decoder) };
  }

  protected setWeightGroups(groups: Record<string, NamedTensor[]>): void {
    if (!groups.encoder || !groups.decoder) throw new Error('the checkpoint holds no VAE; resume with the run\'s own config.');
    setModelWeights(this.nets.encoder, groups.encoder, 'encoder');
    setModelWeights(this.nets.decoder, groups.decoder, 'decoder');
  }

  exported(): { model: tf.LayersModel; manifest: ExportedFields } {
    return { model: this.nets.generator, manifest: { inputs: this.conditional ? ['z', 'y'] : ['z'], ema: false } };
  }

  dispose(): void {
    this.nets.encoder.dispose();
    this.nets.decoder.dispose();
    this.trainer.optimizer.dispose();
  }
}
