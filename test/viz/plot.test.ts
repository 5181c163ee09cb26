import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePng, linePlotPng, linePlotSvg, metricsPlots } from '../../src/viz/index.ts';

const series = [
  { name: 'd_loss', points: Array.from({ length: 40 }, (_, i): [number, number] => [i * 10, 1 + Math.sin(i / 5)]) },
  { name: 'g_loss', points: [[0, 2], [10, NaN], [20, 1.5], [Infinity, 1], [30, 1.2]] as Array<[number, number]> },
];
const opts = { title: 'Losses of the run', xLabel: 'step', yLabel: 'loss' };

test('the plot PNG has the requested size and is not blank', async () => {
  const img = await decodePng(await linePlotPng(series, { ...opts, width: 500, height: 300 }));
  assert.deepEqual([img.width, img.height, img.channels], [500, 300, 3]);
  const inked = img.pixels.filter((v) => v < 200).length;
  assert.ok(inked > 1000, `${inked} dark channel values`);
  const colours = new Set<number>();
  for (let p = 0; p < img.pixels.length; p += 3) colours.add((img.pixels[p] << 16) | (img.pixels[p + 1] << 8) | img.pixels[p + 2]);
  assert.ok(colours.size > 20, 'lines in several colours, anti-aliased');
});

test('the SVG names the title, axes and series, and drops non-finite points', async () => {
  const svg = await linePlotSvg(series, opts);
  for (const s of ['Losses of the run', 'step', 'loss', 'd_loss', 'g_loss']) assert.ok(svg.includes(`>${s}<`), s);
  assert.ok(!/NaN|Infinity/.test(svg));
  assert.ok(/width="640" height="360"/.test(svg), 'default size');
});

test('log y axis drops points <= 0', async () => {
  const svg = await linePlotSvg([{ name: 'lr', points: [[0, 0], [1, 1e-3], [2, 1e-2], [3, -1]] }], { ...opts, logY: true });
  assert.ok(!/NaN|Infinity/.test(svg));
});

test('metricsPlots draws each figure from the keys the records have', async () => {
  const records = Array.from({ length: 5 }, (_, i) => ({ step: i * 100, d_loss: 1 / (i + 1), g_loss: 2 - i / 10, d_real: 0.8, d_fake: 0.3 }));
  const figures = [
    { file: 'losses.png', title: 'Losses', yLabel: 'loss', keys: ['d_loss', 'g_loss'] },
    { file: 'discriminator.png', title: 'D', yLabel: 'D', keys: ['d_real', 'd_fake'], labels: { d_real: 'D(x)' } },
    { file: 'gp.png', title: 'Gradient penalty', yLabel: 'gp', keys: ['gp'] },
  ];
  const plots = await metricsPlots(records, 'step', figures, { width: 320, height: 200 });
  assert.deepEqual(plots.map((p) => p.file), ['losses.png', 'discriminator.png']);
  const img = await decodePng(plots[1].png);
  assert.deepEqual([img.width, img.height], [320, 200]);
});
