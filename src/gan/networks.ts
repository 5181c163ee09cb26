// Generators and discriminators of the architectures the documents describe (one file each in
// architectures/), built with tfjs-layers from a model config and the data's sample shape. D
// returns raw scores [B, 1] (logits or critic values); conditional nets take a one-hot label as
// their second input.
import * as tf from '@tensorflow/tfjs';
import type { GanModelConfig, ModelConfig } from '../config/schema.ts';
import { isConditional } from '../config/schema.ts';
import type { Ctx } from './architectures/building_blocks.ts';
import { cganMaxout } from './architectures/cgan_maxout.ts';
import { dcgan } from './architectures/dcgan.ts';
import { mlp } from './architectures/mlp.ts';
import type { Rng } from '../random/prng.ts';

export interface GanNetworks {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  /** TAC-GAN's auxiliary classifier: class logits from D's image features, sharing D's convolutions; absent unless configured. */
  classifier?: tf.LayersModel;
  conditional: boolean;
  numClasses: number;
  sampleShape: number[];
  /**
   * Dropout layers, whose masks must come from the run's seeded generator: reseedDropout gives
   * each a fresh seed before a pass (tfjs draws a fixed seed's mask again, an unset one from Math.random).
   */
  dropout: tf.layers.Layer[];
}

export interface DataInfo { shape: number[]; numClasses: number }

const GAN_ARCHITECTURES = new Set(['mlp', 'dcgan', 'cdcgan', 'text-dcgan', 'cgan-maxout']);

/** The model config of a GAN architecture (the schema lets GAN and GMN runs have only these). */
export function ganModel(m: ModelConfig): GanModelConfig {
  if (!GAN_ARCHITECTURES.has(m.architecture)) throw new Error(`"${m.architecture}" is not a GAN architecture; choose one of ${[...GAN_ARCHITECTURES].join(', ')}.`);
  return m as GanModelConfig;
}

export function buildNetworks(m: GanModelConfig, data: DataInfo, rng: Rng): GanNetworks {
  const conditional = isConditional(m);
  if (conditional && data.numClasses < 2) {
    throw new Error(`model "${m.architecture}" is conditional but the data has no labels; use data with classes (e.g. mnist) or an unconditional model.`);
  }
  // Labels come one-hot; a caption as its sentence embedding.
  const width = m.architecture === 'text-dcgan' ? m.text.encoder.outputDim : data.numClasses;
  const ctx: Ctx = { m, shape: data.shape, width, conditional, dropout: [], rng };
  const { g, d, classifier }: { g: tf.LayersModel; d: tf.LayersModel; classifier?: tf.LayersModel } = m.architecture === 'mlp' ? mlp(ctx, m)
    : m.architecture === 'cgan-maxout' ? cganMaxout(ctx, m)
      : dcgan(ctx, m, data.numClasses);
  return { generator: g, discriminator: d, classifier, conditional, numClasses: data.numClasses, sampleShape: data.shape, dropout: ctx.dropout };
}

/** Frees a pair's weights, the auxiliary classifier's own head too (its convolutions are D's). */
export function disposeNetworks(nets: Pick<GanNetworks, 'generator' | 'discriminator' | 'classifier'>, which: { generator: boolean } = { generator: true }): void {
  if (which.generator) nets.generator.dispose();
  nets.discriminator.dispose();
  for (const layer of nets.classifier?.layers ?? []) if (!nets.discriminator.layers.includes(layer)) layer.dispose();
}

export function reseedDropout(nets: GanNetworks, rng: Rng): void {
  for (const layer of nets.dropout) (layer as unknown as { seed: number }).seed = rng.nextUint32();
}
