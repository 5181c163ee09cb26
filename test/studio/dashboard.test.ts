// The runs dashboard in a browser, as a person uses it: `ganforge studio` serves a runs folder,
// `ganforge train` starts a run in it, and the page shows the run and its curves and sample grids
// growing while it trains, without a reload; then the run beside another one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';
import { launchBrowser, newPage, screenshot } from './browser.ts';
import { ganforge, type CliProcess } from './cli_process.ts';

const tinyConfig = (name: string, seed: number, steps: number) => ({
  name, seed,
  data: { source: 'mnist', limit: 512 },
  model: { architecture: 'cdcgan', latent: { dim: 16 }, generator: { channels: 8 }, discriminator: { channels: 8 } },
  train: { steps, batchSize: 16 },
  output: { logEvery: 2, sampleEvery: 10, checkpointEvery: 1000, gridCount: 20, evaluate: false },
});

let runs: string, browser: Browser, studio: CliProcess, url: string;
const errors: string[] = [];
const started: CliProcess[] = [];

before(async () => {
  process.env.GANFORGE_CACHE ??= mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
  runs = mkdtempSync(join(tmpdir(), 'ganforge-studio-runs-'));
  await useBackend();
  // A finished run to compare the live one with.
  await train(validateConfig(tinyConfig('baseline', 1, 12), 'test'), { out: join(runs, 'baseline') });
  studio = ganforge(['studio', runs, '--port', '0']);
  started.push(studio);
  url = (await studio.waitFor(/ganforge studio: (http:\S+)/))[1];
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const p of started) if (p.child.exitCode === null) p.child.kill();
});

const attribute = (page: Page, selector: string, name: string) => page.getAttribute(selector, name).then(Number);
const chartPoints = (page: Page, metric: string) => attribute(page, `.chart[data-metric="${metric}"]`, 'data-points');

test('the dashboard shows a run the CLI just started; its curves and grids grow while it trains, without a reload', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${url}#/`);
  await page.locator('tr[data-run="baseline"]').waitFor();
  await page.evaluate(() => { (window as unknown as { samePage: boolean }).samePage = true; });

  const config = join(runs, 'live.json');
  writeFileSync(config, JSON.stringify(tinyConfig('live', 2, 5000)));
  const trainer = ganforge(['train', config, '--out', join(runs, 'live')]);
  started.push(trainer);
  const row = page.locator('tr[data-run="live"]');
  await row.waitFor({ timeout: 60000 });
  await page.click('a[href="#/run/live"]');

  const wait = { timeout: 60000 };
  await page.waitForFunction(() => Number(document.querySelector('.chart[data-metric="d_loss"]')?.getAttribute('data-points')) >= 2, null, wait);
  const before = await chartPoints(page, 'd_loss');
  await page.waitForFunction((n) => Number(document.querySelector('.chart[data-metric="d_loss"]')?.getAttribute('data-points')) >= n + 5, before, wait);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="sample-step"]')?.textContent) >= 20, null, wait);
  // While it trains, the page says how fast and how long it has to go.
  await page.getByTestId('steps-per-second').waitFor(wait);
  assert.ok(Number(await page.getByTestId('steps-per-second').getAttribute('data-value')) > 0);
  assert.ok(Number(await page.getByTestId('time-left').getAttribute('data-value')) > 0);
  assert.ok(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage), 'the page was reloaded');

  // Ctrl-C: the run writes a checkpoint and stops; the page settles on its last records.
  trainer.child.kill('SIGINT');
  assert.equal(await trainer.exited, 0, trainer.output());
  const records = new RunDir(join(runs, 'live')).readMetrics();
  const last = records[records.length - 1].step;
  await page.waitForFunction((s) => Number(document.querySelector('[data-testid="run-step"]')?.textContent) === s, last, wait);
  await page.waitForFunction((n) => Number(document.querySelector('.chart[data-metric="d_loss"]')?.getAttribute('data-points')) === n, records.length, wait);
  for (const metric of ['d_real', 'd_fake', 'g_loss']) assert.equal(await chartPoints(page, metric), records.length, metric);
  assert.ok(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage), 'the page was reloaded');
  await page.waitForFunction(() => !!document.querySelector('a[href="#/explore/live"]'), null, wait);
  await screenshot(page, 'run');

  await page.goto(`${url}#/`);
  await row.locator('a[href="#/run/live"]').waitFor();
  assert.match(await row.innerText(), /live[\s\S]*gan[\s\S]*cdcgan[\s\S]*mnist, 512 images[\s\S]*\/ 5000[\s\S]*d_loss/);
  await screenshot(page, 'runs');
  assert.deepEqual(errors, []);
  await page.close();
});

test('two runs side by side: each metric with both runs on one chart, and their grids next to each other', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${url}#/`);
  await page.check('input[aria-label="compare baseline"]');
  await page.check('input[aria-label="compare live"]');
  await page.click('text=Compare 2 runs');
  const total = ['baseline', 'live'].reduce((n, id) => n + new RunDir(join(runs, id)).readMetrics().length, 0);
  await page.waitForFunction((n) => Number(document.querySelector('.chart[data-metric="g_loss"]')?.getAttribute('data-points')) === n, total, { timeout: 30000 });
  const legend = await page.locator('.chart[data-metric="g_loss"] svg').innerHTML();
  assert.ok(legend.includes('baseline') && legend.includes('live'), 'one chart holds both runs');
  // The settings that differ, and only those.
  const paths = await page.locator('[data-testid="config-diff"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
  assert.deepEqual(paths, ['name', 'seed', 'train.steps']);
  const grids = page.locator('.side-by-side figure');
  assert.equal(await grids.count(), 2);
  // The step slider at 10 shows each run's grid of step 10.
  await page.locator('input[aria-label="step of the compared grids"]').fill('1');
  await page.waitForFunction(() => [...document.querySelectorAll('.side-by-side figcaption')].every((f) => f.textContent!.endsWith('step 10')));
  for (const id of ['baseline', 'live']) {
    const src = await page.locator(`.side-by-side figure[data-run="${id}"] img`).getAttribute('src');
    const png = await (await fetch(new URL(src!, url))).arrayBuffer();
    assert.deepEqual(Buffer.from(png), readFileSync(new RunDir(join(runs, id)).samplePath(10)), id);
  }
  await screenshot(page, 'compare');
  assert.deepEqual(errors, []);
  await page.close();
});
