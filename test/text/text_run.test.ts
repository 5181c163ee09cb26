// Text-to-image runs end to end on a small slice of MNIST: the run keeps its sentence encoder,
// resumes exactly, exports what `sample --text` and `interpolate --text --to` need, and names
// unknown words instead of drawing something silently wrong.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { checkpointWeights as weightsOf } from '../helpers.ts';
import { drawLatent, embedText, generate, loadGenerator, loadTextEncoder, parseLabel, textCondition } from '../../src/run/generator_file.ts';
import { Rng } from '../../src/random/prng.ts';
import { resumeConfig, train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';

before(async () => {
  process.env.GANFORGE_CACHE ??= mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
  await useBackend();
});

const tmp = () => mkdtempSync(join(tmpdir(), 'ganforge-text-'));

const tinyTextConfig = () => validateConfig({
  name: 'tiny-text',
  seed: 3,
  data: { source: 'mnist', limit: 512 },
  model: {
    architecture: 'text-dcgan', latent: { dim: 16 }, compressedDim: 8,
    // Caption groups (D's minibatch stddev groups share a caption) and TAC-GAN's auxiliary classifier resume exactly too.
    text: { perImage: 2, captionGroups: true, auxiliaryClassifier: 1, encoder: { wordDim: 8, units: 8, outputDim: 16, epochs: 1, batchSize: 64 } },
    generator: { channels: 8 }, discriminator: { channels: 8, minibatchStddev: true },
  },
  train: { steps: 6, batchSize: 16 },
  remedies: { mismatchedLabels: 0.5, ema: { decay: 0.9 } },
  output: { logEvery: 2, sampleEvery: 3, checkpointEvery: 3, gridCount: 20, evaluate: false },
}, 'test');

test('a text run keeps its sentence encoder, resumes exactly, and exports what sampling from text needs', async () => {
  const whole = tmp(), split = tmp();
  const tensors = tf.memory().numTensors;
  await train(tinyTextConfig(), { out: whole });
  assert.equal(tf.memory().numTensors, tensors, 'training leaked tensors');
  assert.ok(existsSync(join(whole, 'text-encoder', 'model.json')) && existsSync(join(whole, 'text-encoder', 'report.json')));

  // Stopped after a step, then resumed: the encoder is loaded from the run, not trained again, and
  // the run ends where the uninterrupted one did (the mismatched captions included).
  await train(tinyTextConfig(), { out: split, shouldStop: () => true });
  await train(resumeConfig(split), { out: split, resume: true });
  assert.deepEqual(weightsOf(new RunDir(split).checkpoint), weightsOf(new RunDir(whole).checkpoint));

  const g = await loadGenerator(whole);
  assert.deepEqual(g.manifest.inputs, ['z', 'text']);
  assert.deepEqual(g.manifest.text?.heldOutTemplates, ['that-is', 'this-is', 'mixed']);
  const encoder = await loadTextEncoder(g);
  const z = drawLatent(g.manifest, 4, new Rng(1));

  // Unknown words are named once and skipped: the same image as without them.
  const { rows: plain } = embedText(encoder, Array(4).fill('a thick seven'));
  const { rows: noisy, warning } = embedText(encoder, Array(4).fill('a thick purple seven'));
  assert.match(warning, /^Unknown word skipped: "purple" \(the vocabulary has \d+ words, listed in .*vocabulary\.json\)\.$/);
  assert.deepEqual(generate(g, z, noisy), generate(g, z, plain));
  await assert.rejects(textCondition(g, ['purple zebra']), /has no word the vocabulary knows \("purple", "zebra"\), so there is nothing to draw/);
  await assert.rejects(textCondition(g, [undefined]), /draws from text: give a sentence with --text/);
  assert.throws(() => generate(g, z, Int32Array.from([1, 2, 3, 4])), /draws from text/);
  assert.throws(() => parseLabel(g.manifest, '3'), /draws from text, not class labels/);

  // Different sentences, different images from the same noise.
  const { rows: other } = embedText(encoder, Array(4).fill('a thin one'));
  assert.notDeepEqual(generate(g, z, other), generate(g, z, plain));
  encoder.model.dispose();
  g.model.dispose();
});
