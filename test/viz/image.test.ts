import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePng, encodePng, toByte, toRawImages } from '../../src/viz/index.ts';

test('values map -1 to 0 and 1 to 255, clamped, NaN to 0', () => {
  assert.deepEqual([-1, 1, 0, -0.5, 0.5, -3, 7, NaN, Infinity, -Infinity].map(toByte), [0, 255, 128, 64, 191, 0, 255, 0, 255, 0]);
});

test('toRawImages splits a batch into HWC images', () => {
  const x = Float32Array.from([-1, 1, 0, 2, -2, 1, 1, -1]);
  const [a, b] = toRawImages(x, [1, 4, 1], 2);
  assert.deepEqual({ ...a, pixels: [...a.pixels] }, { width: 4, height: 1, channels: 1, pixels: [0, 255, 128, 255] });
  assert.deepEqual([...b.pixels], [0, 255, 255, 0]);
  const [rgb] = toRawImages(x, [1, 2, 3], 1);
  assert.deepEqual({ ...rgb, pixels: [...rgb.pixels] }, { width: 2, height: 1, channels: 3, pixels: [0, 255, 128, 255, 0, 255] });
});

test('toRawImages rejects a batch too short and non-image shapes', () => {
  assert.throws(() => toRawImages(new Float32Array(10), [2, 2, 1], 3), /3 samples of shape \[2, 2, 1\] need 12 values, got 10/);
  assert.throws(() => toRawImages(new Float32Array(16), [2, 2, 4], 1), /height, width, 1 or 3 channels/);
});

test('PNG round trip keeps gray images gray and RGB images RGB, exactly', async () => {
  const gray = { width: 3, height: 2, channels: 1 as const, pixels: Uint8Array.from([0, 50, 100, 255, 7, 9]) };
  const back = await decodePng(await encodePng(gray));
  assert.deepEqual({ ...back, pixels: [...back.pixels] }, { ...gray, pixels: [...gray.pixels] });
  const rgb = { width: 2, height: 1, channels: 3 as const, pixels: Uint8Array.from([1, 2, 3, 250, 128, 0]) };
  const back3 = await decodePng(await encodePng(rgb));
  assert.equal(back3.channels, 3);
  assert.deepEqual([...back3.pixels], [...rgb.pixels]);
});
