// The playground's training against what a learner does while it runs (issue 26): Reset, new
// data and new seeds during play never stop it with an error and never leak a session's tensors;
// a visit to another page keeps the training; a drawn stroke joins the running training.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, emptyStudio, newPage } from './browser.ts';
import { measured, tensorCount, value } from './playground_reading.ts';

const studio = emptyStudio('session');
const errors: string[] = [];

const step = (page: Page) => value(page, 'step');
const banners = (page: Page) => page.locator('.problem').allInnerTexts();

/** The step counter rises by `by` from what it shows now: training goes on (a banner fails at once, naming its error). */
async function trainsOn(page: Page, what: string, by = 2): Promise<void> {
  const from = await step(page);
  await eventually(`training going on after ${what} (step ${from} + ${by})`, async () => {
    const shown = await banners(page);
    if (shown.length) throw new Error(`after ${what}: ${shown.join(' ')}`);
    return (await step(page)) >= from + by;
  });
}

async function setKnob(page: Page, knob: string, text: string): Promise<void> {
  const input = page.locator(`[data-testid="knob-${knob}"]`);
  await input.fill(text);
  await input.press('Tab');
}

async function pause(page: Page): Promise<void> {
  await page.click('[data-testid="play"]');
  await eventually('the page to pause', async () => (await page.textContent('[data-testid="play"]')) === 'Play');
}

test('Reset, new data and new seeds during play, 10 times each: training goes on, with no error and no leaked tensors', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/playground?data=ring`);
  await measured(page);
  // The tensors of a session on the ring that has trained (its optimisers' slots made), paused.
  await page.click('[data-testid="play"]');
  await trainsOn(page, 'Play', 5);
  await pause(page);
  const tensors = await tensorCount(page);
  await page.click('[data-testid="play"]');

  const data = ['grid', 'gaussian1d', 'moons', 'bimodal1d', 'spiral'];
  for (let i = 0; i < 10; i++) {
    await page.click('[data-testid="reset"]');
    await trainsOn(page, `Reset ${i + 1}`);
    await page.selectOption('[data-testid="knob-data"]', data[i % data.length]);
    await trainsOn(page, `new data ${i + 1} (${data[i % data.length]})`);
    await setKnob(page, 'seed', String(i + 1));
    await trainsOn(page, `seed ${i + 1}`);
    assert.deepEqual(await banners(page), [], `after round ${i + 1}`);
  }
  assert.equal(await page.textContent('[data-testid="play"]'), 'Pause');

  // Back on the first set-up, trained and paused again: every replaced session was disposed.
  await page.selectOption('[data-testid="knob-data"]', 'ring');
  await setKnob(page, 'seed', '0');
  await trainsOn(page, 'the first set-up', 5);
  await pause(page);
  assert.equal(await tensorCount(page), tensors, '30 restarts left tensors behind');
  assert.deepEqual(await banners(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('after a failure, Reset clears its banner and Play trains on', async () => {
  const page = await newPage(studio.browser, errors);
  // SGD at a huge rate with the least-squares loss: the generated points turn NaN within a few steps.
  await page.goto(`${studio.url}#/playground?data=ring&opt=sgd&lrg=1&lrd=1`);
  await measured(page);
  await page.click('[data-testid="play"]');
  await page.locator('.problem', { hasText: 'turned NaN' }).waitFor();
  await setKnob(page, 'generatorLr', '0.001');
  await setKnob(page, 'discriminatorLr', '0.001');
  await page.click('[data-testid="reset"]');
  assert.deepEqual(await banners(page), [], 'Reset starts again from new weights');
  await page.click('[data-testid="play"]');
  await trainsOn(page, 'Play');
  assert.deepEqual(await banners(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a visit to another page keeps the training: its set-up, weights and step, playing on when the learner comes back', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/playground?data=grid&seed=5`);
  await measured(page);
  await setKnob(page, 'generatorLr', '0.002');
  await page.click('[data-testid="play"]');
  await trainsOn(page, 'Play', 20);

  const back = async (how: string, leave: () => Promise<unknown>, comeBack: () => Promise<unknown>) => {
    const before = await step(page);
    await leave();
    await page.locator('h1', { hasText: 'Runs' }).waitFor();
    await comeBack();
    await measured(page);
    assert.ok(await step(page) >= before, `${how}: the step went from ${before} to ${await step(page)}`);
    assert.equal(await page.inputValue('[data-testid="knob-data"]'), 'grid', how);
    assert.equal(await page.inputValue('[data-testid="knob-seed"]'), '5', how);
    assert.equal(Number(await page.inputValue('[data-testid="knob-generatorLr"]')), 0.002, how);
    assert.match(page.url(), /#\/playground\?.*lrg=0\.002/, how);
    assert.equal(await page.textContent('[data-testid="play"]'), 'Pause', how);
    await trainsOn(page, how);
  };
  await back('the Runs link, then the Playground link', () => page.click('nav a:text("Runs")'), () => page.click('nav a:text("Playground")'));
  await back('the Runs link, then Back', () => page.click('nav a:text("Runs")'), () => page.goBack());

  // A set-up typed into the address bar is a new start.
  await page.goto(`${studio.url}#/playground?data=moons`);
  await measured(page);
  assert.equal(await page.inputValue('[data-testid="knob-data"]'), 'moons');
  assert.equal(await step(page), 0);
  assert.deepEqual(await banners(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a drawn stroke joins the running training: the step count goes on and the new points become modes', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/playground?data=drawn&pts=-0.5,0.5;0.5,0.5`);
  await measured(page);
  await page.locator('[data-testid="modes"]', { hasText: '/2' }).waitFor();
  await page.click('[data-testid="play"]');
  await trainsOn(page, 'Play', 10);

  // A drag across the lower half of the picture, as a person draws it.
  const box = (await page.locator('[data-testid="main-view"]').boundingBox())!;
  const before = await step(page);
  await page.mouse.move(box.x + 0.25 * box.width, box.y + 0.75 * box.height);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + (0.25 + 0.05 * k) * box.width, box.y + 0.75 * box.height);
  await page.mouse.up();
  const pts = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('pts')!.split(';').length;
  await eventually('the stroke\'s points in the URL', async () => pts() > 2);
  const drawn = pts();
  await page.locator('[data-testid="modes"]', { hasText: `/${drawn}` }).waitFor();
  assert.ok(await step(page) >= before, `the stroke restarted training: step ${before} -> ${await step(page)}`);
  await trainsOn(page, 'the stroke');
  assert.equal(await page.locator('.note', { hasText: 'Restarted' }).count(), 0);
  assert.deepEqual(await banners(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});
