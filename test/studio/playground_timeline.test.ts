// The playground's timeline (issue 23, item 2): a kept step comes back exactly (D at the model
// graph's real point, D's heat map and G's map as they were drawn at that step), training from it
// goes on as the first line did (the optimisers' state came back too), a branch with another knob
// trains on from that step, and restores and branches leave no tensor behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { canvasBytes, eventually, emptyStudio, newPage } from './browser.ts';
import { measured, tensorCount, value } from './playground_reading.ts';

const studio = emptyStudio('timeline');
const errors: string[] = [];

const step = (page: Page) => value(page, 'step');
const graph = (page: Page, id: string) => page.getAttribute(`[data-testid="graph-${id}"]`, 'data-value').then((v) => JSON.parse(v!));
const keptSteps = (page: Page) => page.getAttribute('[data-testid="timeline"]', 'data-steps').then((v) => v!.split(',').map(Number));

/** What the page shows of the networks now: D at the real point, G of the fixed noise, and the two pictures. */
const looks = async (page: Page) => ({
  dx: await graph(page, 'dx') as number, gz: await graph(page, 'gz') as number[],
  main: await canvasBytes(page, 'main-view'), noise: await canvasBytes(page, 'noise-view'),
});

/** One training step with the N key, waiting for its picture. */
async function oneStep(page: Page): Promise<void> {
  const from = await step(page);
  await page.keyboard.press('n');
  await eventually(`step ${from + 1}`, async () => (await step(page)) === from + 1);
}

/** Waits for the training under way to reach step `atLeast`, then pauses. */
async function pauseAt(page: Page, atLeast: number): Promise<void> {
  await eventually(`training to step ${atLeast}`, async () => (await step(page)) >= atLeast, 60000);
  await page.click('[data-testid="play"]');
  await eventually('the page to pause', async () => (await page.textContent('[data-testid="play"]')) === 'Play');
}

async function trainTo(page: Page, atLeast: number): Promise<void> {
  await page.click('[data-testid="play"]');
  await pauseAt(page, atLeast);
}

/** Drags the slider to the kept step `at` and waits for the page to show it, paused. */
async function rewindTo(page: Page, at: number): Promise<void> {
  const index = (await keptSteps(page)).indexOf(at);
  assert.ok(index >= 0, `step ${at} is kept (${await keptSteps(page)})`);
  await page.fill('[data-testid="timeline"]', String(index));
  await eventually(`the page at step ${at}`, async () => (await step(page)) === at);
  assert.equal(await page.textContent('[data-testid="play"]'), 'Play', 'looking back pauses');
}

test('a kept step comes back exactly, trains on as it did, and branches with another knob', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/playground?data=ring&seed=3`);
  await measured(page);
  // Ghosts show the step before the last single step, which a restored step has not: off, so that the pictures compare.
  await page.uncheck('[data-testid="layer-ghosts"]');
  const every = Number(await page.getAttribute('[data-testid="timeline"]', 'data-every'));
  for (let i = 0; i < every; i++) await oneStep(page);
  const atK = await looks(page);
  await oneStep(page);
  const next = await looks(page);

  await trainTo(page, 6 * every);
  const tensors = await tensorCount(page);
  await rewindTo(page, every);
  const back = await looks(page);
  assert.equal(back.dx, atK.dx, 'D at the real point');
  assert.deepEqual(back.gz, atK.gz, 'G of the fixed noise');
  assert.ok(back.main.every((v, i) => v === atK.main[i]), 'D\'s heat map and the points, pixel for pixel');
  assert.ok(back.noise.every((v, i) => v === atK.noise[i]), 'G\'s map, pixel for pixel');
  assert.match(await page.locator('.timeline').innerText(), /showing step \d+ of \d+ · \d+ snapshots, every \d+ steps, [\d.]+ MB/);

  // The next step from there is the one the first line took: weights, optimisers and draws all came back.
  await oneStep(page);
  const again = await looks(page);
  assert.equal(again.dx, next.dx, 'D after the step');
  assert.deepEqual(again.gz, next.gz, 'G after the step');
  assert.ok(Math.max(...await keptSteps(page)) <= every + 1, `the old line's later snapshots are dropped (${await keptSteps(page)})`);

  // A branch from step `every` with G's rate doubled trains on from there.
  await trainTo(page, 4 * every);
  await rewindTo(page, every);
  const input = page.locator('[data-testid="knob-generatorLr"]');
  await input.fill('0.002');
  await input.press('Tab');
  assert.equal(await step(page), every, 'a knob change keeps the step looked at');
  // Two steps a second, so that the branch's first steps can be read.
  await page.selectOption('[data-testid="speed"]', '2');
  await page.click('[data-testid="branch"]');
  const first = await step(page);
  assert.ok(first === every || first === every + 1, `the branch starts at step ${every} (shows ${first})`);
  await pauseAt(page, every + 2);
  const now = await step(page);
  assert.deepEqual((await keptSteps(page)).filter((s) => s > every), [now], 'the old line\'s later snapshots are dropped');
  assert.match(page.url(), /lrg=0\.002/);
  await page.selectOption('[data-testid="speed"]', '0');

  // Restores and branches replace tensors, never add them.
  for (let i = 0; i < 4; i++) {
    await trainTo(page, (await step(page)) + 2 * every);
    const kept = (await keptSteps(page)).filter((s) => s > 0);
    await rewindTo(page, kept[i % (kept.length - 1)]);
    const from = await step(page);
    await page.click('[data-testid="branch"]');
    await pauseAt(page, from + 3);
    assert.equal(await tensorCount(page), tensors, `tensors after restore and branch ${i + 1}`);
  }
  assert.deepEqual(await page.locator('.problem').allInnerTexts(), []);
  assert.deepEqual(errors, []);
  await page.close();
});
