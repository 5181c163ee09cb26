// The denoisers: eps_theta(x_t, t[, y]) keeps x_t's shape, is seeded by the run's generator,
// starts at exactly zero (zero-initialised output layers), listens to t and y, and survives a
// save / load round trip.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { modelPredictor } from '../../src/diffusion/ddpm.ts';
import { buildDenoiser, type DenoiserOptions } from '../../src/diffusion/networks.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { Rng } from '../../src/random/prng.ts';

before(async () => { await useBackend(); });

const CASES: Array<{ shape: number[]; options: DenoiserOptions }> = [
  { shape: [2], options: { architecture: 'mlp', hidden: [32, 32], timeEmbeddingDim: 16 } },
  { shape: [4, 3], options: { architecture: 'mlp', hidden: [16], timeEmbeddingDim: 8, coordinateEmbeddingDim: 0 } },
  { shape: [5, 4], options: { architecture: 'mlp', hidden: [16], timeEmbeddingDim: 8, coordinateEmbeddingDim: 4 } },
  { shape: [8, 8, 1], options: { architecture: 'unet', channels: [8, 16], timeEmbeddingDim: 16 } },
  { shape: [8, 12, 3], options: { architecture: 'unet', channels: [4, 8, 8], blocks: 2, timeEmbeddingDim: 8 } },
];

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Inputs for n samples: x_t uniform in [-2, 2], t spread over 1..T, y one-hot of i mod k. */
function inputs(shape: number[], n: number, seed: number, k = 0): { x: tf.Tensor; t: tf.Tensor2D; y?: tf.Tensor2D } {
  const rng = new Rng(seed);
  return tf.tidy(() => ({
    x: tf.tensor(rng.fill(n * size(shape), (r) => 4 * r.uniform() - 2), [n, ...shape]),
    t: tf.tensor2d(Array.from({ length: n }, (_, i) => 1 + ((37 * i) % 100)), [n, 1]),
    ...(k ? { y: tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => i % k), 'int32'), k).toFloat() as tf.Tensor2D } : {}),
  }));
}

/** Adds the same seeded noise to every weight, so the zero-initialised layers no longer hide the rest. */
function perturb(model: tf.LayersModel, seed: number): void {
  const rng = new Rng(seed);
  tf.tidy(() => model.weights.forEach((w) => {
    const v = w.read();
    (v as tf.Variable).assign(tf.add(v, tf.tensor(rng.fill(v.size, (r) => 0.1 * r.normal()), v.shape)));
  }));
}

const predict = (model: tf.LayersModel, inp: ReturnType<typeof inputs>) =>
  tf.tidy(() => modelPredictor(model)(inp.x, inp.t, inp.y).dataSync().slice() as Float32Array);

test('every denoiser returns x_t\'s shape, starts at exactly zero, and is the same function for the same seed', () => {
  for (const { shape, options } of CASES) {
    const what = `${options.architecture} ${JSON.stringify(shape)}`;
    const [a, b, c] = [buildDenoiser(shape, options, new Rng(1)), buildDenoiser(shape, options, new Rng(1)), buildDenoiser(shape, options, new Rng(2))];
    assert.deepEqual(a.inputs.map((i) => i.shape), [[null, ...shape], [null, 1]], what);
    assert.deepEqual(a.outputs[0].shape, [null, ...shape], what);
    const inp = inputs(shape, 5, 3);
    const out = tf.tidy(() => modelPredictor(a)(inp.x, inp.t));
    assert.deepEqual(out.shape, [5, ...shape], what);
    // Zero-initialised output layer: an untrained denoiser predicts no noise, so the simple loss starts at E||eps||^2 = 1.
    assert.ok(out.dataSync().every((v) => v === 0), `${what}: fresh output not zero`);
    out.dispose();
    // Same seed, same weights; another seed, other weights (the zero and bias layers aside).
    const weights = (m: tf.LayersModel) => m.getWeights().map((w) => w.dataSync().slice());
    assert.deepEqual(weights(a), weights(b), what);
    const [wa, wc] = [weights(a), weights(c)];
    assert.ok(wa.some((w, i) => w.some((v, j) => v !== wc[i][j])), `${what}: seeds 1 and 2 give the same weights`);
    // With every weight moved by the same noise, the outputs are nonzero, equal for equal seeds and differ across seeds.
    for (const m of [a, b, c]) perturb(m, 4);
    const [pa, pb, pc] = [predict(a, inp), predict(b, inp), predict(c, inp)];
    assert.ok(pa.some((v) => v !== 0) && pa.every(Number.isFinite), what);
    assert.deepEqual(pa, pb, what);
    assert.notDeepEqual(pa, pc, what);
    // The output depends on t: the same x_t at another step gives another prediction.
    const later = predict(a, { ...inp, t: tf.tidy(() => tf.add(inp.t, 1) as tf.Tensor2D) });
    assert.ok(later.some((v, i) => Math.abs(v - pa[i]) > 1e-4), `${what}: output ignores t`);
    tf.dispose([inp.x, inp.t]);
    for (const m of [a, b, c]) m.dispose();
  }
});

