// Exact noise predictors for data whose law is known: eps*(x_t, t) = E[eps | x_t], the minimiser
// of DDPM's simple loss. With x_t = sqrt(a) x_0 + sqrt(1 - a) eps (a = alphaBar_t) and
// x_0 ~ N(m, s^2): x_t ~ N(sqrt(a) m, v) with v = a s^2 + 1 - a, and
// E[eps | x_t] = sqrt(1 - a) (x_t - sqrt(a) m) / v. A mixture weighs its components' answers
// by their posterior responsibilities. s = 0 is a single point, where eps* recovers eps exactly.
import * as tf from '@tensorflow/tfjs';
import type { NoisePredictor } from '../../src/diffusion/ddpm.ts';
import type { NoiseSchedule } from '../../src/diffusion/schedule.ts';

/** alphaBar_t of each sample's step, as an [n, 1] column. */
function alphaBarColumn(schedule: NoiseSchedule, t: tf.Tensor2D): tf.Tensor2D {
  const steps = t.dataSync();
  return tf.tensor2d(Float32Array.from(steps, (s) => schedule.alphaBars[s]), [steps.length, 1]);
}

/** Data with independent coordinates x_0[j] ~ N(mean[j], std[j]^2), x_t of shape [n, d]. */
export function gaussianOracle(schedule: NoiseSchedule, mean: number[], std: number[]): NoisePredictor {
  return (xt, t) => tf.tidy(() => {
    const a = alphaBarColumn(schedule, t);
    const m = tf.tensor2d(mean, [1, mean.length]);
    const s2 = tf.tensor2d(std.map((s) => s * s), [1, std.length]);
    const v = tf.add(tf.mul(a, s2), tf.sub(1, a));
    return tf.div(tf.mul(tf.sqrt(tf.sub(1, a)), tf.sub(xt, tf.mul(tf.sqrt(a), m))), v);
  });
}

export interface Component { weight: number; mean: number; std: number }

/** 1-D data from a mixture of normal components, x_t of shape [n, 1]. */
export function mixtureOracle(schedule: NoiseSchedule, components: Component[]): NoisePredictor {
  const total = components.reduce((s, c) => s + c.weight, 0);
  return (xt, t) => tf.tidy(() => {
    const a = alphaBarColumn(schedule, t), sa = tf.sqrt(a);
    const logits: tf.Tensor[] = [], means: tf.Tensor[] = [];
    for (const c of components) {
      const v = tf.add(tf.mul(a, c.std * c.std), tf.sub(1, a));
      const d = tf.sub(xt, tf.mul(sa, c.mean));
      // log(w_k N(x_t; sqrt(a) m_k, v_k)) up to a constant, and E[x_0 | x_t, k] = m_k + sqrt(a) s_k^2 / v_k (x_t - sqrt(a) m_k).
      logits.push(tf.sub(tf.div(tf.mul(tf.square(d), -0.5), v), tf.sub(tf.mul(tf.log(v), 0.5), Math.log(c.weight / total))));
      means.push(tf.add(c.mean, tf.div(tf.mul(d, tf.mul(sa, c.std * c.std)), v)));
    }
    const x0 = tf.sum(tf.mul(tf.softmax(tf.concat(logits, 1), 1), tf.concat(means, 1)), 1, true);
    return tf.div(tf.sub(xt, tf.mul(sa, x0)), tf.sqrt(tf.sub(1, a)));
  });
}

export const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

export const std = (xs: ArrayLike<number>) => {
  const m = mean(xs);
  return Math.sqrt(Array.from(xs).reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

/** Every `stride`-th value from `offset`: one coordinate of row-major [n, stride] points. */
export const column = (xs: ArrayLike<number>, offset: number, stride: number) =>
  Float64Array.from({ length: Math.floor(xs.length / stride) }, (_, i) => xs[i * stride + offset]);
