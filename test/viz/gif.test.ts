import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { encodeGif, type RawImage } from '../../src/viz/index.ts';

function grayFrame(seed: number, width = 20, height = 12): RawImage {
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + seed * 101) % 256;
  return { width, height, channels: 1, pixels };
}

/** Frame `page` of a GIF as sharp decodes it (RGB or RGBA). */
async function decodeFrame(gif: Uint8Array, page: number) {
  return sharp(gif, { page }).raw().toBuffer({ resolveWithObject: true });
}

test('gray GIF: header, size, frame count, delays, and frames decoded exactly', async () => {
  const frames = [grayFrame(0), grayFrame(1), grayFrame(2)];
  const gif = encodeGif(frames, { delayMs: 200, lastFrameDelayMs: 2000 });
  const bytes = Buffer.from(gif);
  assert.equal(bytes.toString('latin1', 0, 6), 'GIF89a');
  assert.deepEqual([bytes.readUInt16LE(6), bytes.readUInt16LE(8)], [20, 12]);
  const meta = await sharp(gif, { pages: -1 }).metadata();
  assert.equal(meta.pages, 3);
  assert.deepEqual(meta.delay, [200, 200, 2000]);
  assert.equal(meta.loop, 0); // 0: forever
  for (let p = 0; p < 3; p++) {
    const { data, info } = await decodeFrame(gif, p);
    const gray = Uint8Array.from({ length: 20 * 12 }, (_, i) => data[i * info.channels]);
    assert.deepEqual(gray, frames[p].pixels, `frame ${p}`);
  }
});

test('loop: false plays once', async () => {
  const meta = await sharp(encodeGif([grayFrame(0), grayFrame(1)], { delayMs: 100, loop: false }), { pages: -1 }).metadata();
  assert.equal(meta.loop, 1);
});

test('RGB GIF frames keep their colours through the quantised palette', async () => {
  const colours = [[255, 0, 0], [0, 160, 255], [30, 200, 40], [250, 250, 250]];
  const frame = (shift: number): RawImage => {
    const pixels = new Uint8Array(8 * 8 * 3);
    for (let p = 0; p < 64; p++) pixels.set(colours[(p + shift) % 4], p * 3);
    return { width: 8, height: 8, channels: 3, pixels };
  };
  const gif = encodeGif([frame(0), frame(1)], { delayMs: 100 });
  assert.equal((await sharp(gif, { pages: -1 }).metadata()).pages, 2);
  const { data, info } = await decodeFrame(gif, 1);
  for (let p = 0; p < 64; p++) {
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(data[p * info.channels + k] - colours[(p + 1) % 4][k]) <= 8, `pixel ${p} channel ${k}`);
  }
});

test('frames of different sizes are refused', () => {
  assert.throws(() => encodeGif([grayFrame(0), grayFrame(1, 20, 13)], { delayMs: 100 }), /same size: frame 0 is 20x12, frame 1 is 20x13/);
  assert.throws(() => encodeGif([], { delayMs: 100 }), /at least one frame/);
});
