// The wrong-label experiment of the `001` document: a conditional discriminator judges an
// (image, label) pair, so a real image shown with a wrong label should score lower than with its
// own. D is asked about every real image under every class, which also makes it a classifier.
import * as tf from '@tensorflow/tfjs';

export interface WrongLabelReport {
  /** Images judged. */
  count: number;
  /** 'probability' for D's sigmoid output, 'score' for a critic's unbounded output. */
  scale: 'probability' | 'score';
  /** D's mean output on real images with their true label. */
  meanTrue: number;
  /** D's mean output on the same images with each of the wrong labels. */
  meanWrong: number;
  /** Share of images scored higher with their true label than with the average wrong one (ties count half: 0.5 when D ignores labels). */
  trueAboveWrong: number;
  /** Share of images whose highest-scoring label is their own: D as a classifier. */
  trueBest: number;
}

/**
 * Runs the conditional D on each image with every label (one-hot), in inference mode.
 * `logits`: D's outputs are logits (shown as probabilities); otherwise they are critic scores.
 */
export function wrongLabelExperiment(
  d: tf.LayersModel, x: Float32Array, shape: number[], labels: Int32Array, numClasses: number, logits: boolean, batch = 250,
): WrongLabelReport {
  const n = labels.length, size = tf.util.sizeFromShape(shape);
  if (x.length !== n * size) throw new Error(`wrongLabelExperiment: ${x.length / size} images for ${n} labels; pass one label per image.`);
  const scores = new Float32Array(n * numClasses);
  for (let start = 0; start < n; start += batch) {
    const rows = Math.min(batch, n - start);
    tf.tidy(() => {
      const images = tf.tensor(x.subarray(start * size, (start + rows) * size), [rows, ...shape]);
      for (let c = 0; c < numClasses; c++) {
        const y = tf.oneHot(tf.fill([rows], c, 'int32') as tf.Tensor1D, numClasses).toFloat();
        const out = d.predict([images, y]) as tf.Tensor;
        const v = (logits ? tf.sigmoid(out) : out).dataSync();
        for (let i = 0; i < rows; i++) scores[(start + i) * numClasses + c] = v[i];
      }
    });
  }
  let sumTrue = 0, sumWrong = 0, above = 0, best = 0;
  for (let i = 0; i < n; i++) {
    const row = scores.subarray(i * numClasses, (i + 1) * numClasses), own = row[labels[i]];
    const wrong = (row.reduce((a, b) => a + b, 0) - own) / (numClasses - 1);
    sumTrue += own;
    sumWrong += wrong;
    above += own > wrong ? 1 : own === wrong ? 0.5 : 0;
    if (row.every((v, c) => c === labels[i] || v < own)) best++;
  }
  return { count: n, scale: logits ? 'probability' : 'score', meanTrue: sumTrue / n, meanWrong: sumWrong / n, trueAboveWrong: above / n, trueBest: best / n };
}
