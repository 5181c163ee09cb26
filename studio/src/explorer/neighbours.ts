// The training images nearest to a sample (Euclidean distance on pixels, as the memorisation
// check measures it), over the images the run trained on, which the server sends as bytes.
import * as tf from '@tensorflow/tfjs';
import { TRAINING_IMAGES_HEADERS } from '../../../src/studio/api_types.ts';
import { fetchOk, runUrl } from '../api.ts';

export interface TrainingImages {
  shape: number[];
  count: number;
  /** count × prod(shape) bytes, (x + 1) × 127.5. */
  pixels: Uint8Array;
  labels?: Uint8Array;
}

export async function fetchTrainingImages(id: string): Promise<TrainingImages> {
  const res = await fetchOk(`${runUrl(id)}/training-images`);
  const shape = res.headers.get(TRAINING_IMAGES_HEADERS.shape)!.split(',').map(Number);
  const count = Number(res.headers.get(TRAINING_IMAGES_HEADERS.count));
  const bytes = new Uint8Array(await res.arrayBuffer());
  const size = tf.util.sizeFromShape(shape);
  return {
    shape, count, pixels: bytes.subarray(0, count * size),
    ...(res.headers.get(TRAINING_IMAGES_HEADERS.labelled) === '1' && { labels: bytes.subarray(count * size) }),
  };
}

export interface Neighbour {
  index: number;
  /** Euclidean distance in the samples' [-1, 1] units. */
  distance: number;
  /** The image, in [-1, 1]. */
  values: Float32Array;
  label?: number;
}

/** The k training images nearest to `sample` (values in [-1, 1], the images' shape), nearest first. */
export function nearestImages(images: TrainingImages, sample: Float32Array, k: number): Neighbour[] {
  const size = sample.length;
  const query = Float32Array.from(sample, (v) => (Math.min(1, Math.max(-1, v)) + 1) * 127.5);
  const best: { index: number; d2: number }[] = [];
  for (let i = 0; i < images.count; i++) {
    let d2 = 0;
    const offset = i * size;
    for (let j = 0; j < size; j++) { const d = query[j] - images.pixels[offset + j]; d2 += d * d; }
    if (best.length < k || d2 < best[best.length - 1].d2) {
      const at = best.findIndex((b) => b.d2 > d2);
      best.splice(at === -1 ? best.length : at, 0, { index: i, d2 });
      if (best.length > k) best.pop();
    }
  }
  return best.map(({ index, d2 }) => ({
    index,
    distance: Math.sqrt(d2) / 127.5,
    values: Float32Array.from(images.pixels.subarray(index * size, (index + 1) * size), (p) => p / 127.5 - 1),
    ...(images.labels && { label: images.labels[index] }),
  }));
}
