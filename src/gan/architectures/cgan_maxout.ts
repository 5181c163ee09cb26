// The conditional GAN of Mirza & Osindero 2014: separate ReLU / maxout layers for noise, label
// and image, joined, with dropout.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../config/schema.ts';
import { maxout } from '../../nn/index.ts';
import { chain, Init, inputs, dropout, collapseRemedies, type Ctx, type SymbolicTensor } from './building_blocks.ts';

/** Mirza & Osindero (2014): z and y mapped separately, joined; D with maxout on x and on y, joined. */
export function cganMaxout(ctx: Ctx, m: Extract<ModelConfig, { architecture: 'cgan-maxout' }>) {
  const init = new Init(ctx.rng, null);
  const gm = m.generator, dm = m.discriminator;
  const bn = () => (gm.batchNormMomentum === null ? [] : [init.batchNorm(gm.batchNormMomentum)]);
  const scaled = (y: SymbolicTensor) => (m.labelScale === 1 ? y : chain(y, tf.layers.rescaling({ scale: m.labelScale })));
  const gIn = inputs(ctx, [m.latent.dim]);
  const hz = chain(gIn.x, tf.layers.dense({ units: gm.zUnits, ...init.kernel() }), ...bn(), tf.layers.reLU(), ...dropout(ctx, gm.dropout));
  const hy = chain(gIn.y!, tf.layers.dense({ units: gm.yUnits, ...init.kernel() }), ...bn(), tf.layers.reLU(), ...dropout(ctx, gm.dropout));
  const joint = chain(tf.layers.concatenate().apply([hz, hy]) as SymbolicTensor,
    tf.layers.dense({ units: gm.joint, ...init.kernel() }), ...bn(), tf.layers.reLU(), ...dropout(ctx, gm.dropout),
    tf.layers.dense({ units: tf.util.sizeFromShape(ctx.shape), activation: 'tanh', ...init.kernel() }),
    tf.layers.reshape({ targetShape: ctx.shape }));
  const g = tf.model({ inputs: gIn.list, outputs: joint, name: 'generator' });

  const dIn = inputs(ctx, ctx.shape);
  const flat = ctx.shape.length > 1 ? tf.layers.flatten().apply(dIn.x) as SymbolicTensor : dIn.x;
  const mx = (units: number, pieces: number) => maxout({ units, pieces, seed: init.seed() });
  const fx = chain(flat, mx(dm.xUnits, dm.xPieces), ...dropout(ctx, dm.dropout));
  const fy = chain(scaled(dIn.y!), mx(dm.yUnits, dm.yPieces), ...dropout(ctx, dm.dropout));
  let f = chain(tf.layers.concatenate().apply([fx, fy]) as SymbolicTensor, mx(dm.joint, dm.jointPieces), ...dropout(ctx, dm.dropout));
  f = collapseRemedies(f, dm, init);
  const d = tf.model({ inputs: dIn.list, outputs: chain(f, tf.layers.dense({ units: 1, ...init.kernel() })), name: 'discriminator' });
  return { g, d };
}
