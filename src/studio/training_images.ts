// The images a run trained on, as bytes, for the explorer's nearest training images: the run's
// own data spec loaded the way training loads it (same split, classes and limit), so the
// neighbours come from exactly what the generator saw.
import type { ServerResponse } from 'node:http';
import { dataSpecSchema } from '../data/schema.ts';
import { loadDataset } from '../data/spec.ts';
import { isImageShape } from '../io/manifest.ts';
import { TRAINING_IMAGES_HEADERS } from './api_types.ts';

export interface TrainingImages {
  shape: number[];
  count: number;
  /** count × prod(shape) bytes: (x + 1) × 127.5 of the [-1, 1] samples. */
  pixels: Uint8Array;
  labels?: Uint8Array;
}

// A studio session looks at a few runs, mostly on the same data: keep the last two loaded.
const cache = new Map<string, Promise<TrainingImages>>();
const CACHED = 2;

/** The training images of the run whose config has this `data` section; an error names why there are none. */
export function trainingImages(data: unknown): Promise<TrainingImages> {
  const parsed = dataSpecSchema.safeParse(data);
  if (!parsed.success) return Promise.reject(new Error('the run\'s config.json has no valid data section, so its training images cannot be loaded.'));
  const key = JSON.stringify(parsed.data);
  let images = cache.get(key);
  if (!images) {
    images = load(parsed.data);
    cache.set(key, images);
    images.catch(() => cache.delete(key));
    if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
  }
  return images;
}

async function load(spec: Parameters<typeof loadDataset>[0]): Promise<TrainingImages> {
  const d = await loadDataset(spec);
  if (!isImageShape(d.shape)) throw new Error(`this run's data (${spec.source}) are not images, so there are no training images to compare samples with.`);
  const pixels = new Uint8Array(d.x.length);
  for (let i = 0; i < d.x.length; i++) pixels[i] = Math.round((Math.min(1, Math.max(-1, d.x[i])) + 1) * 127.5);
  return { shape: d.shape, count: d.count, pixels, ...(d.labels && { labels: Uint8Array.from(d.labels) }) };
}

/** The answer: the pixel bytes, then the label bytes; shape, count and whether labels follow in headers. */
export function sendTrainingImages(res: ServerResponse, images: TrainingImages): void {
  const body = images.labels ? Buffer.concat([images.pixels, images.labels]) : Buffer.from(images.pixels.buffer, images.pixels.byteOffset, images.pixels.byteLength);
  res.writeHead(200, {
    'content-type': 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store',
    [TRAINING_IMAGES_HEADERS.shape]: images.shape.join(','), [TRAINING_IMAGES_HEADERS.count]: String(images.count),
    [TRAINING_IMAGES_HEADERS.labelled]: images.labels ? '1' : '0',
  });
  res.end(body);
}
