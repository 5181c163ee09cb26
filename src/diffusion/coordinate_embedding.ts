// Sinusoidal features of the noisy sample's coordinates, for the MLP denoiser of low-dimensional
// data such as 2-D points. An MLP fed the raw coordinates learns high-frequency functions of them
// slowly ("spectral bias"; Tancik et al. 2020, "Fourier Features Let Networks Learn High
// Frequency Functions in Low Dimensional Domains"), and near t = 0 the noise predictor of a thin
// curve like the spiral changes sign between arms a few tenths apart. Each coordinate gets the
// timestep embedding's sinusoids after a scale, as the tiny-diffusion MLP does (its input
// embedding, scale 25). Importing this module registers the layer for deserialisation.
import * as tf from '@tensorflow/tfjs';
import { checkSinusoids, sinusoidFrequencies } from './timestep_embedding.ts';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface CoordinateEmbeddingConfig extends LayerArgs {
  /** Features per coordinate, even and at least 4: half sines, half cosines. */
  dim: number;
  /** The highest frequency, in radians per unit of x (default 25, for data in [-1, 1]). */
  scale?: number;
  /** Ratio of the highest to the lowest frequency (default 10000, as the timestep embedding). */
  maxPeriod?: number;
}

/**
 * x [N, d] -> [N, d + d * dim]: x itself (the near-linear predictor of high noise levels needs
 * it), then per coordinate j [sin(x_j g_0), ..., sin(x_j g_{h-1}), cos(x_j g_0), ..., cos(x_j g_{h-1})]
 * with h = dim / 2 and g_i = scale * maxPeriod^(-i / (h - 1)). No weights.
 */
export class CoordinateEmbedding extends tf.layers.Layer {
  static className = 'CoordinateEmbedding';
  readonly dim: number;
  readonly scale: number;
  readonly maxPeriod: number;

  constructor(config: CoordinateEmbeddingConfig) {
    super(config);
    this.dim = config.dim;
    this.scale = config.scale ?? 25;
    this.maxPeriod = config.maxPeriod ?? 10000;
    checkSinusoids('CoordinateEmbedding', this.dim, this.maxPeriod);
    if (!(this.scale > 0 && Number.isFinite(this.scale))) throw new Error(`CoordinateEmbedding: scale must be a positive number, not ${this.scale}.`);
  }

  /** g_i for i = 0..dim/2 - 1. */
  frequencies(): Float32Array {
    return sinusoidFrequencies(this.dim / 2, this.maxPeriod).map((f) => f * this.scale);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 2 || shape[1] === null) {
      throw new Error(`CoordinateEmbedding: the input must be flat vectors [batch, d], not [${shape.join(', ')}]; flatten it first.`);
    }
    this.inputSpec = [{ ndim: 2, axes: { [-1]: shape[1] } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = shape[1] as number;
    return [shape[0], d + d * this.dim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const [n, d] = x.shape;
      const half = this.dim / 2;
      const angles = tf.mul(tf.reshape(x, [n, d, 1]), tf.tensor3d(this.frequencies(), [1, 1, half]));
      return tf.concat([x, tf.reshape(tf.concat([tf.sin(angles), tf.cos(angles)], 2), [n, d * this.dim])], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim, scale: this.scale, maxPeriod: this.maxPeriod };
  }
}
tf.serialization.registerClass(CoordinateEmbedding);
