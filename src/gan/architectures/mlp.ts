// The MLP GAN of Goodfellow et al. 2014: fully connected G and D (with the code and remedies of the config).
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../config/schema.ts';
import { chain, Init, inputs, dropout, leaky, withCode, codeHead, collapseRemedies, type Ctx, type SymbolicTensor } from './building_blocks.ts';
import { packedShape } from '../packing.ts';

export function mlp(ctx: Ctx, m: Extract<ModelConfig, { architecture: 'mlp' }>) {
  const init = new Init(ctx.rng, null);
  const gIn = inputs(ctx, [m.latent.dim]);
  let h = gIn.y ? tf.layers.concatenate().apply([gIn.x, gIn.y]) as SymbolicTensor : withCode(gIn.x, m);
  for (const units of m.generator.hidden) {
    h = chain(h, tf.layers.dense({ units, ...init.kernel() }),
      ...(m.generator.batchNorm ? [init.batchNorm(0.9)] : []),
      m.generator.activation === 'relu' ? tf.layers.reLU() : leaky());
  }
  const out = chain(h, tf.layers.dense({ units: tf.util.sizeFromShape(ctx.shape), activation: 'tanh', ...init.kernel() }),
    tf.layers.reshape({ targetShape: ctx.shape }));
  const g = tf.model({ inputs: gIn.list, outputs: out, name: 'generator' });

  const pack = m.discriminator.pack;
  const dIn = inputs(ctx, packedShape(ctx.shape, pack));
  let f = pack > 1 || ctx.shape.length > 1 ? tf.layers.flatten().apply(dIn.x) as SymbolicTensor : dIn.x;
  if (dIn.y) f = tf.layers.concatenate().apply([f, dIn.y]) as SymbolicTensor;
  for (const units of m.discriminator.hidden) {
    f = chain(f, tf.layers.dense({ units, ...init.kernel() }), leaky(), ...dropout(ctx, m.discriminator.dropout));
  }
  const hidden = f;
  f = collapseRemedies(f, m.discriminator, init);
  const d = tf.model({ inputs: dIn.list, outputs: chain(f, tf.layers.dense({ units: 1, ...init.kernel() })), name: 'discriminator' });
  return { g, d, classifier: codeHead(dIn.x, hidden, m, init) };
}
