// The model explorer in a browser: it draws what the exported model draws in Node (a generator of
// images or of toy points, a diffusion model's sampler run in the page), for the class or the
// caption the test picks, finds the nearest training images, and says in one sentence what is
// wrong with files that are not a ganforge model.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Browser, Page } from 'playwright-core';
import { validateConfig } from '../../src/config/load.ts';
import { fromUnitRange } from '../../src/data/dataset.ts';
import { loadToy } from '../../src/data/toy.ts';
import { loadDataset } from '../../src/data/spec.ts';
import { runChain } from '../../src/diffusion/ddpm.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { denoiserChain } from '../../src/run/denoiser_sampler.ts';
import { drawLatent, generate, loadGenerator, loadTextEncoder, sampleModel, type Generator } from '../../src/run/generator_file.ts';
import { saveLayersModel } from '../../src/io/model_files.ts';
import { Rng } from '../../src/random/prng.ts';
import { startStudio, type Studio } from '../../src/studio/server.ts';
import { buildSentenceEncoder, encodeSentences, saveSentenceEncoder, type SentenceEncoder } from '../../src/text/sentence_encoder.ts';
import { Vocabulary } from '../../src/text/tokenizer.ts';
import { train } from '../../src/run/loop.ts';
import { toByte } from '../../src/viz/index.ts';
import { canvasBytes, eventually, GENERATED, launchBrowser, newPage, NOISE, pixelsOf, screenshot } from './browser.ts';
import { manifest, writeRun } from './fake_runs.ts';

let runs: string, studio: Studio, browser: Browser;
let conditional: Generator, text: { generator: Generator; encoder: SentenceEncoder };
let ring: Generator, spiral: Generator, digitsDiffusion: Generator;
const errors: string[] = [];

const CAPTIONS = ['a thick seven', 'a thin one leaning left', 'a wide zero', "a t-shirt that doesn't fit", 'the digit 7 upright'];

/** A text-to-image model as ganforge exports one: a generator on [z, text] and its sentence encoder beside it. */
async function writeTextModel(dir: string): Promise<void> {
  const rng = new Rng(4);
  const encoder = buildSentenceEncoder(Vocabulary.fromCaptions(CAPTIONS), { wordDim: 8, units: 8, outputDim: 16 }, rng);
  await saveSentenceEncoder(encoder, join(dir, 'model', 'text-encoder'));
  const z = tf.input({ shape: [8], name: 'z' }), sentence = tf.input({ shape: [16], name: 'text' });
  const joined = tf.layers.concatenate().apply([z, sentence]);
  const pixels = tf.layers.dense({ units: 784, activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({ seed: 5 }) }).apply(joined);
  const image = tf.layers.reshape({ targetShape: [28, 28, 1] }).apply(pixels) as tf.SymbolicTensor;
  await saveLayersModel(tf.model({ inputs: [z, sentence], outputs: image }), join(dir, 'model'));
  writeFileSync(join(dir, 'model', 'manifest.json'), JSON.stringify(manifest({
    architecture: 'text-dcgan', latent: { dim: 8, distribution: 'normal', scale: 1 }, inputs: ['z', 'text'],
    text: { encoder: 'text-encoder', heldOutTemplates: [] },
  })));
  encoder.model.dispose();
}