test('class-conditional denoisers take one-hot labels as a third input, and the label changes the prediction', () => {
  for (const { shape, options } of [CASES[0], CASES[2], CASES[3]]) {
    const what = `${options.architecture} ${JSON.stringify(shape)}`;
    const model = buildDenoiser(shape, { ...options, numClasses: 3 }, new Rng(5));
    assert.deepEqual(model.inputs.map((i) => i.shape), [[null, ...shape], [null, 1], [null, 3]], what);
    perturb(model, 6);
    const inp = inputs(shape, 6, 7, 3);
    const out = predict(model, inp);
    assert.equal(out.length, 6 * size(shape));
    // Shift every label by one class: same x_t and t, other predictions.
    const shifted = predict(model, { ...inp, y: tf.tidy(() => tf.concat([inp.y!.slice([0, 2], [-1, 1]), inp.y!.slice([0, 0], [-1, 2])], 1) as tf.Tensor2D) });
    assert.ok(shifted.some((v, i) => Math.abs(v - out[i]) > 1e-4), `${what}: output ignores the label`);
    assert.throws(() => modelPredictor(model)(inp.x, inp.t), /class-conditional and needs one-hot labels/);
    const plain = buildDenoiser(shape, options, new Rng(5));
    assert.throws(() => modelPredictor(plain)(inp.x, inp.t, inp.y), /unconditional but was given labels/);
    tf.dispose([inp.x, inp.t, inp.y!]);
    model.dispose();
    plain.dispose();
  }
});

test('a denoiser saved and loaded (tfjs model files in memory) computes the same function', async () => {
  for (const { shape, options } of [CASES[0], CASES[3]]) {
    const model = buildDenoiser(shape, { ...options, numClasses: 2 }, new Rng(8));
    perturb(model, 9);
    let artifacts: tf.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const inp = inputs(shape, 4, 10, 2);
    assert.deepEqual(predict(loaded, inp), predict(model, inp));
    tf.dispose([inp.x, inp.t, inp.y!]);
    model.dispose();
    loaded.dispose();
  }
});

test('bad denoiser options stop with a clear message', () => {
  const rng = new Rng(0);
  assert.throws(() => buildDenoiser([10, 10, 1], { architecture: 'unet', channels: [8, 16, 32] }, rng), /sides divide by 4, not \[10, 10, 1\]/);
  assert.throws(() => buildDenoiser([8], { architecture: 'unet' }, rng), /images \[h, w, c\]/);
  assert.throws(() => buildDenoiser([8, 8, 1], { architecture: 'unet', channels: [] }, rng), /at least one channels entry/);
  assert.throws(() => buildDenoiser([8, 8, 1], { architecture: 'unet', blocks: 0 }, rng), /at least one block/);
  assert.throws(() => buildDenoiser([2], { architecture: 'mlp', numClasses: 1 }, rng), /at least 2 classes/);
  assert.throws(() => buildDenoiser([2], { architecture: 'transformer' } as never, rng), /unknown denoiser architecture "transformer"/);
});
