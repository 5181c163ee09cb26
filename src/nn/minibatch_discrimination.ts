// Minibatch discrimination (Salimans et al. 2016, "Improved Techniques for Training GANs",
// section 3.2): features telling D how close each sample lies to the others of its batch, so a
// generator that collapses onto a few modes gives itself away.
import * as tf from '@tensorflow/tfjs';
import { initializerConfig, resolveInitializer, type Initializer, type InitializerSpec } from './initializers.ts';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface MinibatchDiscriminationConfig extends LayerArgs {
  /** B: how many closeness features are appended. */
  kernels: number;
  /** C: the length of the rows compared in L1. */
  kernelDim: number;
  /**
   * Default: Glorot uniform over T [A, B * C], seeded by `seed`: scaled to the input width, so
   * the initial L1 distances are moderate and exp(-d) neither vanishes nor saturates at 1.
   */
  kernelInitializer?: InitializerSpec;
  /** Seeds a named initializer (draw it from an Rng); needed unless kernelInitializer is an object. */
  seed?: number;
}

/**
 * Input x [N, A] -> [N, A + B]: M = x T reshaped [N, B, C], c_b(i, j) = exp(-||M_ib - M_jb||_1),
 * o(x_i)_b = sum_j c_b(i, j), output concat(x, o). The sum runs over all j, j = i included, as in
 * the paper's formula: that term is the constant exp(0) = 1, so o >= 1 (the authors' Theano code
 * excludes it, which only shifts o by 1).
 */
export class MinibatchDiscrimination extends tf.layers.Layer {
  static className = 'MinibatchDiscrimination';
  readonly kernels: number;
  readonly kernelDim: number;
  private readonly kernelInitializer: Initializer;
  private kernel!: tf.LayerVariable;

  constructor(config: MinibatchDiscriminationConfig) {
    super(config);
    if (!(Number.isInteger(config.kernels) && Number.isInteger(config.kernelDim) && config.kernels >= 1 && config.kernelDim >= 1)) {
      throw new Error(`MinibatchDiscrimination: kernels and kernelDim must be positive integers, not ${config.kernels} and ${config.kernelDim}.`);
    }
    this.kernels = config.kernels;
    this.kernelDim = config.kernelDim;
    this.kernelInitializer = resolveInitializer(config.kernelInitializer ?? 'glorotUniform', config.seed, 'MinibatchDiscrimination kernel');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 2 || shape[1] === null) {
      throw new Error(`MinibatchDiscrimination: the input must be [batch, features] with known features, not [${shape.join(', ')}]; flatten it first.`);
    }
    this.kernel = this.addWeight('kernel', [shape[1], this.kernels * this.kernelDim], 'float32', this.kernelInitializer);
    this.inputSpec = [{ ndim: 2, axes: { [-1]: shape[1] } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, a] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [n, a === null ? null : a + this.kernels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const m = tf.reshape(tf.matMul(x, this.kernel.read()), [-1, this.kernels, this.kernelDim]);
      // [N, 1, B, C] - [1, N, B, C]: all pairs at once, N^2 B C values.
      const l1 = tf.sum(tf.abs(tf.sub(tf.expandDims(m, 1), tf.expandDims(m, 0))), 3);
      return tf.concat([x, tf.sum(tf.exp(tf.neg(l1)), 1)], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kernels: this.kernels, kernelDim: this.kernelDim, kernelInitializer: initializerConfig(this.kernelInitializer) };
  }
}
tf.serialization.registerClass(MinibatchDiscrimination);

export function minibatchDiscrimination(config: MinibatchDiscriminationConfig): MinibatchDiscrimination {
  return new MinibatchDiscrimination(config);
}