before(async () => {
  process.env.GANFORGE_CACHE ??= mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
  // The native backend's OpenMP threads spin while they wait: beside another training job on a
  // 2-core machine that made the training below up to 30 times slower. Set before the addon loads.
  process.env.OMP_WAIT_POLICY ??= 'passive';
  runs = mkdtempSync(join(tmpdir(), 'ganforge-studio-explorer-'));
  await useBackend();
  // The models of the README's screenshots (this digits model, the ring and the spiral) are trained
  // until they draw what they model: digits of the class picked, points on the ring's mode of the
  // class, the spiral's arms (25 to 35 s in all on 2 cores). The digits U-Net trains a few steps,
  // enough for weights off their start. A small label embedding leaves the noise a say, so seeds
  // draw different digits.
  await train(validateConfig({
    name: 'digits', seed: 5, data: { source: 'mnist', limit: 512 },
    model: { architecture: 'cdcgan', embeddingDim: 8, latent: { dim: 16 }, generator: { channels: 16 }, discriminator: { channels: 16, minibatchStddev: true } },
    train: { steps: 250, batchSize: 32, gLr: 1e-3, dLr: 1e-3 }, remedies: { mismatchedLabels: 0.5, ema: { decay: 0.98 } },
    output: { logEvery: 50, sampleEvery: 250, checkpointEvery: 250, gridCount: 20, evaluate: false },
  }, 'test'), { out: join(runs, 'digits') });
  conditional = await loadGenerator(join(runs, 'digits'));
  const output = (steps: number) => ({ logEvery: steps, sampleEvery: steps, checkpointEvery: steps, gridCount: 8, evaluate: false });
  // A class-conditional MLP GAN on the ring, an ancestral-sampled diffusion model on the spiral, and a
  // class-conditional U-Net on digits sampled by DDIM.
  await train(validateConfig({
    name: 'ring', seed: 2, data: { source: 'toy', name: 'ring', count: 512 },
    model: { architecture: 'mlp', conditional: true, latent: { dim: 2 }, generator: { hidden: [32, 32] }, discriminator: { hidden: [32, 32], dropout: 0 } },
    train: { steps: 300, batchSize: 64, gLr: 2e-3, dLr: 2e-3 }, output: output(300),
  }, 'test'), { out: join(runs, 'ring') });
  await train(validateConfig({
    name: 'spiral', family: 'diffusion', seed: 2, data: { source: 'toy', name: 'spiral', count: 256 },
    model: { architecture: 'denoiser-mlp', hidden: [64, 64, 64], timeEmbeddingDim: 32, timesteps: 20, sampler: { method: 'ancestral' } },
    train: { steps: 2000, batchSize: 256, gLr: 3e-3, gBetas: [0.9, 0.999] }, remedies: { ema: { decay: 0.99 } }, output: output(2000),
  }, 'test'), { out: join(runs, 'spiral') });
  await train(validateConfig({
    name: 'digits-diffusion', family: 'diffusion', seed: 2, data: { source: 'mnist', limit: 64 },
    model: { architecture: 'denoiser-unet', channels: [4, 8], timeEmbeddingDim: 8, timesteps: 10, conditional: true, sampler: { method: 'ddim', steps: 5 } },
    train: { steps: 4, batchSize: 16, gLr: 1e-2 }, output: output(4),
  }, 'test'), { out: join(runs, 'digits-diffusion') });
  [ring, spiral, digitsDiffusion] = await Promise.all(['ring', 'spiral', 'digits-diffusion'].map((r) => loadGenerator(join(runs, r))));
  await writeTextModel(join(runs, 'captions'));
  const textGenerator = await loadGenerator(join(runs, 'captions'));
  text = { generator: textGenerator, encoder: await loadTextEncoder(textGenerator) };
  await writeRun(runs, 'bad-manifest', { config: { name: 'bad-manifest' }, manifest: '{"format": "ganforge-generator", ' });
  await writeRun(runs, 'no-schedule', { manifest: manifest({ family: 'diffusion', architecture: 'denoiser-unet', latent: undefined }), modelFiles: ['model.json', 'weights.bin'] });
  studio = await startStudio({ runsDir: runs, port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await studio?.close();
});

/**
 * Waits until the canvas shows `expected` (values in [-1, 1]) to within `tolerance` in 0..255, or
 * fails with the largest difference. A canvas not drawn yet (a diffusion chain still running) is waited for.
 */
async function assertShows(page: Page, testId: string, expected: Float32Array, tolerance = 3): Promise<void> {
  const want = Array.from(expected, toByte);
  let worst = Infinity;
  await eventually(`canvas ${testId} showing the Node sample`, async () => {
    const got = await canvasBytes(page, testId).catch(() => [] as number[]);
    worst = got.length === want.length ? Math.max(...got.map((g, i) => Math.abs(g - want[i]))) : Infinity;
    return worst <= tolerance;
  }, 15000).catch((e) => { throw new Error(`${e.message}: largest pixel difference ${worst}`); });
}

test('the explorer draws the class the test picks, as the model draws it in Node, and the two classes differ', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/explore/digits`);
  const classes = page.locator('select[aria-label="class"]');
  await classes.waitFor({ timeout: 60000 });
  const z = drawLatent(conditional.manifest, 1, new Rng(0));
  const three = generate(conditional, z, Int32Array.of(3)), seven = generate(conditional, z, Int32Array.of(7));
  await classes.selectOption('3');
  await assertShows(page, 'sample', three);
  const threeOnPage = await canvasBytes(page, 'sample');
  await classes.selectOption('7');
  await assertShows(page, 'sample', seven);
  const sevenOnPage = await canvasBytes(page, 'sample');
  // A 3 and a 7 differ in hundreds of pixels by more than 3 levels: well beyond the backends' differences.
  assert.ok(threeOnPage.filter((b, i) => Math.abs(b - sevenOnPage[i]) > 3).length > 50, 'class 3 and class 7 draw the same image');
  assert.match(await page.getByTestId('backend').innerText(), /^(webgl|cpu)$/);

  // Interpolation at t = 0 is the "from" seed's sample; arithmetic at strength 0 is c's.
  await page.locator('input[aria-label="t"]').fill('0');
  await assertShows(page, 'interpolated', generate(conditional, drawLatent(conditional.manifest, 1, new Rng(1)), Int32Array.of(7)));
  await page.locator('input[aria-label="strength s"]').fill('0');
  await assertShows(page, 'arithmetic-result', generate(conditional, drawLatent(conditional.manifest, 1, new Rng(5)), Int32Array.of(7)));
  await page.locator('input[aria-label="t"]').fill('0.5');
  await page.locator('input[aria-label="strength s"]').fill('1');

  // The nearest training image is the one nearest in Node too.
  await page.click('text=Show the nearest training images');
  const cells = page.locator('[data-testid="neighbours"] .cell');
  await cells.nth(5).waitFor({ timeout: 30000 });
  const data = await loadDataset({ source: 'mnist', limit: 512 });
  const sample = Array.from(seven, toByte);
  let nearest = Infinity;
  for (let i = 0; i < data.count; i++) {
    let d2 = 0;
    for (let j = 0; j < 784; j++) { const d = sample[j] - toByte(data.x[i * 784 + j]); d2 += d * d; }
    nearest = Math.min(nearest, Math.sqrt(d2) / 127.5);
  }
  const shown = Number.parseFloat(await cells.first().innerText());
  assert.ok(Math.abs(shown - nearest) < 0.05, `nearest distance ${shown} on the page, ${nearest} in Node`);
  await screenshot(page, 'explorer', { fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('on WebGL (emulated in software here) the explorer draws the class picked as Node draws it', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}?backend=webgl#/explore/digits`);
  const classes = page.locator('select[aria-label="class"]');
  await classes.waitFor({ timeout: 60000 });
  assert.equal(await page.getByTestId('backend').innerText(), 'webgl');
  await classes.selectOption('3');
  await assertShows(page, 'sample', generate(conditional, drawLatent(conditional.manifest, 1, new Rng(0)), Int32Array.of(3)));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a text-to-image model: the page reads captions into the same ids as the Node tokenizer, names unknown words, and draws what Node draws', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/explore/captions`);
  const caption = page.locator('input[aria-label="caption"]');
  await caption.waitFor({ timeout: 60000 });
  const vocabulary = text.encoder.vocabulary;
  const cases = ['A THICK Seven', 'a thick, seven!', 'a t\u2010shirt that doesn\u2019t fit', 'a purple zebra seven', 'the digit 7 upright', 'ｓｅｖｅｎ ｗｉｄｅ'];
  for (const c of cases) {
    await caption.fill(c);
    const { ids, unknown } = vocabulary.encode(c);
    const known = Array.from(ids).filter((id) => id !== 0);
    await eventually(`the words of "${c}"`, async () => {
      const onPage = await page.locator('[data-testid="caption-words"] span').evaluateAll((spans) => spans.map((s) => (s as HTMLElement).dataset.id));
      return JSON.stringify(onPage.filter((id) => id !== '').map(Number)) === JSON.stringify(known);
    }, 5000);
    const warning = page.getByTestId('unknown-words');
    if (unknown.length) assert.match(await warning.innerText(), new RegExp(`^Unknown words? skipped: ${unknown.map((w) => `"${w}"`).join(', ')} `));
    else assert.equal(await warning.count(), 0);
  }
  const z = drawLatent(text.generator.manifest, 1, new Rng(0));
  const drawn = (c: string) => {
    const { embeddings } = encodeSentences(text.encoder, [c]);
    const rows = { embeddings: embeddings.dataSync().slice() as Float32Array };
    embeddings.dispose();
    return generate(text.generator, z, rows);
  };
  await caption.fill('a purple seven');
  await assertShows(page, 'sample', drawn('a purple seven'));
  // The caption, its words and the note on the unknown one (this model is untrained: its samples are noise).
  await page.setViewportSize({ width: 1280, height: 374 });
  await screenshot(page, 'text');
  await page.setViewportSize({ width: 1280, height: 900 });
  await caption.fill('a thin one leaning left');
  await assertShows(page, 'sample', drawn('a thin one leaning left'));
  await caption.fill('purple zebra');
  assert.match(await page.locator('.problem').innerText(), /^The caption "purple zebra" has no word the vocabulary knows \("purple", "zebra"\), so there is nothing to draw; describe the image with words from the vocabulary/);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The values of the page's table of first samples, row by row. */
async function firstSamples(page: Page): Promise<number[]> {
  return (await page.locator('[data-testid="first-samples"] td').allInnerTexts()).map(Number);
}

/** Waits until `read` gives `expected` (flat) to within `tolerance`, or fails with the largest difference. */
async function assertValues(what: string, read: () => Promise<number[]>, expected: ArrayLike<number>, tolerance = 1e-3): Promise<void> {
  let worst = Infinity;
  await eventually(what, async () => {
    const got = await read();
    worst = got.length === expected.length ? Math.max(...got.map((g, i) => Math.abs(g - expected[i]))) : Infinity;
    return worst <= tolerance;
  }, 20000).catch((e) => { throw new Error(`${e.message}: largest difference ${worst}`); });
}

const inDataUnits = (g: Generator, x: Float32Array) => fromUnitRange(x, g.manifest.valueRange!);

test('a GAN of toy points: the page draws the samples of a seed over the run\'s own data of the class picked, as ganforge sample draws them, and walks and grids of its noise', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/explore/ring`);
  const classes = page.locator('select[aria-label="class"]');
  await classes.waitFor({ timeout: 60000 });
  await classes.selectOption('3');
  const threes = (n: number) => new Int32Array(n).fill(3);
  // The first five of `ganforge sample runs/ring --n 1000 --seed 0 --label 3`, in the data's units, to the table's 4 decimals.
  await assertValues('the first samples', () => firstSamples(page), inDataUnits(ring, sampleModel(ring, 1000, new Rng(0), threes(1000))).subarray(0, 10));
  assert.equal(await page.getByTestId('sample-count').innerText(), '1000');
  assert.ok(await pixelsOf(page, 'samples-plot', GENERATED) > 100, 'too few sample pixels');
  // Under them, every training point of class 3 (of the run's 512, drawn again in the page from its config).
  const labels = loadToy('ring', { count: 512 }).labels!;
  await eventually('the training points of class 3', async () => (await page.getByTestId('real-count').innerText()) === String(labels.filter((l) => l === 3).length));

  // The walk's end at t = 0 is seed 1's sample; the grid of noise is drawn.
  await page.locator('input[aria-label="t"]').fill('0');
  const walkPoint = async () => (await page.getByTestId('walk-point').innerText()).split(', ').map(Number);
  await assertValues('the walk at t = 0', walkPoint, inDataUnits(ring, generate(ring, drawLatent(ring.manifest, 1, new Rng(1)), threes(1))));
  await eventually('the grid of noise', async () => (await pixelsOf(page, 'grid-plot', NOISE, true)) > 100);
  await screenshot(page, 'explorer-points', { fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a diffusion model of toy points: its own sampler run in the page draws what ganforge sample draws, as DDIM in fewer steps does, and walks start from a seed\'s noise', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/explore/spiral`);
  const count = page.locator('select[aria-label="samples"]');
  await count.waitFor({ timeout: 60000 });
  await count.selectOption('250');
  // Ancestral sampling draws new noise at each of its 20 steps, all from the seed's one stream.
  await assertValues('the first samples (ancestral)', () => firstSamples(page), inDataUnits(spiral, sampleModel(spiral, 250, new Rng(0))).subarray(0, 10));
  assert.ok(await pixelsOf(page, 'samples-plot', GENERATED) > 100, 'too few sample pixels');
  const ddim = (n: number, seed: number, steps: number) => {
    const x = runChain(denoiserChain(spiral.model, spiral.manifest, n, new Rng(seed), { ddimSteps: steps }));
    const values = x.dataSync().slice() as Float32Array;
    x.dispose();
    return inDataUnits(spiral, values);
  };
  await page.locator('select[aria-label="sampler"]').selectOption('ddim');
  await page.locator('input[aria-label="DDIM steps"]').fill('5');
  await assertValues('the first samples (DDIM in 5 steps)', () => firstSamples(page), ddim(250, 0, 5).subarray(0, 10));
  await page.locator('input[aria-label="t"]').fill('1');
  await assertValues('the walk at t = 1', async () => (await page.getByTestId('walk-point').innerText()).split(', ').map(Number), ddim(1, 2, 5));
  await eventually('the image of the noise grid', async () => (await pixelsOf(page, 'grid-plot', NOISE, true)) > 100);

  // For the README: 1000 samples by DDIM in all 20 steps (in 5 the arms blur), once every chain has finished.
  await count.selectOption('1000');
  await page.locator('input[aria-label="DDIM steps"]').fill('20');
  await assertValues('the first samples (DDIM in 20 steps)', () => firstSamples(page), ddim(1000, 0, 20).subarray(0, 10));
  await assertValues('the walk at t = 1 (DDIM in 20 steps)', async () => (await page.getByTestId('walk-point').innerText()).split(', ').map(Number), ddim(1, 2, 20));
  await eventually('every chain finished', async () => (await page.getByTestId('progress').count()) === 0 && (await page.getByText('waiting for its turn').count()) === 0);
  await screenshot(page, 'explorer-diffusion', { fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a class-conditional diffusion model of digits: DDIM run in the page draws the class picked as ganforge sample draws it, and the walk starts at the first seed\'s sample', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/explore/digits-diffusion`);
  const classes = page.locator('select[aria-label="class"]');
  await classes.waitFor({ timeout: 60000 });
  await classes.selectOption('7');
  const sevens = (n: number) => new Int32Array(n).fill(7);
  await assertShows(page, 'sample', sampleModel(digitsDiffusion, 8, new Rng(0), sevens(8)).subarray(0, 784));
  await page.locator('input[aria-label="t"]').fill('0');
  // DDIM at eta 0 in the manifest's 5 steps: the walk's start is the first sample of seed 1.
  await assertShows(page, 'interpolated', sampleModel(digitsDiffusion, 1, new Rng(1), sevens(1)));
  assert.deepEqual(errors, []);
  await page.close();
});

test('files that are not a ganforge model, and runs with broken or unsupported models, get one sentence, never a blank page', async () => {
  const page = await newPage(browser, errors);
  await page.goto(`${studio.url}#/explore`);
  const problem = page.locator('.problem');
  let shown = '';
  // Each pick below gets a message of its own: wait for it to replace the last one.
  const pick = async (label: string, files: Record<string, string | Buffer>) => {
    await page.locator(`input[aria-label="${label}"]`).setInputFiles(Object.entries(files).map(([name, content]) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(content) })));
    await eventually('a new message', async () => (await problem.count()) === 1 && (await problem.innerText()) !== shown);
    return (shown = await problem.innerText());
  };
  assert.equal(await pick('model files', { 'weights.bin': 'xx' }),
    'These files hold no manifest.json: pick the model.json, weights.bin and manifest.json that ganforge exported (the model/ folder of a run).');
  assert.equal(await pick('model files', { 'manifest.json': '{"hello": 1}', 'model.json': '{}', 'weights.bin': 'xx' }),
    'The manifest.json of the picked files is not a ganforge generator manifest (it lacks "format": "ganforge-generator"); open a model that ganforge train exported.');
  await screenshot(page, 'bad-file');
  assert.equal(await pick('model files', { 'manifest.json': JSON.stringify(manifest()), 'model.json': 'not json', 'weights.bin': 'xx' }),
    'The generator of the picked files could not be loaded (model.json is not valid JSON); open the files ganforge exported, unchanged.');
  assert.equal(await pick('model files', { 'manifest.json': JSON.stringify(manifest()), 'model.json': '{"format": "layers-model"}' }),
    'The generator of the picked files could not be loaded (model.json is not a TensorFlow.js layers model: it lacks modelTopology or weightsManifest); open the files ganforge exported, unchanged.');
  const digitsModel = readFileSync(join(runs, 'digits', 'model', 'model.json'), 'utf8');
  assert.equal(await pick('model files', { 'manifest.json': JSON.stringify(manifest()), 'model.json': digitsModel }),
    'The generator of the picked files could not be loaded (The picked files lack weights.bin; pick it too); open the files ganforge exported, unchanged.');
  assert.match(await pick('model files', { 'manifest.json': JSON.stringify(manifest()), 'model.json': digitsModel, 'weights.bin': 'too short' }),
    /^The generator of the picked files could not be loaded \(.+\); open the files ganforge exported, unchanged\.$/);
  assert.equal(await pick('model files', { 'manifest.json': JSON.stringify(manifest()), 'model.json': digitsModel, 'weights.bin': readFileSync(join(runs, 'digits', 'model', 'weights.bin')) }),
    'The model.json of the picked files takes inputs of widths [16, 10] but its manifest.json describes [z] of widths [4]: the files come from different exports; export the model again.');

  // Going to another view replaces the message (the page is not reloaded, so wait for the new one).
  const says = (selector: string, pattern: RegExp) => eventually(`a message matching ${pattern}`, async () => pattern.test(await page.locator(selector).innerText()));
  await page.goto(`${studio.url}#/explore/bad-manifest`);
  await says('.problem', /^The manifest\.json of the model of run bad-manifest is not valid JSON \(.+\); export the model again\.$/);
  await page.goto(`${studio.url}#/explore/no-schedule`);
  await says('.problem', /^The manifest\.json of the model of run no-schedule is a diffusion model's but has no diffusion section \(schedule and sampler\); export the model again\.$/);
  await page.goto(`${studio.url}#/run/bad-manifest`);
  await says('main', /model\/manifest\.json is not valid JSON/);
  await page.goto(`${studio.url}#/run/no-such-run`);
  await says('.problem', /^There is no run "no-such-run" in /);
  assert.deepEqual(errors, []);
  await page.close();
});
