// A folder of PNG/JPEG images as a Dataset. Each image is oriented by its EXIF tag, flattened
// onto white if it has transparency, scaled so it covers the target size and centre-cropped
// to it (aspect ratio kept, no padding bars for a GAN to learn), then converted to grayscale
// (1 channel) or sRGB (3) and scaled from bytes to [-1, 1].
// Layout: either images directly in the folder (no labels), or one subfolder per class
// (label names = subfolder names, sorted; images found recursively inside each). Files with
// other extensions, hidden entries and subfolders without images are ignored.
import { readdirSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import sharp from 'sharp';
import type { Dataset } from './dataset.ts';
import { folderSourceSchema } from './schema.ts';

export interface ImageFolderOptions {
  /** Output size, a square side or [height, width] (default: src/data/schema.ts). */
  size?: number | [number, number];
  /** 1 for grayscale, 3 for RGB (default: src/data/schema.ts). */
  channels?: 1 | 3;
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);
// sharp decodes on libuv's thread pool; a few files in flight keep it busy without holding every file in memory.
const IN_FLIGHT = 8;

const visible = (name: string) => !name.startsWith('.');
const isImage = (name: string) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase());

function listImages(dir: string, recursive: boolean): string[] {
  return readdirSync(dir, { recursive, encoding: 'utf8' })
    .filter((rel) => isImage(rel) && rel.split(sep).every(visible) && statSync(join(dir, rel)).isFile())
    .map((rel) => join(dir, rel))
    .sort();
}

export async function loadImageFolder(path: string, options: ImageFolderOptions = {}): Promise<Dataset> {
  const size = folderSourceSchema.shape.size.parse(options.size);
  const channels = folderSourceSchema.shape.channels.parse(options.channels);
  const [height, width] = typeof size === 'number' ? [size, size] : size;
  if (![height, width].every((s) => Number.isInteger(s) && s > 0)) throw new Error(`Image size must be positive integers, not ${JSON.stringify(size)}.`);
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true }).filter((e) => visible(e.name));
  } catch {
    throw new Error(`Image folder "${path}" cannot be read; check that the path exists and is a readable folder.`);
  }

  const classes = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
    .map((name) => ({ name, files: listImages(join(path, name), true) }))
    .filter((c) => c.files.length > 0);
  const files = classes.length === 0 ? listImages(path, false) : classes.flatMap((c) => c.files);
  if (classes.length > 0) {
    const stray = entries.find((e) => e.isFile() && isImage(e.name));
    if (stray) throw new Error(`Image folder "${path}" has class subfolders but also the image "${stray.name}" at its top level; move it into a class subfolder.`);
  }
  if (files.length === 0) throw new Error(`Image folder "${path}" contains no PNG or JPEG images; put .png/.jpg files in it, or in one subfolder per class.`);

  const sample = height * width * channels;
  const x = new Float32Array(files.length * sample);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const pixels = await decode(files[i], height, width, channels);
      for (let p = 0; p < sample; p++) x[i * sample + p] = pixels[p] / 127.5 - 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, files.length) }, worker));

  const dataset: Dataset = { name: `folder:${path}`, x, shape: [height, width, channels], count: files.length };
  if (classes.length > 0) {
    dataset.labels = Int32Array.from(classes.flatMap((c, label) => c.files.map(() => label)));
    dataset.labelNames = classes.map((c) => c.name);
  }
  return dataset;
}

async function decode(file: string, height: number, width: number, channels: 1 | 3): Promise<Uint8Array> {
  try {
    if (statSync(file).size === 0) throw new Error('the file is empty');
    const { data, info } = await sharp(file, { autoOrient: true })
      .flatten({ background: '#ffffff' })
      .resize(width, height, { fit: 'cover', position: 'centre' })
      .toColourspace(channels === 1 ? 'b-w' : 'srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== channels || data.length !== height * width * channels) {
      throw new Error(`it decoded to ${info.channels} channels of ${info.width}×${info.height}`);
    }
    return data;
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/\.$/, '');
    throw new Error(`Image "${file}" cannot be decoded (${reason}); replace or delete the file.`);
  }
}
