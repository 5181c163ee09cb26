// The memorisation check of the `000` document: does the generator make new images, or copies of
// its training images? Each generated sample's distance to its nearest training image is set
// against the same distance for held-out real images, which the generator has never seen: a model
// that copies sits much closer to the training set than new real images do.
import * as tf from '@tensorflow/tfjs';

export interface Neighbours {
  /** n x k indices into the reference set, nearest first. */
  index: Int32Array;
  /** n x k Euclidean distances, nearest first. */
  distance: Float32Array;
  k: number;
}

/**
 * The k nearest reference rows (Euclidean) of each query row, both row-major with `dim` columns.
 * Distances come from |q|^2 + |r|^2 - 2 q.r in blocks of queries, one matrix product each.
 */
export function nearestNeighbours(queries: Float32Array, reference: Float32Array, dim: number, k: number, block = 256): Neighbours {
  const nq = queries.length / dim, nr = reference.length / dim;
  if (!Number.isInteger(nq) || !Number.isInteger(nr)) throw new Error(`nearestNeighbours: the sets' sizes are not multiples of the dimension ${dim}; pass row-major [n, ${dim}] data.`);
  if (k < 1 || k > nr) throw new Error(`nearestNeighbours: k = ${k} needs 1 to ${nr} reference rows; lower k.`);
  const index = new Int32Array(nq * k), distance = new Float32Array(nq * k);
  const ref = tf.tensor2d(reference, [nr, dim]);
  const refNorms = tf.tidy(() => tf.sum(tf.square(ref), 1).reshape([1, nr]));
  try {
    for (let start = 0; start < nq; start += block) {
      const rows = Math.min(block, nq - start);
      tf.tidy(() => {
        const q = tf.tensor2d(queries.subarray(start * dim, (start + rows) * dim), [rows, dim]);
        const d2 = tf.add(tf.sub(tf.sum(tf.square(q), 1, true), tf.mul(2, tf.matMul(q, ref, false, true))), refNorms);
        const { values, indices } = tf.topk(tf.neg(d2), k);
        const v = values.dataSync(), ix = indices.dataSync();
        for (let i = 0; i < rows * k; i++) {
          distance[start * k + i] = Math.sqrt(Math.max(0, -v[i]));
          index[start * k + i] = ix[i];
        }
      });
    }
  } finally {
    tf.dispose([ref, refNorms]);
  }
  return { index, distance, k };
}

export interface MemorisationReport {
  /** Median distance from a generated sample to its nearest training image. */
  medianGenerated: number;
  /** Median distance from a held-out real image to its nearest training image (NaN without held-out images). */
  medianHeldOut: number;
  /** medianGenerated / medianHeldOut: well below 1 means samples sit on training images. */
  ratio: number;
  /** Share of generated samples nearer a training image than 99% of held-out images are (about 0.01 when nothing is copied). */
  nearCopies: number;
  /** Each generated sample's nearest training images (k of them). */
  generated: Neighbours;
  /** Each generated sample's distance to its nearest training image. */
  generatedDistances: Float32Array;
  /** Each held-out image's distance to its nearest training image. */
  heldOutDistances: Float32Array | null;
}

export function memorisationCheck(generated: Float32Array, train: Float32Array, heldOut: Float32Array | null, dim: number, k = 3): MemorisationReport {
  const g = nearestNeighbours(generated, train, dim, k);
  const generatedDistances = Float32Array.from({ length: g.distance.length / k }, (_, i) => g.distance[i * k]);
  const medianGenerated = quantile(Float32Array.from(generatedDistances).sort(), 0.5);
  if (!heldOut) {
    return { medianGenerated, medianHeldOut: NaN, ratio: NaN, nearCopies: NaN, generated: g, generatedDistances, heldOutDistances: null };
  }
  const h = nearestNeighbours(heldOut, train, dim, 1).distance;
  const sortedHeld = Float32Array.from(h).sort();
  const medianHeldOut = quantile(sortedHeld, 0.5);
  const threshold = quantile(sortedHeld, 0.01);
  const nearCopies = generatedDistances.filter((d) => d < threshold).length / generatedDistances.length;
  return { medianGenerated, medianHeldOut, ratio: medianGenerated / medianHeldOut, nearCopies, generated: g, generatedDistances, heldOutDistances: h };
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: Float32Array, q: number): number {
  const pos = (sorted.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Rows for the picture: the `closest` generated samples nearest a training image, then `others`
 * spread evenly over the rest by that distance, each as [generated index, distance].
 */
export function memorisationRows(report: MemorisationReport, closest = 5, others = 5): Array<[number, number]> {
  const { k, distance } = report.generated;
  const n = distance.length / k;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => distance[a * k] - distance[b * k]);
  const rest = order.slice(closest);
  const picked = [...order.slice(0, closest), ...Array.from({ length: Math.min(others, rest.length) }, (_, i) => rest[Math.floor(((i + 0.5) * rest.length) / others)])];
  return picked.map((i) => [i, distance[i * k]]);
}
