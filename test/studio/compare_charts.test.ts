// The dashboard's charts read honestly (issue 26, item 4): a run has one colour in every compare
// chart, its legend and its settings table; the table lists exactly the settings that differ;
// a run with few points (two FID evaluations) shows them as points; hovering a point shows its
// value; the runs list shows every last metric; a live run's page says its speed and time left.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startStudio, type Studio } from '../../src/studio/server.ts';
import { launchBrowser, newPage } from './browser.ts';
import { ganConfig, writeRun } from './fake_runs.ts';

let studio: Studio, browser: Browser;
const errors: string[] = [];

// 40 records 10 steps and 0.5 s apart: 20 steps/s.
const metrics = (shift: number) => Array.from({ length: 40 }, (_, i) => ({
  step: 10 * (i + 1), time: 0.5 * i, d_loss: 1.5 - i / 80 + shift, g_loss: 0.9 + i / 100 - shift, d_real: 0.6, d_fake: 0.4, gp: 0.01, lr: 0.0002,
}));
const evaluation = (fids: number[]) => fids.map((fid, i) => JSON.stringify({ step: 100 * (i + 1), fid, precision: 0.5 })).join('\n') + '\n';

before(async () => {
  const root = mkdtempSync(join(tmpdir(), 'ganforge-studio-compare-'));
  const config = (name: string, steps: number, lr: number, channels: number) => ({
    ...ganConfig(name, steps), model: { architecture: 'dcgan', generator: { channels } }, optimizer: { lr, betas: [0.5, 0.999] },
  });
  await writeRun(root, 'wide', { config: config('wide', 200, 0.0002, 64), metrics: metrics(0), files: { 'evaluation.jsonl': evaluation([80, 40]) } });
  await writeRun(root, 'narrow', { config: config('narrow', 200, 0.0002, 16), metrics: metrics(0.2), files: { 'evaluation.jsonl': evaluation([90, 60]) } });
  // Written just now and short of its 1000 steps: training.
  await writeRun(root, 'live', { config: config('live', 1000, 0.001, 64), metrics: metrics(0.4) });
  studio = await startStudio({ runsDir: root, port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await studio?.close();
});

/** Each run's colour in one chart, as its SVG draws it: the legend's symbol beside the run's name, and the colours of the lines. */
const chartColors = (page: Page, metric: string) => page.locator(`.chart[data-metric="${metric}"] svg`).evaluate((svg) => {
  const names = [...svg.querySelectorAll('.role-legend-label text')].map((t) => t.textContent);
  const symbols = [...svg.querySelectorAll('.role-legend-symbol path')].map((p) => p.getAttribute('fill') ?? p.getAttribute('stroke'));
  // Vega-Lite labels each line with its first point, run included.
  const lines = [...svg.querySelectorAll('.mark-line path')].map((p) => [/run: (\w+)/.exec(p.getAttribute('aria-label')!)![1], p.getAttribute('stroke')]);
  return { legend: Object.fromEntries(names.map((n, i) => [n, symbols[i]])), lines: Object.fromEntries(lines) };
});

test('a run has one colour in every compare chart, in their legends and in the settings table, which lists exactly the differing settings', async () => {
  const page = await newPage(browser, errors);
  const ids = ['narrow', 'wide', 'live'];
  await page.goto(`${studio.url}#/compare/${ids.join(',')}`);
  for (const m of ['d_loss', 'g_loss', 'lr', 'fid', 'precision']) await page.locator(`.chart[data-metric="${m}"][data-points]:not([data-points="0"])`).waitFor();
  const chips = Object.fromEntries(await page.locator('.chip[data-run]').evaluateAll((all) => all.map((c) => [c.getAttribute('data-run'), c.getAttribute('data-color')])));
  assert.deepEqual(Object.keys(chips), ids);
  assert.equal(new Set(Object.values(chips)).size, 3, 'three runs, three colours');
  for (const m of ['d_loss', 'g_loss', 'd_real', 'lr', 'fid', 'precision']) {
    const { legend, lines } = await chartColors(page, m);
    assert.deepEqual(legend, chips, `${m}: the legend's colours`);
    // The evaluation charts hold the two runs that were evaluated, each in its own colour.
    const drawn = m === 'fid' || m === 'precision' ? ['narrow', 'wide'] : ids;
    assert.deepEqual(lines, Object.fromEntries(drawn.map((id) => [id, chips[id]])), `${m}: the lines' colours`);
  }

  const table = page.getByTestId('config-diff');
  const paths = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
  assert.deepEqual(paths, ['model.generator.channels', 'name', 'optimizer.lr', 'train.steps']);
  assert.deepEqual(await table.locator('thead th[data-run]').allInnerTexts(), ids);
  const swatches = await table.locator('thead th[data-run] .swatch').evaluateAll((all) => all.map((s) => getComputedStyle(s).backgroundColor));
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
  assert.deepEqual(swatches, ids.map((id) => rgb(chips[id])));
  assert.deepEqual(await table.locator('tr[data-path="model.generator.channels"] td').allInnerTexts(), ['model.generator.channels', '16', '64', '64']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('two FID points are drawn as points, a long series as a line alone, and hovering a point shows its value', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/compare/wide,narrow`);
  await page.locator('.chart[data-metric="fid"][data-points="4"]').waitFor();
  await page.locator('.chart[data-metric="d_loss"][data-points="80"]').waitFor();
  const visiblePoints = (metric: string) => page.locator(`.chart[data-metric="${metric}"] svg .mark-symbol.role-mark path`).evaluateAll(
    (all) => all.filter((p) => Number(p.getAttribute('opacity') ?? getComputedStyle(p).opacity) > 0).length);
  assert.equal(await visiblePoints('fid'), 4, 'each FID evaluation is a point');
  assert.equal(await visiblePoints('d_loss'), 0, 'a dense series is a line without points');

  // The pointer on wide's second FID point (step 200, FID 40).
  // Vega-Lite labels each point with its fields.
  const point = page.locator('.chart[data-metric="fid"] svg .mark-symbol.role-mark path[aria-label^="step: 200;"][aria-label*="run: wide"]');
  await point.scrollIntoViewIfNeeded();
  const box = (await point.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = page.locator('.chart[data-metric="fid"] .chart-tooltip');
  await tip.waitFor();
  assert.match(await tip.innerText(), /run: wide[\s\S]*step: 200[\s\S]*fid: 40/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the runs list shows every last metric, and a live run\'s page its steps per second and time left', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/`);
  const row = page.locator('tr[data-run="live"]');
  await row.waitFor();
  const text = await row.innerText();
  for (const m of ['d_loss', 'g_loss', 'd_real', 'd_fake', 'gp', 'lr']) assert.ok(text.includes(m), `the runs list leaves out ${m}: ${text}`);

  await page.goto(`${studio.url}#/run/live`);
  await page.getByTestId('steps-per-second').waitFor();
  assert.equal(Number(await page.getByTestId('steps-per-second').getAttribute('data-value')), 20);
  // 600 steps left at 20 steps/s.
  assert.equal(Number(await page.getByTestId('time-left').getAttribute('data-value')), 30);
  assert.match(await page.locator('.facts').first().innerText(), /20 steps\/s · about 30 s left/);
  // A finished run has no speed.
  await page.goto(`${studio.url}#/run/wide`);
  await page.locator('.chart[data-metric="d_loss"][data-points="40"]').waitFor();
  assert.equal(await page.getByTestId('steps-per-second').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
