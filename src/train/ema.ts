// Exponential moving average of a model's weights (Yazıcı et al. 2019): the averaged generator
// gives smoother, often better samples than the last iterate. Non-trainable weights (batch
// norm's running statistics) are copied, not averaged.
import * as tf from '@tensorflow/tfjs';

export class WeightAverage {
  constructor(readonly target: tf.LayersModel, private source: tf.LayersModel, private decay: number) {
    this.copy();
  }

  /**
   * target <- d * target + (1 - d) * source, after `updates` averaging steps (0: a plain copy).
   * d ramps up as min(decay, (1 + t) / (10 + t)), as TensorFlow's ExponentialMovingAverage does
   * with num_updates: otherwise the average would cling to the early weights for ~1/(1 - decay) steps.
   */
  update(updates: number): void {
    if (updates <= 0) return this.copy();
    const d = Math.min(this.decay, (1 + updates) / (10 + updates));
    tf.tidy(() => {
      const src = this.source.weights, dst = this.target.weights;
      src.forEach((w, i) => {
        const v = dst[i].read() as tf.Variable;
        v.assign(w.trainable ? tf.add(tf.mul(v, d), tf.mul(w.read(), 1 - d)) : w.read());
      });
    });
  }

  private copy(): void {
    tf.tidy(() => this.source.weights.forEach((w, i) => (this.target.weights[i].read() as tf.Variable).assign(w.read())));
  }
}
