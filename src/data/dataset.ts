// The one shape every data source is decoded into: samples scaled to [-1, 1], row-major,
// with class labels where the source has them.
import * as tf from '@tensorflow/tfjs';

export interface Dataset {
  /** Where the data came from, for manifests and messages (e.g. "mnist", "folder:./faces"). */
  name: string;
  /** count × prod(shape) values in [-1, 1]; images are [height, width, channels] (NHWC). */
  x: Float32Array;
  /** Shape of one sample: [h, w, c] for images, [columns] for tables. */
  shape: number[];
  count: number;
  /** Class index of each sample, when the source has labels. */
  labels?: Int32Array;
  /** Name of each class index, when the source has labels. */
  labelNames?: string[];
  /** Tables only: the original min and max of each column, which mapped to -1 and 1; a sample
   *  maps back as min + (x + 1) / 2 * (max - min) (fromUnitRange). */
  valueRange?: { min: Float32Array; max: Float32Array };
}

/** Maps samples in [-1, 1] back to the original units of their columns (tables and toy data); the studio uses it in the browser too. */
export function fromUnitRange(x: Float32Array, range: { min: ArrayLike<number>; max: ArrayLike<number> }): Float32Array {
  const d = range.min.length;
  return Float32Array.from(x, (v, i) => range.min[i % d] + ((v + 1) / 2) * (range.max[i % d] - range.min[i % d]));
}

export const sampleSize = (d: Pick<Dataset, 'shape'>) => tf.util.sizeFromShape(d.shape);
