// Sample grids: a batch of generated images tiled into one picture, optionally with a caption.
import sharp from 'sharp';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { checkImageShape, encodePng, toByte, type RawImage } from './image.ts';

export interface GridOptions {
  /** Tiles per row (at most count); default ceil(sqrt(count)). */
  cols?: number;
  /** Output pixels between tiles and around the border; default 2. */
  padding?: number;
  /** Integer nearest-neighbour scale of each sample; default: the smallest making the grid >= 400 px wide. */
  upscale?: number;
  /** Gray level 0..255 of padding and empty cells; default 255. */
  background?: number;
}

const MIN_GRID_WIDTH = 400;

/**
 * Tiles the first `count` samples of x ([count, h, w, c], values in [-1, 1]) row-major: sample k
 * has its top-left corner at (padding + floor(k / cols) * (h * upscale + padding),
 * padding + (k % cols) * (w * upscale + padding)).
 */
export function imageGrid(x: Float32Array, shape: [number, number, number], count: number, opts: GridOptions = {}): RawImage {
  checkImageShape(shape);
  const [h, w, c] = shape;
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`a grid needs a whole number of samples >= 1, got ${count}.`);
  if (x.length < count * h * w * c) throw new Error(`${count} samples of shape [${shape.join(', ')}] need ${count * h * w * c} values, got ${x.length}.`);
  const cols = Math.min(opts.cols ?? Math.ceil(Math.sqrt(count)), count);
  const pad = opts.padding ?? 2;
  const s = opts.upscale ?? Math.max(1, Math.ceil((MIN_GRID_WIDTH - (cols + 1) * pad) / (cols * w)));
  if (!(Number.isInteger(cols) && cols >= 1 && Number.isInteger(s) && s >= 1 && Number.isInteger(pad) && pad >= 0)) {
    throw new Error(`grid cols and upscale must be whole numbers >= 1 and padding one >= 0, got ${cols}, ${s} and ${pad}.`);
  }
  const rows = Math.ceil(count / cols);
  const width = pad + cols * (w * s + pad);
  const height = pad + rows * (h * s + pad);
  const pixels = new Uint8Array(width * height * c).fill(opts.background ?? 255);
  for (let k = 0; k < count; k++) {
    const top = pad + Math.floor(k / cols) * (h * s + pad);
    const left = pad + (k % cols) * (w * s + pad);
    for (let y = 0; y < h * s; y++) {
      const src = (k * h + Math.floor(y / s)) * w * c;
      const dst = ((top + y) * width + left) * c;
      for (let xo = 0; xo < w * s; xo++) {
        const from = src + Math.floor(xo / s) * c;
        for (let ch = 0; ch < c; ch++) pixels[dst + xo * c + ch] = toByte(x[from + ch]);
      }
    }
  }
  return { width, height, channels: c, pixels };
}

const escapeXml = (t: string) => t.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The image with a strip of text (e.g. "step 1200") added above it, on the given gray background;
 * the text is drawn in black or white, whichever contrasts.
 */
export async function addCaption(img: RawImage, text: string, opts: { height?: number; background?: number } = {}): Promise<RawImage> {
  const { width, channels } = img;
  const strip = opts.height ?? 24;
  const bg = opts.background ?? 255;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${strip}">`
    + `<rect width="100%" height="100%" fill="rgb(${bg},${bg},${bg})"/>`
    + `<text x="${width / 2}" y="${strip / 2}" text-anchor="middle" dominant-baseline="central" font-family="DejaVu Sans"`
    + ` font-size="${Math.round(strip * 0.6)}" fill="${bg < 128 ? 'white' : 'black'}">${escapeXml(text)}</text></svg>`;
  const r = sharp(Buffer.from(svg)).flatten({ background: `rgb(${bg},${bg},${bg})` });
  const { data } = await (channels === 1 ? r.toColourspace('b-w') : r).raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8Array(data.length + img.pixels.length);
  pixels.set(data);
  pixels.set(img.pixels, data.length);
  return { width, height: img.height + strip, channels, pixels };
}

/** Writes the grid of `imageGrid` as a PNG, with `caption` above it if given. */
export async function writeGridPng(
  file: string, x: Float32Array, shape: [number, number, number], count: number, opts: GridOptions & { caption?: string } = {},
): Promise<void> {
  const grid = imageGrid(x, shape, count, opts);
  const img = opts.caption === undefined ? grid : await addCaption(grid, opts.caption, { background: opts.background });
  writeFileAtomic(file, await encodePng(img));
}
