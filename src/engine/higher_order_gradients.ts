// Gradients that make a gradient differentiable. WGAN-GP and R1 penalise ||dD/dx||, whose own
// gradient passes through the backward pass of every op of D, so every op there needs a
// gradient function that is itself correctly differentiable.
//
// - Comparisons (in LeakyReLU's backward pass: x > 0) have no registered gradient; they are
//   piecewise constant, so theirs is zero.
// - TensorFlow.js writes the gradients of Tanh, Sigmoid, Elu and Exp from their saved outputs, and
//   second derivatives through those come out wrong (tanh of 0.8 * x: 2.63 against a finite
//   difference of 1.51). Rewritten from the saved inputs, they match finite differences.
// Registered only for runs with a penalty: they recompute what the saved outputs held.
import * as tf from '@tensorflow/tfjs';

const COMPARISONS = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual'];

let registered = false;

export function registerHigherOrderGradients(): void {
  if (registered) return;
  registered = true;
  for (const kernelName of COMPARISONS) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => ({ a: () => tf.zerosLike(saved[0]), b: () => tf.zerosLike(saved[1]) }),
    });
  }
  const fromInput = (kernelName: string, derivative: (x: tf.Tensor) => tf.Tensor) => tf.registerGradient({
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, derivative(saved[0])) }),
  });
  fromInput('Tanh', (x) => tf.sub(1, tf.square(tf.tanh(x))));
  fromInput('Sigmoid', (x) => { const s = tf.sigmoid(x); return tf.mul(s, tf.sub(1, s)); });
  fromInput('Elu', (x) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(x)));
  fromInput('Exp', (x) => tf.exp(x));
}
