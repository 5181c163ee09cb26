// Concatenation along the last axis, built so its gradient stays fast. tf.concat's gradient
// splits along the concatenated axis, and the cpu kernels (which the native backend inherits
// for Slice) copy a non-contiguous slice one element at a time with index arithmetic: for a
// ProGAN-sized [64, 4, 4, 512] map that is hundreds of milliseconds. Here the features are
// moved to the first axis, where concatenation and its split copy whole rows.
import * as tf from '@tensorflow/tfjs';

/** concat([x, extra], -1) for x [..., A] and extra [..., B] with the same leading shape. */
export function appendFeatures(x: tf.Tensor, extra: tf.Tensor): tf.Tensor {
  const lead = x.shape.slice(0, -1);
  const [a, b] = [x.shape[x.rank - 1], extra.shape[extra.rank - 1]];
  const rows = (t: tf.Tensor, width: number) => tf.transpose(tf.reshape(t, [-1, width]));
  return tf.reshape(tf.transpose(tf.concat([rows(x, a), rows(extra, b)], 0)), [...lead, a + b]);
}
