// The optimisers ganforge trains with, the same on every backend.
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config/schema.ts';

// tfjs defaults the epsilon of Adam and RMSProp to the backend's: 1e-7 on the CPU backends, but
// 1e-4 on WebGL wherever float32 rendering works (its floatPrecision() answers 16 exactly then:
// tensorflow/tfjs#6980), which changes how a browser trains. Fixed here, so every backend agrees.
const EPSILON = 1e-7;

/** Adam (Kingma & Ba 2015) with betas (beta1, beta2) and ganforge's epsilon on every backend. */
export const adam = (lr: number, [beta1, beta2]: readonly [number, number] = [0.9, 0.999]) => tf.train.adam(lr, beta1, beta2, EPSILON);

/** Which optimiser a run trains with (train.optimizer and train.momentum). */
export type OptimizerKind = Pick<RunConfig['train'], 'optimizer' | 'momentum'>;

/** Adam, where a trainer is given no other. */
export const ADAM: OptimizerKind = { optimizer: 'adam', momentum: 0 };

/** Adam with the given betas; RMSProp (decay 0.9) or SGD with the config's momentum. */
export function makeOptimizer({ optimizer: kind, momentum }: OptimizerKind, lr: number, betas: readonly [number, number]): tf.Optimizer {
  if (kind === 'adam') return adam(lr, betas);
  if (kind === 'rmsprop') return tf.train.rmsprop(lr, 0.9, momentum, EPSILON);
  return momentum > 0 ? tf.train.momentum(lr, momentum) : tf.train.sgd(lr);
}

/** The share of the base learning rate at `step` (0-based) of `steps`: 1 until the decay starts, 0 at the end. */
export function learningRateFactor({ type, start }: RunConfig['train']['lrDecay'], step: number, steps: number): number {
  const from = Math.floor(start * steps);
  if (type === 'none' || step < from) return 1;
  const p = Math.min(1, (step - from) / Math.max(1, steps - from));
  return type === 'linear' ? 1 - p : 0.5 * (1 + Math.cos(Math.PI * p));
}

/** Sets an optimiser's rate for its next update (SGD keeps it as a tensor, the others as a number). */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  // Not instanceof: tfjs's optimizer classes answer it for any object with their methods.
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}
