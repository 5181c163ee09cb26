// The playground's knobs against a running training, in a browser: the absolute loss with R1
// trains without NaN; a training knob (learning rate, loss) applies to the networks being trained,
// which keep their weights and step count; a new layer size restarts from the seed's initial
// weights and the page says so; and the downloaded generator is a ganforge export that ganforge's
// own loader and the studio's model explorer open.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { useBackend } from '../../src/engine/backend.ts';
import { drawLatent, generate, loadGenerator } from '../../src/run/generator_file.ts';
import { Rng } from '../../src/random/prng.ts';
import { startStudio, type Studio } from '../../src/studio/server.ts';
import { eventually, GENERATED, launchBrowser, newPage, pixelsOf } from './browser.ts';
import { tensorCount, value } from './playground_reading.ts';

let studio: Studio, browser: Browser;
const errors: string[] = [];

before(async () => {
  // The downloaded generator is loaded back in Node, on ganforge's backend.
  await useBackend();
  studio = await startStudio({ runsDir: mkdtempSync(join(tmpdir(), 'ganforge-studio-knobs-')), port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await studio?.close();
});

const query = (page: Page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1]);

async function trainUntil(page: Page, step: number): Promise<void> {
  await page.click('[data-testid="play"]');
  await eventually(`step ${step}`, async () => (await value(page, 'step')) >= step);
  await page.click('[data-testid="play"]');
  await eventually('the page to pause', async () => (await page.textContent('[data-testid="play"]')) === 'Play');
}

/** Types into a knob's input and leaves it, as a person commits a value. */
async function setKnob(page: Page, knob: string, text: string): Promise<void> {
  const input = page.locator(`[data-testid="knob-${knob}"]`);
  await input.fill(text);
  await input.press('Tab');
}

test('training knobs apply to the running training, a new network restarts it, and the generator downloads as a ganforge export the explorer opens', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/playground?data=ring&loss=absolute&r1=2`);
  await page.locator('[data-testid="jsd"][data-value]:not([data-value=""])').waitFor({ timeout: 30000 });
  const untrained = await value(page, 'jsd');

  // The absolute loss with R1 trains: the page stops with an error on NaN points.
  await trainUntil(page, 40);
  const step = await value(page, 'step'), jsd = await value(page, 'jsd'), tensors = await tensorCount(page);
  assert.ok(Number.isFinite(jsd) && jsd !== untrained, `JSD ${untrained} -> ${jsd} after ${step} steps of the absolute loss with R1`);
  assert.equal(await page.locator('.problem').count(), 0, 'the absolute loss with R1 stopped training');

  // A learning rate and a loss apply to the same networks: the step and G's samples (hence JSD) stay.
  await setKnob(page, 'generatorLr', '0.002');
  await page.selectOption('[data-testid="knob-loss"]', 'least-squares');
  await eventually('the URL naming the new rate and loss', async () => query(page).get('lrg') === '0.002' && query(page).get('loss') === null);
  assert.equal(await value(page, 'step'), step);
  assert.equal(await value(page, 'jsd'), jsd);
  await trainUntil(page, step + 20);
  assert.equal(await page.locator('.note', { hasText: 'Restarted' }).count(), 0);
  assert.equal(await page.locator('.problem').count(), 0);
  // The replaced G optimiser is disposed: as many tensors as before, its new slots in place of the old.
  assert.equal(await tensorCount(page), tensors);

  // The download is model.json, the weights it names and manifest.json, as ganforge exports a generator.
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.click('text=Download the generator');
  await eventually('three files downloaded', async () => downloads.length === 3);
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-playground-download-'));
  for (const d of downloads) await d.saveAs(join(dir, d.suggestedFilename()));
  assert.deepEqual(downloads.map((d) => d.suggestedFilename()).sort(), ['manifest.json', 'model.json', 'weights.bin']);
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(modelJson.weightsManifest.map((g: { paths: string[] }) => g.paths), [['weights.bin']]);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const { labelNames, valueRange, ...fields } = manifest;
  assert.deepEqual(fields, {
    format: 'ganforge-generator', version: 1, family: 'gan', architecture: 'mlp', sampleShape: [2],
    latent: { dim: 2, distribution: 'normal', scale: 1 }, inputs: ['z'], conditional: false, numClasses: 8,
    data: 'toy:ring', step: await value(page, 'step'), seed: 0, ema: false,
  });
  assert.equal(labelNames.length, 8);
  assert.deepEqual(valueRange, { min: [-2.5, -2.5], max: [2.5, 2.5] });
  // ganforge's loader (ganforge sample's) opens it and draws points of the manifest's shape from its prior.
  const generator = await loadGenerator(dir);
  const points = generate(generator, drawLatent(generator.manifest, 100, new Rng(1)));
  assert.deepEqual(generator.model.outputs[0].shape, [null, ...manifest.sampleShape]);
  assert.equal(points.length, 100 * 2);
  assert.ok(points.every(Number.isFinite));
  generator.model.dispose();

  // The model explorer opens the three files as a person picks them, and draws the generator's points.
  const explorer = await newPage(browser, errors);
  await explorer.goto(`${studio.url}#/explore`);
  await explorer.locator('input[aria-label="model files"]').setInputFiles(['model.json', 'weights.bin', 'manifest.json'].map((f) => join(dir, f)));
  await explorer.getByTestId('samples-plot').waitFor({ timeout: 30000 });
  assert.match(await explorer.locator('.facts').innerText(), new RegExp(`trained on toy:ring · step ${manifest.step} `));
  assert.equal(await explorer.getByTestId('sample-count').innerText(), '1000');
  assert.ok(await pixelsOf(explorer, 'samples-plot', GENERATED) > 100, 'too few sample pixels');
  assert.equal(await explorer.locator('.problem').count(), 0);
  await explorer.close();

  // A new layer size restarts, says why, and with the seed unchanged starts from the same weights as before.
  await setKnob(page, 'generatorHidden', '32');
  await page.locator('.note', { hasText: 'Restarted: the network changed.' }).waitFor();
  await eventually('the step counter back at 0', async () => (await value(page, 'step')) === 0);
  assert.equal(query(page).get('g'), '32');
  await setKnob(page, 'generatorHidden', '64,64');
  await eventually('the first network back', async () => (await value(page, 'jsd')) === untrained);
  assert.deepEqual(errors, []);
  await page.close();
});
