// Minibatch standard deviation (Karras et al. 2018, "Progressive Growing of GANs", section 3):
// one more feature holding how much the samples of a group vary, so D can tell a collapsed batch.
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface MinibatchStddevConfig extends LayerArgs {
  /** Samples per group (default 4); min(groupSize, N) is used, and the whole batch when N is not divisible by it. */
  groupSize?: number;
}

/** Samples per group unless the layer is told otherwise (ProGAN's and StyleGAN's 4). */
export const MINIBATCH_STDDEV_GROUP = 4;

/** ProGAN's epsilon inside the square root: keeps the gradient finite when a group is all alike. */
const EPSILON = 1e-8;

/** The group size used for a batch of n: min(groupSize, n), or n when that does not divide n. */
export function effectiveGroupSize(groupSize: number, n: number): number {
  const g = Math.min(groupSize, n);
  return n % g === 0 ? g : n;
}

/**
 * [N, ..., F] -> [N, ..., F + 1]: images [N, H, W, C] -> [N, H, W, C + 1], vectors [N, A] -> [N, A + 1].
 * Per group and per feature (every non-batch position), the population std over the group's
 * samples; their mean over all features is the appended value, the same for every position
 * and every sample of the group. As in the official code, groups are strided: with M = N / G
 * groups, sample n belongs to group n mod M.
 */
export class MinibatchStddev extends tf.layers.Layer {
  static className = 'MinibatchStddev';
  readonly groupSize: number;

  constructor(config: MinibatchStddevConfig = {}) {
    super(config);
    this.groupSize = config.groupSize ?? MINIBATCH_STDDEV_GROUP;
    if (!(Number.isInteger(this.groupSize) && this.groupSize >= 1)) {
      throw new Error(`MinibatchStddev: groupSize must be a positive integer, not ${this.groupSize}.`);
    }
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.inputSpec = [{ minNDim: 2 }];
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const last = shape[shape.length - 1];
    return [...shape.slice(0, -1), last === null ? null : last + 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [n, ...rest] = x.shape;
      const g = effectiveGroupSize(this.groupSize, n);
      const features = tf.util.sizeFromShape(rest);
      const y = tf.reshape(x, [g, n / g, features]);  // [G, M, F]: sample i*M + m is y[i, m]
      const variance = tf.mean(tf.square(tf.sub(y, tf.mean(y, 0, true))), 0);  // [M, F]
      const s = tf.mean(tf.sqrt(tf.add(variance, EPSILON)), 1);  // [M]
      // Back to one value per sample (sample n gets s[n mod M]), broadcast over the positions.
      const perSample = tf.reshape(tf.tile(s, [g]), [n, ...rest.map(() => 1)]);
      return tf.concat([x, tf.broadcastTo(perSample, [n, ...rest.slice(0, -1), 1])], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groupSize: this.groupSize };
  }
}
tf.serialization.registerClass(MinibatchStddev);

export function minibatchStddev(config: MinibatchStddevConfig = {}): MinibatchStddev {
  return new MinibatchStddev(config);
}
