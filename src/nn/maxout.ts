// Maxout (Goodfellow et al. 2013): an affine map to units * pieces features, then the max over
// each group of `pieces`. The discriminator of Mirza & Osindero's conditional GAN uses it:
// maxout 240 x 5 on x, 50 x 5 on y, joined into maxout 240 x 4.
import * as tf from '@tensorflow/tfjs';
import { initializerConfig, resolveInitializer, type Initializer, type InitializerSpec } from './initializers.ts';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface MaxoutConfig extends LayerArgs {
  units: number;
  pieces: number;
  /** Default: Glorot uniform over the [inputDim, units * pieces] kernel, seeded by `seed`. */
  kernelInitializer?: InitializerSpec;
  /** Default: zeros. */
  biasInitializer?: InitializerSpec;
  /** Seeds the named initializers (draw it from an Rng); needed unless kernelInitializer is an object. */
  seed?: number;
}

/** Input [..., A] -> output [..., units]; unit u is the max of features u * pieces .. u * pieces + pieces - 1. */
export class Maxout extends tf.layers.Layer {
  static className = 'Maxout';
  readonly units: number;
  readonly pieces: number;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private kernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;

  constructor(config: MaxoutConfig) {
    super(config);
    if (!(Number.isInteger(config.units) && Number.isInteger(config.pieces) && config.units >= 1 && config.pieces >= 1)) {
      throw new Error(`Maxout: units and pieces must be positive integers, not ${config.units} and ${config.pieces}.`);
    }
    this.units = config.units;
    this.pieces = config.pieces;
    this.kernelInitializer = resolveInitializer(config.kernelInitializer ?? 'glorotUniform', config.seed, 'Maxout kernel');
    this.biasInitializer = resolveInitializer(config.biasInitializer ?? 'zeros', config.seed, 'Maxout bias');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1];
    if (inputDim === null) throw new Error('Maxout: the last input dimension must be known.');
    const features = this.units * this.pieces;
    this.kernel = this.addWeight('kernel', [inputDim, features], 'float32', this.kernelInitializer);
    this.bias = this.addWeight('bias', [features], 'float32', this.biasInitializer);
    this.inputSpec = [{ minNDim: 2, axes: { [-1]: inputDim } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const lead = x.shape.slice(0, -1);
      const z = tf.add(tf.matMul(tf.reshape(x, [-1, x.shape[x.rank - 1]]), this.kernel.read()), this.bias.read());
      return tf.reshape(tf.max(tf.reshape(z, [-1, this.units, this.pieces]), 2), [...lead, this.units]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(), units: this.units, pieces: this.pieces,
      kernelInitializer: initializerConfig(this.kernelInitializer), biasInitializer: initializerConfig(this.biasInitializer),
    };
  }
}
tf.serialization.registerClass(Maxout);

export function maxout(config: MaxoutConfig): Maxout {
  return new Maxout(config);
}
