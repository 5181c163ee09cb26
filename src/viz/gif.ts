// Animated GIFs of image frames, e.g. the sample grid through training.
import gifenc from 'gifenc';
import { writeFileAtomic } from '../util/atomic_write.ts';
import type { RawImage } from './image.ts';

export interface GifOptions {
  /** Time each frame is shown. GIF counts in 1/100 s, and browsers show delays under 20 ms as 100 ms. */
  delayMs: number;
  /** Time the last frame is shown before the animation restarts; default delayMs. */
  lastFrameDelayMs?: number;
  /** Loop forever (default) or play once. */
  loop?: boolean;
}

const GRAY_PALETTE = Array.from({ length: 256 }, (_, i) => [i, i, i]);

/**
 * Encodes frames of one size. All-gray frames are stored exactly (pixel value = palette index);
 * otherwise each frame gets its own 256-colour quantised palette.
 */
export function encodeGif(frames: RawImage[], opts: GifOptions): Uint8Array {
  if (frames.length === 0) throw new Error('a GIF needs at least one frame.');
  const { width, height } = frames[0];
  const odd = frames.findIndex((f) => f.width !== width || f.height !== height);
  if (odd >= 0) throw new Error(`GIF frames must all have the same size: frame 0 is ${width}x${height}, frame ${odd} is ${frames[odd].width}x${frames[odd].height}.`);
  const gray = frames.every((f) => f.channels === 1);
  const gif = gifenc.GIFEncoder();
  frames.forEach((f, i) => {
    const last = i === frames.length - 1;
    const frameOpts = { delay: last ? opts.lastFrameDelayMs ?? opts.delayMs : opts.delayMs, repeat: opts.loop === false ? -1 : 0 };
    if (gray) {
      gif.writeFrame(f.pixels, width, height, { ...frameOpts, palette: i === 0 ? GRAY_PALETTE : undefined });
    } else {
      const rgba = toRgba(f);
      const palette = gifenc.quantize(rgba, 256);
      gif.writeFrame(gifenc.applyPalette(rgba, palette), width, height, { ...frameOpts, palette });
    }
  });
  gif.finish();
  return gif.bytes();
}

function toRgba(f: RawImage): Uint8Array {
  const n = f.width * f.height;
  const out = new Uint8Array(n * 4);
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < 3; k++) out[p * 4 + k] = f.pixels[p * f.channels + (f.channels === 3 ? k : 0)];
    out[p * 4 + 3] = 255;
  }
  return out;
}

export function writeGif(file: string, frames: RawImage[], opts: GifOptions): void {
  writeFileAtomic(file, encodeGif(frames, opts));
}
