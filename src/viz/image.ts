// Raw 8-bit images: turning generator output (values in [-1, 1]) into pixels, and PNG in and out.
import sharp from 'sharp';

/** An 8-bit image, row-major HWC: pixel (r, c) channel k is at (r * width + c) * channels + k. */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

/** Maps a value in [-1, 1] to 0..255, clamping outside values; NaN becomes 0. */
export function toByte(v: number): number {
  const b = Math.round((v + 1) * 127.5);
  return b > 255 ? 255 : b >= 0 ? b : 0; // `b >= 0` is false for NaN
}

export function checkImageShape(shape: readonly number[]): asserts shape is [number, number, 1 | 3] {
  const [h, w, c] = shape;
  if (shape.length !== 3 || !(h > 0 && w > 0 && Number.isInteger(h) && Number.isInteger(w)) || (c !== 1 && c !== 3)) {
    throw new Error(`an image shape is [height, width, 1 or 3 channels], not [${shape.join(', ')}].`);
  }
}

/** The first `count` samples of a batch [count, h, w, c] as images. */
export function toRawImages(x: Float32Array, shape: [number, number, number], count: number): RawImage[] {
  checkImageShape(shape);
  const [height, width, channels] = shape;
  const size = height * width * channels;
  if (x.length < count * size) throw new Error(`${count} samples of shape [${shape.join(', ')}] need ${count * size} values, got ${x.length}.`);
  const images: RawImage[] = [];
  for (let k = 0; k < count; k++) {
    const pixels = new Uint8Array(size);
    for (let i = 0; i < size; i++) pixels[i] = toByte(x[k * size + i]);
    images.push({ width, height, channels, pixels });
  }
  return images;
}

export function encodePng(img: RawImage): Promise<Buffer> {
  const { width, height, channels } = img;
  const s = sharp(img.pixels, { raw: { width, height, channels } });
  // Without the explicit colour space sharp writes one-channel input as an RGB PNG.
  return (channels === 1 ? s.toColourspace('b-w') : s).png().toBuffer();
}

/** Reads a PNG as 1 channel if it is grayscale, else 3; any alpha is composited on white. */
export async function decodePng(buf: Buffer | Uint8Array): Promise<RawImage> {
  const meta = await sharp(buf).metadata();
  let s = sharp(buf).flatten({ background: '#ffffff' });
  // sharp decodes to sRGB unless asked, so a gray PNG would come back with three equal channels.
  if (meta.space === 'b-w' || (meta.channels ?? 3) <= 2) s = s.toColourspace('b-w');
  const { data, info } = await s.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 && info.channels !== 3) throw new Error(`decoded PNG has ${info.channels} channels, expected 1 or 3.`);
  return { width: info.width, height: info.height, channels: info.channels, pixels: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
