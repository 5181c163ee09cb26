// The playground in a browser, as a person uses it: it trains a small GAN on the ring of 8
// Gaussians for a few hundred steps and its measured JSD to the true density falls, without
// leaking tensors; a set-up in the URL restores the knobs, the step-by-step mode does k D updates
// and then a G update, and changed knobs and drawn points land in the URL. (Knobs changed during
// training and the generator's download: playground_knobs.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, emptyStudio, newPage, screenshot } from './browser.ts';
import { tensorCount, value } from './playground_reading.ts';

const studio = emptyStudio('playground');
const errors: string[] = [];

test('the playground trains a GAN on the 2-D ring for a few hundred steps and its JSD to the truth falls', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/playground?data=ring`);
  await page.locator('[data-testid="jsd"][data-value]:not([data-value=""])').waitFor({ timeout: 30000 });
  const start = await value(page, 'jsd');
  const tensorsAtStart = await tensorCount(page);
  assert.ok(start > 0.4, `an untrained generator should be far from the ring (JSD ${start})`);

  await page.click('[data-testid="play"]');
  await eventually('600 training steps', async () => (await value(page, 'step')) >= 600, 50000);
  await page.click('[data-testid="play"]');
  await eventually('the page to pause', async () => (await page.textContent('[data-testid="play"]')) === 'Play');
  const end = await value(page, 'jsd');
  const steps = await value(page, 'step');
  console.log(`playground: ${steps} steps, JSD ${start.toFixed(3)} -> ${end.toFixed(3)}, modes ${await page.textContent('[data-testid="modes"]')}`);
  assert.ok(end < 0.5 * start, `JSD should fall well below its start: ${start} -> ${end} after ${steps} steps`);
  // Tensors stay flat while training (the models' weights and the optimisers' slots are all that persist).
  const tensors = await tensorCount(page);
  assert.ok(tensors < tensorsAtStart + 40, `tensors grew from ${tensorsAtStart} to ${tensors}`);
  await screenshot(page, 'playground', { fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('on WebGL (emulated in software here) the playground computes what the CPU computes', async () => {
  // The same seed and updates on both backends: the generated points, and so their sliced W1 to the ring, agree.
  const w1After = async (backend: string) => {
    const page = await newPage(studio.browser, errors);
    await page.goto(`${studio.url}?backend=${backend}#/playground?data=ring&seed=3`);
    await page.locator('h1', { hasText: backend === 'webgl' ? 'on WebGL' : 'on the CPU' }).waitFor();
    await page.check('[data-testid="stepwise"]');
    for (let i = 0; i < 10; i++) await page.click('[data-testid="next-update"]');
    await eventually('five generator steps', async () => (await value(page, 'step')) === 5);
    const w1 = await value(page, 'w1');
    await page.close();
    return w1;
  };
  const [cpu, webgl] = [await w1After('cpu'), await w1After('webgl')];
  console.log(`playground after 5 D and 5 G updates: W1 ${cpu} (CPU), ${webgl} (WebGL)`);
  assert.ok(Math.abs(cpu - webgl) < 1e-5 * cpu, `WebGL and the CPU should train the same networks alike: W1 ${webgl} against ${cpu}`);

  // With the same updates as on the CPU, WebGL trains as the CPU does (the test above: JSD falls).
  assert.deepEqual(errors, []);
});

test('a backend the studio does not run on is named in the page', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}?backend=webgpu#/playground`);
  await page.locator('.problem', { hasText: '?backend=webgpu is not a backend the studio runs on; use ?backend=webgl or ?backend=cpu.' }).waitFor();
  await page.close();
});

test('a set-up in the URL restores the knobs, and a changed knob is written back to the URL', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/playground?data=gaussian1d&loss=wgan-gp&k=4&opt=rmsprop&lrg=0.0005&gp=5&prior=uniform&z=1&g=16,8`);
  const knob = (k: string) => page.inputValue(`[data-testid="knob-${k}"]`);
  await page.locator('[data-testid="knob-data"]').waitFor();
  assert.equal(await knob('data'), 'gaussian1d');
  assert.equal(await knob('loss'), 'wgan-gp');
  assert.equal(await knob('dSteps'), '4');
  assert.equal(await knob('optimizer'), 'rmsprop');
  assert.equal(Number(await knob('generatorLr')), 0.0005);
  assert.equal(Number(await knob('gradientPenalty')), 5);
  assert.equal(await knob('noisePrior'), 'uniform');
  assert.equal(await knob('latentDim'), '1');
  assert.equal(await knob('generatorHidden'), '16,8');

  // Step by step: k D updates, then a G update, each shown on its own.
  await page.check('[data-testid="stepwise"]');
  const next = page.locator('[data-testid="next-update"]');
  for (let i = 1; i <= 4; i++) {
    await next.filter({ hasText: `Next: D update (${i} of 4)` }).click();
    await page.locator('.note', { hasText: 'D was updated' }).waitFor();
  }
  await next.filter({ hasText: 'Next: G update' }).click();
  await page.locator('.note', { hasText: 'G was updated' }).waitFor();
  await eventually('one generator step', async () => (await value(page, 'step')) === 1);

  await page.selectOption('[data-testid="knob-loss"]', 'hinge');
  await eventually('the URL naming the new loss', async () => new URL(page.url()).hash.includes('loss=hinge'));
  const shared = page.url();
  const again = await newPage(studio.browser, errors);
  await again.goto(shared);
  await again.locator('[data-testid="knob-loss"]').waitFor();
  assert.equal(await again.inputValue('[data-testid="knob-loss"]'), 'hinge');
  assert.equal(await again.inputValue('[data-testid="knob-dSteps"]'), '4');

  // Points clicked on the picture become the drawn distribution, and go into the URL too.
  await again.selectOption('[data-testid="knob-data"]', 'drawn');
  const view = again.locator('[data-testid="main-view"]');
  // The box [-1, 1]^2 fills the 420 px canvas less its margin of 0.15 box units a side (studio/src/playground/frame.ts).
  const px = (c: number) => 210 + (c * 210) / 1.15;
  await view.click({ position: { x: px(-0.5), y: px(-0.5) } });
  await view.click({ position: { x: px(0.5), y: px(0.5) } });
  const drawn = () => new URLSearchParams(new URL(again.url()).hash.split('?')[1]).get('pts')?.split(';').map((p) => p.split(',').map(Number)) ?? [];
  await eventually('the URL naming both drawn points', async () => drawn().length === 2);
  // The canvas's border moves a click by a pixel or so.
  drawn().flat().forEach((c, i) => assert.ok(Math.abs(c - [-0.5, 0.5, 0.5, -0.5][i]) < 0.02, `drawn point ${JSON.stringify(drawn())}`));
  await again.locator('[data-testid="modes"]', { hasText: '/2' }).waitFor();
  assert.deepEqual(errors, []);
});
