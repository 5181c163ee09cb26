// Image folders: class subfolders become labels, images are cover-cropped and scaled to [-1, 1],
// and bad input fails with a message naming the file.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadImageFolder } from '../../src/data/image_folder.ts';

const root = mkdtempSync(join(tmpdir(), 'ganforge-images-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Writes a width × height image filled by `pixel(x, y)` (RGB or RGBA bytes). */
async function writeImage(file: string, width: number, height: number, pixel: (x: number, y: number) => number[]) {
  const channels = pixel(0, 0).length as 3 | 4;
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * channels);
  mkdirSync(join(file, '..'), { recursive: true });
  const image = sharp(data, { raw: { width, height, channels } });
  await (file.endsWith('.png') ? image.png() : image.jpeg({ quality: 95 })).toFile(file);
}

const near = (actual: ArrayLike<number>, expected: number, tol: number) =>
  Array.from(actual).every((v) => Math.abs(v - expected) <= tol);

test('class subfolders with images load with sorted label names, cover crop, alpha on white', async () => {
  const dir = join(root, 'classes');
  await writeImage(join(dir, 'red', 'a.png'), 12, 12, () => [255, 0, 0]);
  // Portrait, black bands at top and bottom: a centre crop to a square shows only the white middle.
  await writeImage(join(dir, 'red', 'b.png'), 10, 40, (_, y) => (y < 10 || y >= 30 ? [0, 0, 0] : [255, 255, 255]));
  await writeImage(join(dir, 'grey', 'c.jpg'), 16, 8, () => [128, 128, 128]);
  await writeImage(join(dir, 'grey', 'nested', 'd.png'), 8, 8, () => [0, 0, 0, 0]);   // fully transparent
  writeFileSync(join(dir, 'grey', 'notes.txt'), 'not an image, ignored');
  writeFileSync(join(dir, 'red', '._a.png'), 'macOS metadata: hidden, ignored');
  mkdirSync(join(dir, 'docs'));   // no images: not a class
  writeFileSync(join(dir, 'docs', 'readme.md'), 'ignored');

  const d = await loadImageFolder(dir, { size: 4, channels: 3 });
  assert.deepEqual(d.shape, [4, 4, 3]);
  assert.equal(d.count, 4);
  assert.deepEqual(d.labelNames, ['grey', 'red']);
  assert.deepEqual(Array.from(d.labels!), [0, 0, 1, 1]);   // grey/c.jpg, grey/nested/d.png, red/a.png, red/b.png
  const sample = (i: number) => d.x.subarray(i * 48, (i + 1) * 48);
  assert.ok(near(sample(0), 128 / 127.5 - 1, 3 / 127.5), 'grey JPEG');
  assert.ok(near(sample(1), 1, 0), 'transparent PNG flattened onto white');
  assert.ok(near(sample(2).filter((_, i) => i % 3 === 0), 1, 0) && near(sample(2).filter((_, i) => i % 3 !== 0), -1, 0), 'red PNG');
  assert.ok(near(sample(3), 1, 0.02), 'centre crop of the white band');
});

test('a flat folder loads without labels, grayscale, at [height, width]', async () => {
  const dir = join(root, 'flat');
  await writeImage(join(dir, 'a.png'), 20, 10, () => [255, 255, 255]);
  await writeImage(join(dir, 'b.jpeg'), 10, 20, () => [0, 0, 0]);
  const d = await loadImageFolder(dir, { size: [3, 5], channels: 1 });
  assert.deepEqual(d.shape, [3, 5, 1]);
  assert.equal(d.count, 2);
  assert.equal(d.labels, undefined);
  assert.ok(near(d.x.subarray(0, 15), 1, 0) && near(d.x.subarray(15), -1, 2 / 127.5));
});

test('a corrupt image, an empty folder and a stray top-level image are named in the error', async () => {
  const dir = join(root, 'corrupt');
  await writeImage(join(dir, 'ok', 'a.png'), 4, 4, () => [1, 2, 3]);
  writeFileSync(join(dir, 'ok', 'broken.png'), 'this is not a PNG');
  await assert.rejects(loadImageFolder(dir), (e: Error) => e.message.includes(join(dir, 'ok', 'broken.png')) && /cannot be decoded .*replace or delete the file\.$/.test(e.message));

  const empty = join(root, 'empty');
  mkdirSync(empty);
  await assert.rejects(loadImageFolder(empty), new RegExp(`"${empty}" contains no PNG or JPEG images`));

  await writeImage(join(dir, 'stray.png'), 4, 4, () => [1, 2, 3]);
  await assert.rejects(loadImageFolder(dir), /image "stray.png" at its top level; move it into a class subfolder/);
  await assert.rejects(loadImageFolder(join(root, 'missing')), /cannot be read; check that the path exists/);
});
