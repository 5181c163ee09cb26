// A diffusion run in memory: the denoiser and its trainer built from the config, its
// batches and the checkpoint round trip; the pictures of the `004` document (the forward chain
// turning data into noise, the reverse chain turning noise into data) at each checkpoint.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig, RunConfig } from '../config/schema.ts';
import { BatchSampler, type BatchSamplerState } from '../data/batches.ts';
import { fromUnitRange, type Dataset } from '../data/dataset.ts';
import { Rng } from '../random/prng.ts';
import { type CheckpointContents, type NamedTensor } from '../train/checkpoint.ts';
import { isImageShape } from '../io/manifest.ts';
import { gridLabels, oneHot, runStreams, type ExportedFields, type Session } from '../train/session.ts';
import { figurePng, pointsPanel } from '../viz/density_charts.ts';
import { encodePng, imageGrid } from '../viz/index.ts';
import { forwardChain, modelPredictor, reverseChain, samplerOptions } from './ddpm.ts';
import { buildDenoiser } from './networks.ts';
import { DiffusionTrainer, type DiffusionTrainerState } from './trainer.ts';

export type DiffusionModel = Extract<ModelConfig, { architecture: 'denoiser-mlp' | 'denoiser-unet' }>;

/** `sampler`: the batch order's state (the key checkpoints have always had). */
type DiffusionState = DiffusionTrainerState['state'] & { sampler: BatchSamplerState };

/** States shown in the chain pictures, and points or images per state. */
const CHAIN_STATES = 6, CHAIN_POINTS = 1000, CHAIN_IMAGES = 8;

/** The denoiser of a diffusion model config for samples of `shape`. */
export function denoiserFor(m: DiffusionModel, shape: number[], numClasses: number, rng: Rng): tf.LayersModel {
  const k = m.conditional ? numClasses : 0;
  return m.architecture === 'denoiser-mlp'
    ? buildDenoiser(shape, { architecture: 'mlp', hidden: m.hidden, timeEmbeddingDim: m.timeEmbeddingDim, numClasses: k }, rng)
    : buildDenoiser(shape, { architecture: 'unet', channels: m.channels, blocks: m.blocks, timeEmbeddingDim: m.timeEmbeddingDim, numClasses: k }, rng);
}

export class DiffusionSession implements Session {
  readonly trainer: DiffusionTrainer;
  readonly denoiser: tf.LayersModel;
  readonly batches: BatchSampler;
  readonly discriminator = null;
  readonly numClasses: number;
  /** Each sample takes the sampler's many network passes: 250 keep a snapshot near a minute (compare FIDs within one run only). */
  readonly qualitySamples = 250;
  private readonly model: DiffusionModel;
  private readonly gridRng: number[];

  constructor(readonly config: RunConfig, readonly data: Dataset) {
    this.model = config.model as DiffusionModel;
    const m = this.model;
    const k = data.labelNames?.length ?? 0;
    if (m.conditional && k < 2) throw new Error('the denoiser is conditional but the data has no labels; use data with classes (e.g. mnist) or conditional: false.');
    this.numClasses = m.conditional ? k : 0;
    const { init: initRng, data: dataRng, train: trainRng, grid } = runStreams(config.seed);
    this.gridRng = grid.getState();
    this.denoiser = denoiserFor(m, data.shape, k, initRng);
    const ema = config.remedies.ema;
    const emaModel = ema ? denoiserFor(m, data.shape, k, initRng.fork()) : null;
    this.trainer = new DiffusionTrainer({
      sampleShape: data.shape, numClasses: this.numClasses, schedule: m.schedule, timesteps: m.timesteps,
      learningRate: config.train.gLr, betas: config.train.gBetas, optimizer: config.train, emaDecay: ema ? ema.decay : null,
    }, this.denoiser, trainRng, emaModel);
    this.batches = new BatchSampler(data, config.train.batchSize, dataRng);
  }

  get step(): number { return this.trainer.step; }
  get conditional(): boolean { return this.numClasses > 0; }

  trainStep(): Record<string, number> {
    const b = this.batches.next();
    return this.trainer.trainStep(this.conditional ? b : { x: b.x });
  }

  gridSamples(): Float32Array {
    const n = this.config.output.gridCount;
    return this.generate(n, new Rng(this.gridRng), this.conditional ? gridLabels(n, this.numClasses) : undefined);
  }

