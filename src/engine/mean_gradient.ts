// Mean's gradient without a ones tensor. TensorFlow.js spreads dy back over x as
// dy * ones(x.shape) / n, filling the ones in JavaScript on every backward pass: for batch norm's
// moments in training mode that is a tensor the size of each activation, 7% of a text-dcgan step.
// Broadcasting dy / n to x's shape (a native Tile) gives the same values, bit for bit.
import * as tf from '@tensorflow/tfjs';

export function registerMeanGradient(): void {
  tf.registerGradient({
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const axes = tf.util.parseAxisParam((attrs as unknown as tf.MeanAttrs).axis, x.shape);
      const expanded = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const count = axes.reduce((n, a) => n * x.shape[a], 1);
      return { x: () => tf.broadcastTo(tf.div(tf.reshape(dy as tf.Tensor, expanded), count), x.shape) };
    },
  });
}
