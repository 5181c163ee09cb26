import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCaption, decodePng, encodePng, imageGrid } from '../../src/viz/index.ts';

/** A batch whose pixel (k, r, c, ch) maps to the byte 1 + 40k + 10r + 3c + ch, all distinct and != background. */
function pattern(count: number, h: number, w: number, c: number): Float32Array {
  const x = new Float32Array(count * h * w * c);
  for (let k = 0; k < count; k++) for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) for (let ch = 0; ch < c; ch++) {
    x[((k * h + r) * w + q) * c + ch] = (1 + 40 * k + 10 * r + 3 * q + ch) / 127.5 - 1;
  }
  return x;
}

/** Expected byte of grid pixel (Y, X, ch), worked out cell by cell. */
function expected(Y: number, X: number, ch: number, g: { h: number; w: number; cols: number; count: number; pad: number; s: number; bg: number }): number {
  const cellH = g.h * g.s + g.pad, cellW = g.w * g.s + g.pad;
  const row = Math.floor((Y - g.pad) / cellH), col = Math.floor((X - g.pad) / cellW);
  const y = Y - g.pad - row * cellH, x = X - g.pad - col * cellW;
  const k = row * g.cols + col;
  if (Y < g.pad || X < g.pad || y >= g.h * g.s || x >= g.w * g.s || col >= g.cols || k >= g.count) return g.bg;
  return 1 + 40 * k + 10 * Math.floor(y / g.s) + 3 * Math.floor(x / g.s) + ch;
}

for (const c of [1, 3] as const) {
  test(`grid of ${c}-channel tiles: every pixel of the decoded PNG is where it belongs`, async () => {
    const g = { h: 2, w: 3, cols: 3, count: 5, pad: 1, s: 2, bg: 250 };
    const grid = imageGrid(pattern(g.count, g.h, g.w, c), [g.h, g.w, c], g.count, { cols: g.cols, padding: g.pad, upscale: g.s, background: g.bg });
    const img = await decodePng(await encodePng(grid));
    assert.deepEqual([img.width, img.height, img.channels], [1 + 3 * (6 + 1), 1 + 2 * (4 + 1), c]);
    for (let Y = 0; Y < img.height; Y++) for (let X = 0; X < img.width; X++) for (let ch = 0; ch < c; ch++) {
      assert.equal(img.pixels[(Y * img.width + X) * c + ch], expected(Y, X, ch, g), `pixel (${Y}, ${X}, ${ch})`);
    }
    // Tile 4 is at row 1, column 1: its top-left source pixel fills a 2x2 block at (6, 8).
    const at = (Y: number, X: number) => img.pixels[(Y * img.width + X) * c];
    assert.deepEqual([at(6, 8), at(6, 9), at(7, 8), at(7, 9), at(5, 8), at(6, 7)], [161, 161, 161, 161, 250, 250]);
    // Tile 5 would be row 1, column 2: that cell is empty.
    assert.equal(at(6, 15), 250);
  });
}

test('default columns are ceil(sqrt(count)) and the default upscale makes the grid at least 400 px wide', () => {
  const x = new Float32Array(64 * 28 * 28);
  const g64 = imageGrid(x, [28, 28, 1], 64);
  assert.deepEqual([g64.width, g64.height], [2 + 8 * (2 * 28 + 2), 2 + 8 * (2 * 28 + 2)]);
  const g10 = imageGrid(x, [28, 28, 1], 10);
  assert.deepEqual([g10.width, g10.height], [2 + 4 * (4 * 28 + 2), 2 + 3 * (4 * 28 + 2)]);
  assert.equal(imageGrid(x, [28, 28, 1], 1, { padding: 0 }).width, 15 * 28);
});

test('grid rejects bad options', () => {
  const x = new Float32Array(16);
  assert.throws(() => imageGrid(x, [2, 2, 1], 4, { upscale: 1.5 }), /whole numbers/);
  assert.throws(() => imageGrid(x, [2, 2, 1], 5), /need 20 values, got 16/);
});

test('a caption strip goes above the image, drawn in a contrasting colour', async () => {
  const grid = imageGrid(pattern(4, 4, 4, 1), [4, 4, 1], 4, { upscale: 20, background: 0 });
  const out = await addCaption(grid, 'step 1200 <&>', { background: 0 });
  assert.deepEqual([out.width, out.height, out.channels], [grid.width, grid.height + 24, 1]);
  assert.deepEqual(out.pixels.subarray(24 * out.width), grid.pixels);
  const strip = out.pixels.subarray(0, 24 * out.width);
  const lit = strip.filter((v) => v > 128).length;
  assert.ok(lit > 50 && lit < strip.length / 4, `${lit} text pixels`);
});