  generate(n: number, rng: Rng, labels?: Int32Array): Float32Array {
    const chosen = this.conditional ? labels ?? Int32Array.from({ length: n }, (_, i) => i % this.numClasses) : undefined;
    return this.trainer.sample(n, { ...samplerOptions(this.model.sampler), labels: chosen }, rng);
  }

  generateFrom(): null {
    return null;
  }

  discriminatorProbability(): null {
    return null;
  }

  /** The forward chain from data to noise and the reverse chain from noise to data, at evenly spaced steps. */
  async figures(): Promise<Array<{ file: string; png: Buffer }>> {
    const { data, trainer } = this;
    const T = trainer.schedule.steps;
    const at = Array.from({ length: CHAIN_STATES }, (_, i) => Math.round((T * i) / (CHAIN_STATES - 1)));
    const is2d = data.shape.length === 1 && data.shape[0] === 2;
    if (!is2d && !isImageShape(data.shape)) return [];
    const n = is2d ? Math.min(CHAIN_POINTS, data.count) : CHAIN_IMAGES;
    const size = tf.util.sizeFromShape(data.shape);
    const rng = new Rng(this.gridRng);
    const x0 = tf.tensor(data.x.subarray(0, n * size), [n, ...data.shape]);
    const forward = forwardChain(trainer.schedule, x0, at, rng);
    x0.dispose();
    const labels = this.conditional ? oneHot(gridLabels(n, this.numClasses), this.numClasses) : undefined;
    let reverse;
    try {
      reverse = reverseChain(trainer.schedule, modelPredictor(trainer.samplingModel), [n, ...data.shape], at, rng,
        { ...samplerOptions(this.model.sampler), oneHotLabels: labels }).reverse();
    } finally {
      labels?.dispose();
    }
    if (is2d) {
      // Chains are drawn in the data's units; the noise end spreads past the data's box.
      const range = data.valueRange!;
      const box = { min: Array.from(range.min, (v, i) => v - (range.max[i] - v) * 1.5), max: Array.from(range.max, (v, i) => v + (v - range.min[i]) * 1.5) };
      const panels = (states: typeof forward) => states.map((s) => pointsPanel({ title: `t = ${s.t}`, box, points: fromUnitRange(s.x, range) }));
      return [
        { file: 'forward-chain.png', png: await figurePng('Forward chain q(x_t | x_0): data to noise', panels(forward)) },
        { file: 'reverse-chain.png', png: await figurePng(`Reverse chain (${this.model.sampler.method}): noise to data`, panels([...reverse].reverse())) },
      ];
    }
    // Images: one row per sample, one column per state, data (or samples) on the left.
    const shape = data.shape as [number, number, number];
    const tiles = (states: typeof forward) => {
      const out = new Float32Array(n * states.length * size);
      for (let r = 0; r < n; r++) states.forEach((s, c) => out.set(s.x.subarray(r * size, (r + 1) * size), (r * states.length + c) * size));
      return out;
    };
    return [
      { file: 'forward-chain.png', png: await encodePng(imageGrid(tiles(forward), shape, n * forward.length, { cols: forward.length })) },
      { file: 'reverse-chain.png', png: await encodePng(imageGrid(tiles(reverse), shape, n * reverse.length, { cols: reverse.length })) },
    ];
  }

  async checkpoint(): Promise<CheckpointContents<DiffusionState>> {
    const s = await this.trainer.getState();
    const groups: Record<string, NamedTensor[]> = { denoiser: s.groups.denoiser, opt: s.groups.optimizer };
    if (s.groups.ema) groups.ema = s.groups.ema;
    return { state: { ...s.state, sampler: this.batches.getState() }, groups };
  }

  async restore(contents: CheckpointContents<unknown>): Promise<void> {
    const c = contents as CheckpointContents<DiffusionState>;
    if (!c.groups.denoiser) throw new Error('the checkpoint holds no denoiser; resume with the run\'s own config.');
    const { sampler, ...state } = c.state;
    await this.trainer.setState({
      state, groups: { denoiser: c.groups.denoiser, optimizer: c.groups.opt, ...(c.groups.ema ? { ema: c.groups.ema } : {}) },
    });
    this.batches.setState(sampler);
  }

  exported(): { model: tf.LayersModel; manifest: ExportedFields } {
    return { model: this.trainer.samplingModel, manifest: { inputs: this.conditional ? ['x_t', 't', 'y'] : ['x_t', 't'], ema: this.trainer.ema !== null } };
  }

  dispose(): void {
    this.denoiser.dispose();
    this.trainer.ema?.target.dispose();
    this.trainer.dispose();
  }
}
