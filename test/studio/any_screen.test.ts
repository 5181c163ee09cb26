// The studio on a phone and from the keyboard (issue 26, item 5): at 390 × 844 no page is wider
// than the screen and the playground shows its picture before its knobs; Space plays and pauses
// and N takes one step, except while typing; every playground canvas, chart and graph has a text alternative, and
// the learner's screen shows no debugging figures.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startStudio, type Studio } from '../../src/studio/server.ts';
import { eventually, launchBrowser, newPage } from './browser.ts';
import { ganConfig, manifest, writeRun } from './fake_runs.ts';
import { measured, value } from './playground_reading.ts';

const RUN = 'mnist-dcgan-with-a-long-name';
let studio: Studio, browser: Browser;
const errors: string[] = [];

before(async () => {
  const root = mkdtempSync(join(tmpdir(), 'ganforge-studio-screen-'));
  const metrics = Array.from({ length: 20 }, (_, i) => ({ step: 10 * (i + 1), time: i, d_loss: 1.5 - i / 40, g_loss: 0.9 + i / 50, fid: 80 - i }));
  await writeRun(root, RUN, { config: ganConfig(RUN, 200), metrics, samples: [0, 100, 200], manifest: manifest(), modelFiles: ['model.json', 'weights.bin'] });
  await writeRun(root, 'compare-x/gan', { config: ganConfig('gan', 200), metrics, samples: [0] });
  studio = await startStudio({ runsDir: root, port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await studio?.close();
});

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const top = (page: Page, selector: string) => page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().top);

test('at 390 × 844 the runs list, a run and the playground fit the screen, the playground\'s picture above its knobs', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${studio.url}#/`);
  await page.locator(`tr[data-run="${RUN}"]`).waitFor();
  assert.ok(await pageWidth(page) <= 390, `the runs list is ${await pageWidth(page)} px wide`);
  // The header wraps instead of clipping its last link; the table scrolls in its own box.
  assert.ok(await page.locator('nav a:text("Playground")').evaluate((a) => a.getBoundingClientRect().right) <= 390, 'the header clips its links');
  assert.ok(await page.locator('table.runs').evaluate((t) => t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX === 'auto'), 'the runs table does not scroll in its box');

  await page.goto(`${studio.url}#/run/${RUN}`);
  await page.locator('.chart[data-metric="d_loss"][data-points="20"]').waitFor();
  assert.ok(await pageWidth(page) <= 390, `a run's page is ${await pageWidth(page)} px wide`);

  await page.goto(`${studio.url}#/playground`);
  await measured(page);
  assert.ok(await pageWidth(page) <= 390, `the playground is ${await pageWidth(page)} px wide`);
  const canvas = await top(page, '[data-testid="main-view"]'), knob = await top(page, '.knobs label');
  assert.ok(canvas < knob, `the picture (top ${canvas}) should come before the first knob (top ${knob})`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Space plays and pauses and N takes one step, except while typing in a knob', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/playground?data=ring`);
  await measured(page);
  const play = page.locator('[data-testid="play"]');
  await page.keyboard.press('Space');
  await play.filter({ hasText: 'Pause' }).waitFor();
  await eventually('training', async () => (await value(page, 'step')) >= 5);
  await page.keyboard.press('Space');
  await play.filter({ hasText: 'Play' }).waitFor();

  // N: one generator step (with its k discriminator steps).
  const paused = await value(page, 'step');
  await page.keyboard.press('n');
  await eventually('one step', async () => (await value(page, 'step')) === paused + 1);

  // Typed into a knob, Space and N are text.
  const hidden = page.locator('[data-testid="knob-generatorHidden"]');
  await hidden.focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' n');
  assert.equal(await hidden.inputValue(), '64,64 n');
  assert.equal(await play.textContent(), 'Play');
  assert.equal(await value(page, 'step'), paused + 1);
  await hidden.fill('64,64');

  // Step by step, N is the next single update.
  await page.check('[data-testid="stepwise"]');
  await page.keyboard.press('n');
  await page.locator('.note', { hasText: 'D was updated' }).waitFor();
  await page.keyboard.press('n');
  await page.locator('.note', { hasText: 'G was updated' }).waitFor();
  assert.equal(await value(page, 'step'), paused + 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('every playground canvas, chart and graph says what it shows, and the screen shows no tensor count', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/playground?data=ring`);
  await measured(page);
  await page.keyboard.press('n');
  await eventually('one step', async () => (await value(page, 'step')) === 1);
  const canvases = await page.locator('section.playground canvas.view').evaluateAll((all) => all.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label')]));
  assert.equal(canvases.length, 2, 'the main view and the noise view');
  for (const [role, label] of canvases) assert.ok(role === 'img' && label && label.length > 20, `canvas role ${role}, label ${label}`);
  // The charts (Vega draws them on canvases of its own) say what they show in their containers' labels, and so does the model graph.
  const charts = await page.locator('section.playground .chart').evaluateAll((all) => all.map((c) => c.getAttribute('aria-label')));
  assert.equal(charts.length, 6, 'one chart per metric: D loss, G loss, JSD, KL, W1, modes covered');
  for (const label of charts) assert.match(label ?? '', /over training steps; at step \d+: /);
  assert.match(await page.getByTestId('model-graph').getAttribute('aria-label') ?? '', /^The model: z .* G loss -?\d/);
  assert.match(await page.getByTestId('main-view').getAttribute('aria-label') ?? '', /heat map.*Step 1: JSD \d\.\d{3} to the truth, \d of 8 modes covered/);
  assert.doesNotMatch(await page.locator('section.playground').innerText(), /tensors/i);
  assert.deepEqual(errors, []);
  await page.close();
});
