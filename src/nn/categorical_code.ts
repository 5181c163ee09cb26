// InfoGAN's categorical code (Chen et al. 2016, section 5), drawn from the noise itself: the first
// latent coordinate's quantile picks one of k equally likely categories, given to G one-hot beside
// the noise. So a generator with a code keeps one plain noise input, and every sampler of an
// exported model (CLI, explorer, eval) draws the categories with their probabilities unawares.
import * as tf from '@tensorflow/tfjs';
import { normal } from '../random/distributions.ts';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The k - 1 cut points splitting the prior of one latent coordinate into k equally likely intervals. */
export function codeThresholds(k: number, prior: { distribution: 'normal' | 'uniform'; scale: number }): number[] {
  const q = prior.distribution === 'normal' ? normal(0, prior.scale).quantile : (p: number) => (2 * p - 1) * prior.scale;
  return Array.from({ length: k - 1 }, (_, i) => q((i + 1) / k));
}

/** [N, D] noise -> [N, k] one-hot: the category of each row is the number of cut points below its first coordinate. */
export function categoricalCode(z: tf.Tensor, thresholds: number[]): tf.Tensor2D {
  return tf.tidy(() => {
    const first = tf.slice(z, [0, 0], [-1, 1]);
    const category = tf.sum(tf.cast(tf.greater(first, tf.tensor2d(thresholds, [1, thresholds.length])), 'int32'), 1);
    return tf.cast(tf.oneHot(category, thresholds.length + 1), 'float32') as tf.Tensor2D;
  });
}

export interface CategoricalCodeConfig extends LayerArgs {
  thresholds: number[];
}

/** The code as a layer of G, with no weights: its cut points travel in the exported model.json. */
export class CategoricalCode extends tf.layers.Layer {
  static className = 'CategoricalCode';
  readonly thresholds: number[];

  constructor(config: CategoricalCodeConfig) {
    super(config);
    this.thresholds = config.thresholds;
    if (!Array.isArray(this.thresholds) || this.thresholds.length < 1 || this.thresholds.some((t, i) => !Number.isFinite(t) || (i > 0 && t <= this.thresholds[i - 1]))) {
      throw new Error('CategoricalCode: thresholds must be one or more increasing finite numbers.');
    }
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.thresholds.length + 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return categoricalCode(Array.isArray(inputs) ? inputs[0] : inputs, this.thresholds);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), thresholds: this.thresholds };
  }
}
tf.serialization.registerClass(CategoricalCode);
