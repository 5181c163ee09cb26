// The optimisers ganforge trains with, the same on every backend.
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config/schema.ts';

// tfjs defaults the epsilon of Adam and RMSProp to the backend's: 1e-7 on the CPU backends, but
// 1e-4 on WebGL wherever float32 rendering works (its floatPrecision() answers 16 exactly then:
// tensorflow/tfjs#6980), which changes how a browser trains. Fixed here, so every backend agrees.
const EPSILON = 1e-7;

/** Adam (Kingma & Ba 2015) with betas (beta1, beta2) and ganforge's epsilon on every backend. */
export const adam = (lr: number, [beta1, beta2]: readonly [number, number] = [0.9, 0.999]) => tf.train.adam(lr, beta1, beta2, EPSILON);

/** Adam with the given betas; RMSProp (decay 0.9) or SGD with the config's momentum. */
export function makeOptimizer({ optimizer: kind, momentum }: Pick<RunConfig['train'], 'optimizer' | 'momentum'>, lr: number, betas: [number, number]): tf.Optimizer {
  if (kind === 'adam') return adam(lr, betas);
  if (kind === 'rmsprop') return tf.train.rmsprop(lr, 0.9, momentum, EPSILON);
  return momentum > 0 ? tf.train.momentum(lr, momentum) : tf.train.sgd(lr);
}
