// The model files round trip (same predictions, browser-loadable layout) and their error messages.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { useBackend } from '../../src/engine/backend.ts';
import { loadLayersModel, saveLayersModel } from '../../src/io/model_files.ts';

let dir: string;
before(async () => {
  await useBackend();
  dir = mkdtempSync(join(tmpdir(), 'ganforge-model-files-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function smallModel(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 1] });
  let h = tf.layers.conv2d({ filters: 3, kernelSize: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  h = tf.layers.batchNormalization().apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

async function saved(name: string): Promise<string> {
  const path = join(dir, name);
  await saveLayersModel(smallModel(), path);
  return path;
}

test('a saved model loads back with the same weights, predictions and metadata', async () => {
  const model = smallModel();
  // Moving statistics away from their initial 0 and 1, so the test sees them saved too.
  model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, 'float32', i)));
  const path = join(dir, 'round-trip');
  await saveLayersModel(model, path, { userDefinedMetadata: { dataset: 'toy', labels: ['a', 'b'] } });
  const loaded = await loadLayersModel(path);
  const x = tf.randomNormal([4, 6, 6, 1], 0, 1, 'float32', 3);
  assert.deepEqual(Array.from((loaded.predict(x) as tf.Tensor).dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync()));
  const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
  assert.deepEqual(values(loaded), values(model));
  assert.deepEqual(loaded.getUserDefinedMetadata(), { dataset: 'toy', labels: ['a', 'b'] });
});

test('the files have the layout tf.loadLayersModel(url) reads in a browser', async () => {
  const path = await saved('layout');
  const json = JSON.parse(readFileSync(join(path, 'model.json'), 'utf8'));
  assert.equal(json.format, 'layers-model');
  assert.equal(json.modelTopology.class_name, 'Model');
  assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
  const bytes = json.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  assert.equal(readFileSync(join(path, 'weights.bin')).length, bytes);
});

test('tf.loadLayersModel loads the files over HTTP, as a browser would', async () => {
  const model = smallModel();
  const path = join(dir, 'http');
  await saveLayersModel(model, path);
  const server = createServer((req, res) => res.end(readFileSync(join(path, req.url!.slice(1)))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const loaded = await tf.loadLayersModel(`http://127.0.0.1:${port}/model.json`);
    const x = tf.randomNormal([2, 6, 6, 1], 0, 1, 'float32', 4);
    assert.deepEqual(Array.from((loaded.predict(x) as tf.Tensor).dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync()));
  } finally {
    server.close();
  }
});

test('a missing folder names model.json and the fix', async () => {
  await assert.rejects(loadLayersModel(join(dir, 'nowhere'), 'train it first'), /^Error: No model at .*nowhere\/model\.json .*; train it first\.$/);
});

test('a corrupt model.json is named', async () => {
  const path = await saved('corrupt');
  writeFileSync(join(path, 'model.json'), '{"modelTopology": ');
  await assert.rejects(loadLayersModel(path), /corrupt\/model\.json is not valid JSON; save the model there again\.$/);
  writeFileSync(join(path, 'model.json'), '{"weights": []}');
  await assert.rejects(loadLayersModel(path), /corrupt\/model\.json is not a TensorFlow\.js layers model/);
});

test('a short or missing weights file is named', async () => {
  const path = await saved('short');
  truncateSync(join(path, 'weights.bin'), 10);
  await assert.rejects(loadLayersModel(path), /short\/weights\.bin are 10 bytes but .*model\.json lists \d+; save the model there again\.$/);
  rmSync(join(path, 'weights.bin'));
  await assert.rejects(loadLayersModel(path), /The weights file .*short\/weights\.bin named in .*model\.json cannot be read/);
});
