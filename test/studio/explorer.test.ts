// The model explorer in a browser: it draws what the exported generator draws in Node, for the
// class or the caption the test picks, finds the nearest training images, and says in one
// sentence what is wrong with files that are not a ganforge model.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Browser, Page } from 'playwright-core';
import { validateConfig } from '../../src/config/load.ts';
import { loadDataset } from '../../src/data/spec.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { drawLatent, generate, loadGenerator, loadTextEncoder, type Generator } from '../../src/io/generator_file.ts';
import { saveLayersModel } from '../../src/io/model_files.ts';
import { Rng } from '../../src/random/prng.ts';
import { startStudio, type Studio } from '../../src/studio/server.ts';
import { buildSentenceEncoder, encodeSentences, saveSentenceEncoder, type SentenceEncoder } from '../../src/text/sentence_encoder.ts';
import { Vocabulary } from '../../src/text/tokenizer.ts';
import { train } from '../../src/train/loop.ts';
import { toByte } from '../../src/viz/index.ts';
import { canvasBytes, eventually, launchBrowser, newPage, screenshot } from './browser.ts';
import { manifest, writeRun } from './fake_runs.ts';

let runs: string, studio: Studio, browser: Browser;
let conditional: Generator, text: { generator: Generator; encoder: SentenceEncoder };
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
  runs = mkdtempSync(join(tmpdir(), 'ganforge-studio-explorer-'));
  await useBackend();
  await train(validateConfig({
    name: 'digits', seed: 5, data: { source: 'mnist', limit: 512 },
    model: { architecture: 'cdcgan', latent: { dim: 16 }, generator: { channels: 8 }, discriminator: { channels: 8 } },
    train: { steps: 12, batchSize: 16 }, output: { logEvery: 2, sampleEvery: 12, checkpointEvery: 12, gridCount: 20, evaluate: false },
  }, 'test'), { out: join(runs, 'digits') });
  conditional = await loadGenerator(join(runs, 'digits'));
  await writeTextModel(join(runs, 'captions'));
  const textGenerator = await loadGenerator(join(runs, 'captions'));
  text = { generator: textGenerator, encoder: await loadTextEncoder(textGenerator) };
  await writeRun(runs, 'bad-manifest', { config: { name: 'bad-manifest' }, manifest: '{"format": "ganforge-generator", ' });
  await writeRun(runs, 'diffusion', { manifest: manifest({ family: 'diffusion', architecture: 'denoiser-unet', latent: undefined }), modelFiles: ['model.json', 'weights.bin'] });
  studio = await startStudio({ runsDir: runs, port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await studio?.close();
});

/** Waits until the canvas shows `expected` (values in [-1, 1]) to within `tolerance` in 0..255, or fails with the largest difference. */
async function assertShows(page: Page, testId: string, expected: Float32Array, tolerance = 3): Promise<void> {
  const want = Array.from(expected, toByte);
  let worst = Infinity;
  await eventually(`canvas ${testId} showing the Node sample`, async () => {
    const got = await canvasBytes(page, testId);
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
  // After 12 steps the label moves ~150 pixels by more than 3 levels: well beyond the backends' differences.
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
  await screenshot(page, 'text');
  await caption.fill('a thin one leaning left');
  await assertShows(page, 'sample', drawn('a thin one leaning left'));
  await caption.fill('purple zebra');
  assert.match(await page.locator('.problem').innerText(), /^The caption "purple zebra" has no word the vocabulary knows \("purple", "zebra"\), so there is nothing to draw; describe the image with words from the vocabulary/);
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
  await page.goto(`${studio.url}#/explore/diffusion`);
  await says('.note', /^This is a diffusion model \(denoiser-unet\): diffusion models are not supported in the explorer yet; draw its samples with npx ganforge sample\.$/);
  await page.goto(`${studio.url}#/run/bad-manifest`);
  await says('main', /model\/manifest\.json is not valid JSON/);
  await page.goto(`${studio.url}#/run/no-such-run`);
  await says('.problem', /^There is no run "no-such-run" in /);
  assert.deepEqual(errors, []);
  await page.close();
});
