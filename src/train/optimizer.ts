// The optimiser a training config names, for one network and its learning rate.
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config/schema.ts';

/** Adam with the given betas; RMSProp (decay 0.9) or SGD with the config's momentum. */
export function makeOptimizer({ optimizer: kind, momentum }: Pick<RunConfig['train'], 'optimizer' | 'momentum'>, lr: number, [beta1, beta2]: [number, number]): tf.Optimizer {
  if (kind === 'adam') return tf.train.adam(lr, beta1, beta2);
  if (kind === 'rmsprop') return tf.train.rmsprop(lr, 0.9, momentum);
  return momentum > 0 ? tf.train.momentum(lr, momentum) : tf.train.sgd(lr);
}
