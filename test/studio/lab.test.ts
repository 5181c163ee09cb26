// The lab in a browser, as a person uses it: the four families train side by side on the ring of
// 8 Gaussians and each one's JSD to the true density falls within a bounded number of updates,
// without leaking tensors; the set-up round-trips through the URL (drawn points too); and each
// downloaded model is a ganforge export whose manifest names its family (a diffusion model's with
// its schedule and sampler).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { emptyStudio, eventually, newPage, screenshot } from './browser.ts';
import { tensorCount, value } from './playground_reading.ts';

const studio = emptyStudio('lab');
const errors: string[] = [];

const FAMILIES = ['gan', 'vae', 'gmn', 'diffusion'] as const;
/** Learning rates a little higher than the defaults, so that each family moves within a short run. */
const FAST = 'glr=0.003&vlr=0.005&mlr=0.005&dlr=0.005';
/**
 * Updates each family trains before its JSD is read, and the share of its untrained JSD (0.69) it
 * must fall below. Measured after 120 updates on a loaded 2-core machine: the GAN 0.52, the VAE
 * 0.41, the GMN 0.45, the diffusion model 0.34 to 0.45.
 */
const STEPS = 120, FALL = 0.85;

const measuredAll = (page: Page) => Promise.all(FAMILIES.map((f) => page.locator(`[data-testid="lab-${f}-jsd"][data-value]:not([data-value=""])`).waitFor({ timeout: 60000 })));

