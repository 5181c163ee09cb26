// What one update does, as the playground shows it (issue 26, items 2 and 3): "G step" moves the
// generated points and leaves D's verdict on a real point as it was, "D step" the reverse; the
// points' ghosts, the arrows' scale, the play speed, G's noise grid over the main view, D's
// colour scale, one chart per metric and the knob changes marked on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, emptyStudio, newPage, NOISE, pixelsOf } from './browser.ts';
import { measured, value } from './playground_reading.ts';

const studio = emptyStudio('steps');
const errors: string[] = [];

/** The model graph's live values: G(z) of its fixed noise, and D at its fixed real point and at G(z). */
const graph = async (page: Page) => {
  const read = (id: string) => page.getAttribute(`[data-testid="graph-${id}"]`, 'data-value').then((v) => JSON.parse(v!));
  return { gz: await read('gz') as number[], dx: await read('dx') as number, dgz: await read('dgz') as number, step: await value(page, 'step') };
};

/** Clicks `button` and waits for the graph to show the networks after it. */
async function press(page: Page, button: string): Promise<void> {
  const before = await page.getAttribute('[data-testid="model-graph"]', 'aria-label');
  await page.click(`[data-testid="${button}"]`);
  await eventually(`the picture after ${button}`, async () => (await page.getAttribute('[data-testid="model-graph"]', 'aria-label')) !== before || button === 'd-step');
}

test('"G step" moves the generated points and leaves D\'s values unchanged; "D step" changes D and leaves the points where they were', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/playground?data=ring&seed=4`);
  await measured(page);
  const start = await graph(page);

  await press(page, 'g-step');
  await page.locator('.note', { hasText: 'G was updated' }).waitFor();
  const afterG = await graph(page);
  assert.notDeepEqual(afterG.gz, start.gz, 'G step: G(z) moved');
  assert.equal(afterG.dx, start.dx, 'G step: D at the real probe point is unchanged');
  assert.equal(afterG.step, start.step + 1, 'a G update is a training step');
  // Ghosts: the points' positions before the step are drawn, and said to be.
  assert.match(await page.locator('figure:has([data-testid="main-view"]) figcaption').innerText(), /where the generated points were before the last step/);

  await page.click('[data-testid="d-step"]');
  await page.locator('.note', { hasText: 'D was updated' }).waitFor();
  await eventually('D to change', async () => (await graph(page)).dx !== afterG.dx);
  const afterD = await graph(page);
  assert.deepEqual(afterD.gz, afterG.gz, 'D step: G(z) stayed where it was');
  assert.notEqual(afterD.dgz, afterG.dgz, 'D step: D\'s verdict on G(z) changed');
  assert.equal(afterD.step, afterG.step, 'a D update alone is no training step');

  // Twice more each way, the same.
  for (let i = 0; i < 2; i++) {
    const a = await graph(page);
    await press(page, 'g-step');
    const b = await graph(page);
    assert.ok(b.gz.some((c, k) => c !== a.gz[k]) && b.dx === a.dx, `G step ${i + 2}`);
    await page.click('[data-testid="d-step"]');
    await eventually(`D step ${i + 2}`, async () => (await graph(page)).dx !== b.dx);
    assert.deepEqual((await graph(page)).gz, b.gz, `D step ${i + 2}`);
  }
  // The keys G and D do the same.
  const c = await graph(page);
  await page.keyboard.press('g');
  await eventually('the key G: one G step', async () => (await value(page, 'step')) === c.step + 1);
  assert.equal((await graph(page)).dx, c.dx, 'the key G: D unchanged');
  await page.keyboard.press('d');
  await eventually('the key D: D changed', async () => (await graph(page)).dx !== c.dx);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the arrows show the true gradient size on a fixed scale when asked, and the speed control slows play down', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/playground?data=ring`);
  await measured(page);
  const scale = () => value(page, 'arrow-scale');
  // Rescaled to the longest arrow, a tenth of the box stands for 0.2 × the longest push / 0.16; on the fixed scale for 0.2 / 0.05.
  const auto = await scale();
  await page.selectOption('[data-testid="arrow-scale-mode"]', 'fixed');
  await eventually('the fixed scale', async () => (await scale()) === 4);
  assert.notEqual(auto, 4);

  await page.selectOption('[data-testid="speed"]', '2');
  await page.click('[data-testid="play"]');
  await new Promise((r) => setTimeout(r, 3000));
  const steps = await value(page, 'step');
  await page.click('[data-testid="play"]');
  assert.ok(steps >= 3 && steps <= 7, `2 steps/s for 3 s took ${steps} steps`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('G\'s noise grid over the main view is a layer of its own, D has a colour scale, and each metric has its own chart with knob changes marked', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/playground?data=ring`);
  await measured(page);
  await page.getByTestId('heat-scale').waitFor();
  // Over a white plane (D's heat map, the generated points and the arrows hidden), the grid's lines are the noise colour, antialiased;
  // the untrained G folds the whole grid into a small patch.
  for (const layer of ['heat', 'generated', 'arrows']) await page.uncheck(`[data-testid="layer-${layer}"]`);
  const grid = () => pixelsOf(page, 'main-view', NOISE, true);
  await eventually('no heat map', async () => (await page.getByTestId('heat-scale').count()) === 0);
  const without = await grid();
  await page.check('[data-testid="layer-grid"]');
  await eventually('the noise grid drawn', async () => (await grid()) > without + 100);

  const charts = await page.locator('section.playground .chart').evaluateAll((all) => all.map((c) => c.getAttribute('data-metric')));
  assert.deepEqual(charts, ['d_loss', 'g_loss', 'jsd', 'kl', 'w1', 'modes']);
  // A learning rate changed during training is marked on every chart.
  await page.click('[data-testid="play"]');
  await eventually('training', async () => (await value(page, 'step')) >= 10);
  const lr = page.locator('[data-testid="knob-generatorLr"]');
  await lr.fill('0.002');
  await lr.press('Tab');
  await page.locator('section.playground .chart[data-metric="jsd"][data-marks="1"]').waitFor();
  assert.equal(await page.locator('section.playground .chart[data-marks="1"]').count(), 6);
  await page.click('[data-testid="play"]');
  assert.deepEqual(errors, []);
  await page.close();
});
