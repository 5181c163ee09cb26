// Exponential moving average of a model's weights (Yazıcı et al. 2019): the averaged generator
// gives smoother, often better samples than the last iterate. Non-trainable weights (batch
// norm's running statistics) are copied, not averaged.
import * as tf from '@tensorflow/tfjs';

export class WeightAverage {
  constructor(readonly target: tf.LayersModel, private source: tf.LayersModel, private decay: number) {
    this.copy();
  }

  /** target <- decay * target + (1 - decay) * source, or a plain copy before averaging starts. */
  update(averaging: boolean): void {
    if (!averaging) return this.copy();
    tf.tidy(() => {
      const src = this.source.weights, dst = this.target.weights;
      src.forEach((w, i) => {
        const v = dst[i].read() as tf.Variable;
        v.assign(w.trainable ? tf.add(tf.mul(v, this.decay), tf.mul(w.read(), 1 - this.decay)) : w.read());
      });
    });
  }

  private copy(): void {
    tf.tidy(() => this.source.weights.forEach((w, i) => (this.target.weights[i].read() as tf.Variable).assign(w.read())));
  }
}