test('in the lab, the GAN, the VAE, the GMN and the diffusion model each learn the ring: their JSD to the truth falls', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/lab?data=ring&${FAST}`);
  await measuredAll(page);
  const start = Object.fromEntries(await Promise.all(FAMILIES.map(async (f) => [f, await value(page, `lab-${f}-jsd`)] as const)));
  await page.click('[data-testid="lab-play-all"]');
  // Counted once every model has trained a little: Adam makes its slots on the first update.
  let tensorsEarly: number | undefined;
  // Each panel is paused once it has trained its updates, so that every family's figure comes from a bounded run.
  const stopped = new Set<string>();
  await eventually('every family to train its updates', async () => {
    if (tensorsEarly === undefined && (await Promise.all(FAMILIES.map((f) => value(page, `lab-${f}-steps`)))).every((n) => n >= 5)) tensorsEarly = await tensorCount(page);
    for (const f of FAMILIES) {
      if (!stopped.has(f) && (await value(page, `lab-${f}-steps`)) >= STEPS) {
        await page.click(`[data-testid="lab-${f}-play"]`);
        stopped.add(f);
      }
    }
    return stopped.size === FAMILIES.length;
  }, 100000);
  await eventually('the lab to pause', async () => (await page.textContent('[data-testid="lab-play-all"]')) === 'Play all');
  const tensors = await tensorCount(page);
  for (const f of FAMILIES) {
    const end = await value(page, `lab-${f}-jsd`), steps = await value(page, `lab-${f}-steps`);
    console.log(`lab ${f}: ${steps} updates, JSD ${start[f].toFixed(3)} -> ${end.toFixed(3)}, W1 ${(await value(page, `lab-${f}-w1`)).toFixed(3)}, ${await page.textContent(`[data-testid="lab-${f}-rate"]`)} updates/s`);
    assert.ok(end < FALL * start[f], `${f}: JSD should fall below ${FALL} of its start: ${start[f]} -> ${end} after ${steps} updates`);
  }
  assert.ok(tensorsEarly !== undefined && tensors <= tensorsEarly + 8, `tensors grew from ${tensorsEarly} to ${tensors}`);
  await screenshot(page, 'lab', { fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the lab\'s set-up round-trips through the URL, a changed knob and a drawn point are written back', async () => {
  const page = await newPage(studio.browser, errors);
  await page.goto(`${studio.url}#/lab?data=spiral&seed=4&gloss=wgan-gp&vstd=0.2&mbw=2&dT=50&dsched=linear`);
  const knob = (k: string) => page.inputValue(`[data-testid="knob-${k}"]`);
  await measuredAll(page);
  assert.equal(await knob('data'), 'spiral');
  assert.equal(await knob('seed'), '4');
  assert.equal(await knob('ganLoss'), 'wgan-gp');
  assert.equal(Number(await knob('vaeStd')), 0.2);
  assert.equal(Number(await knob('gmnBandwidth')), 2);
  assert.equal(await knob('diffusionSteps'), '50');
  assert.equal(await knob('diffusionSchedule'), 'linear');
  // The slider covers the schedule's T.
  assert.equal(await page.getAttribute('[data-testid="lab-diffusion-t"]', 'max'), '50');
  const query = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
  assert.deepEqual(Object.fromEntries(query()), { data: 'spiral', seed: '4', gloss: 'wgan-gp', vstd: '0.2', mbw: '2', dT: '50', dsched: 'linear' });
  const input = page.locator('[data-testid="knob-vaeStd"]');
  await input.fill('0.3');
  await input.press('Tab');
  await eventually('the new knob in the URL', async () => query().get('vstd') === '0.3');
  assert.equal(query().get('dT'), '50');

  // A drawn distribution: empty, nothing trains; a click draws a point, which the URL keeps and all four models learn.
  await page.goto(`${studio.url}#/lab?data=drawn`);
  await page.locator('[data-testid="lab-drawing"]').waitFor();
  assert.equal(await page.isDisabled('[data-testid="lab-play-all"]'), true);
  const box = (await page.locator('[data-testid="lab-drawing"]').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25);
  await eventually('the drawn point in the URL', async () => query().get('pts') !== null);
  const [x, y] = query().get('pts')!.split(',').map(Number);
  assert.ok(x > 0.4 && x < 0.8 && y > 0.4 && y < 0.8, `the point drawn up right landed at ${x}, ${y}`);
  await measuredAll(page);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The three files a panel's Download saves, by name. */
async function downloads(page: Page, family: string): Promise<Record<string, string>> {
  const saved: Download[] = [];
  const listener = (d: Download) => saved.push(d);
  page.on('download', listener);
  await page.click(`[data-testid="lab-${family}-download"]`);
  await eventually(`the ${family}'s three files`, async () => saved.length === 3);
  page.off('download', listener);
  const files: Record<string, string> = {};
  for (const d of saved) files[d.suggestedFilename()] = readFileSync((await d.path())!, 'latin1');
  return files;
}

test('each family downloads as ganforge exports it: a VAE its decoder, a diffusion model its denoiser with its schedule and sampler', async () => {
  let page: Page | undefined;
  // Two families a page: Chromium stops a page's automatic downloads after about ten files.
  for (const family of ['diffusion', 'vae', 'gan', 'gmn']) {
    if (family === 'diffusion' || family === 'gan') {
      await page?.close();
      page = await newPage(studio.browser, errors);
      await page.goto(`${studio.url}#/lab?data=moons&dT=40`);
      await measuredAll(page);
    }
    if (family === 'diffusion') {
      const p = page!;
      await p.click('[data-testid="lab-diffusion-step"]');
      await eventually('a diffusion update', async () => (await value(p, 'lab-diffusion-steps')) === 1);
    }
    const files = await downloads(page!, family);
    assert.deepEqual(Object.keys(files).sort(), ['manifest.json', 'model.json', 'weights.bin']);
    const manifest = JSON.parse(files['manifest.json']), model = JSON.parse(files['model.json']);
    assert.equal(manifest.format, 'ganforge-generator');
    assert.equal(manifest.family, family);
    assert.deepEqual(manifest.sampleShape, [2]);
    assert.equal(manifest.data, 'toy:moons');
    // weights.bin holds every weight the model's manifest lists (float32).
    const floats = model.weightsManifest.flatMap((g: { weights: { shape: number[] }[] }) => g.weights).reduce((n: number, w: { shape: number[] }) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    assert.equal(files['weights.bin'].length, 4 * floats, `${family}: weights.bin's size`);
    if (family === 'diffusion') {
      assert.deepEqual(manifest.inputs, ['x_t', 't']);
      assert.equal(manifest.latent, undefined);
      assert.deepEqual(manifest.diffusion, { schedule: 'cosine', timesteps: 40, sampler: { method: 'ddim', steps: 10, eta: 0 } });
      assert.equal(manifest.step, 1);
    } else {
      assert.deepEqual(manifest.inputs, ['z']);
      assert.deepEqual(manifest.latent, { dim: 2, distribution: 'normal', scale: 1 });
      // The VAE's export is its decoder: z in, a point out.
      assert.deepEqual(model.modelTopology.config.layers[0].config.batch_input_shape, [null, 2]);
    }
  }
  assert.deepEqual(errors, []);
  await page!.close();
});
