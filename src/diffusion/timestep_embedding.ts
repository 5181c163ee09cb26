// The sinusoidal timestep embedding of DDPM (Ho et al. 2020, appendix B), the Transformer's
// position encoding (Vaswani et al. 2017, section 3.5) applied to the diffusion step t: one
// network serves every noise level when it is told t through sines and cosines of many
// frequencies. Importing this module registers the layer for deserialisation.
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface TimestepEmbeddingConfig extends LayerArgs {
  /** Output width, even and at least 4: half sines, half cosines. */
  dim: number;
  /** The longest wavelength, in steps (default 10000, as DDPM and the Transformer). */
  maxPeriod?: number;
}

/**
 * t [N, 1] (the step as a float) -> [N, dim]: [sin(t f_0), ..., sin(t f_{h-1}), cos(t f_0), ..., cos(t f_{h-1})]
 * with h = dim / 2 and f_i = maxPeriod^(-i / (h - 1)), frequencies from 1 down to 1 / maxPeriod.
 * It has no weights: the dense layers after it learn what to make of the code.
 */
export class TimestepEmbedding extends tf.layers.Layer {
  static className = 'TimestepEmbedding';
  readonly dim: number;
  readonly maxPeriod: number;

  constructor(config: TimestepEmbeddingConfig) {
    super(config);
    this.dim = config.dim;
    this.maxPeriod = config.maxPeriod ?? 10000;
    checkSinusoids('TimestepEmbedding', this.dim, this.maxPeriod);
  }

  /** f_i for i = 0..dim/2 - 1. */
  frequencies(): Float32Array {
    return sinusoidFrequencies(this.dim / 2, this.maxPeriod);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 2 || shape[1] !== 1) {
      throw new Error(`TimestepEmbedding: the input must be the steps as [batch, 1], not [${shape.join(', ')}]; use tf.input({ shape: [1] }).`);
    }
    this.inputSpec = [{ ndim: 2, axes: { [-1]: 1 } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.dim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const t = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const angles = tf.mul(t, tf.tensor2d(this.frequencies(), [1, this.dim / 2]));
      return tf.concat([tf.sin(angles), tf.cos(angles)], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim, maxPeriod: this.maxPeriod };
  }
}
tf.serialization.registerClass(TimestepEmbedding);

/** `count` frequencies from 1 down to 1 / maxPeriod, evenly spaced in log: Ho et al.'s code, f_i = exp(-ln(maxPeriod) i / (count - 1)). */
/** The width and longest period of a sinusoidal embedding layer, checked; `layer` names it in the message. */
export function checkSinusoids(layer: string, dim: number, maxPeriod: number): void {
  if (!(Number.isInteger(dim) && dim >= 4 && dim % 2 === 0)) throw new Error(`${layer}: dim must be an even integer of at least 4, not ${dim}.`);
  if (!(maxPeriod > 1)) throw new Error(`${layer}: maxPeriod must exceed 1, not ${maxPeriod}.`);
}

export function sinusoidFrequencies(count: number, maxPeriod: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.exp((-Math.log(maxPeriod) * i) / (count - 1)));
}

export function timestepEmbedding(config: TimestepEmbeddingConfig): TimestepEmbedding {
  return new TimestepEmbedding(config);
}
