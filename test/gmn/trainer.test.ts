// The generative moment matching network's trainer: an MLP generator trained on the ring of 8
// Gaussians by MMD alone covers most of its modes and its MMD to held-out data falls far below the
// start; a conditional one puts each label on its own mode. What trainStep reports is the MMD of
// the batch it stepped on; the same seed gives the same numbers; no tensor is left behind; bad
// settings and input are refused with one sentence.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { modelSchema } from '../../src/config/schema.ts';
import { loadToy, toyDistribution, type Dataset } from '../../src/data/index.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { modeCoverage } from '../../src/eval/toy_metrics.ts';
import { buildNetworks } from '../../src/gan/networks.ts';
import { MEDIAN_FACTORS, medianDistance, mmd2 } from '../../src/gmn/mmd.ts';
import { GmnTrainer, type GmnBatch, type GmnTrainerOptions } from '../../src/gmn/trainer.ts';
import { Rng } from '../../src/random/prng.ts';

before(async () => { await useBackend(); });

const ring = toyDistribution('ring');
let train: Dataset, heldOut: Dataset;
before(() => {
  train = loadToy('ring', { count: 20000, seed: 1 });
  heldOut = loadToy('ring', { count: 1000, seed: 2 });
});

type Latent = GmnTrainerOptions['latent'];

/** An mlp generator for 2-D points (the GAN's, from a model config; its small discriminator is unused). */
function generatorFor(latent: Latent, rng: Rng, conditional = false) {
  const model = modelSchema.parse({
    architecture: 'mlp', latent, conditional,
    generator: { hidden: [128, 128], activation: 'relu' },
    discriminator: { hidden: [8], dropout: 0 },
  }) as Parameters<typeof buildNetworks>[0];
  return buildNetworks(model, { shape: [2], numClasses: conditional ? 8 : 0 }, rng);
}

/** n random points of the training sample with their mode labels, drawn with `rng`. */
function batchOf(n: number, rng: Rng): GmnBatch & { labels: Int32Array } {
  const x = new Float32Array(2 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = rng.int(train.count);
    x[2 * i] = train.x[2 * j];
    x[2 * i + 1] = train.x[2 * j + 1];
    labels[i] = train.labels![j];
  }
  return { x, labels };
}

/** [-1, 1] units back to the ring's own (the box is [-2.5, 2.5]^2), where modeCoverage measures. */
const toData = (u: Float32Array) => Float32Array.from(u, (v) => ((v + 1) / 2) * 5 - 2.5);

/** Biased MMD^2 between 1000 samples and the 1000 held-out points, bandwidths by the median heuristic on the held-out set. */
function heldOutMmd(trainer: GmnTrainer): number {
  const samples = trainer.sample(1000, new Rng(7));
  return tf.tidy(() => {
    const [a, b] = [tf.tensor2d(samples, [1000, 2]), tf.tensor2d(heldOut.x, [1000, 2])];
    const median = medianDistance(b);
    return mmd2(a, b, MEDIAN_FACTORS.map((f) => f * median)).dataSync()[0];
  });
}

test('a GMN learns the ring of 8 Gaussians: most modes covered, held-out MMD far below the start', () => {
  // A 2-D normal prior, Adam at 5e-3 with beta1 0.9: in probes the defaults (uniform 10-D prior,
  // 1e-3, beta1 0.5, the GAN's choices) covered 3-5 modes after 1000-2000 steps; these settings
  // 4-8 of 8 after 800 steps over seeds 0-6 (the modes' share wanders from step to step, as
  // minibatch noise moves whole clusters), and 8 for most seeds by step 1000-1200.
  const latent: Latent = { dim: 2, distribution: 'normal', scale: 1 };
  const rng = new Rng(0);
  const trainer = new GmnTrainer({ latent, learningRate: 5e-3, betas: [0.9, 0.999] }, generatorFor(latent, rng), rng);
  const initial = heldOutMmd(trainer);
  const batches = new Rng(1);
  for (let s = 0; s < 800; s++) trainer.trainStep(batchOf(128, batches));
  const final = heldOutMmd(trainer);
  const coverage = modeCoverage(toData(trainer.sample(2500, new Rng(9))), ring.modes!);
  // This run: MMD^2 2.96 -> 0.039 (two independent samples of the ring score ~0.01 on this scale);
  // 8 modes covered, 35% of samples within 3 std (0.06) of a mode. The bounds leave room for the
  // wandering above: 5 modes (seeds 0-6 gave 4-8 in probes), a share of 0.12 (they gave 0.13-0.38).
  assert.ok(final < initial / 20, `held-out MMD^2 ${initial.toFixed(4)} -> ${final.toFixed(4)}`);
  assert.ok(coverage.modesCovered >= 5, `modes covered ${coverage.modesCovered} (${coverage.counts.join(', ')} of 2500 samples)`);
  // An untrained generator puts none there; uniform noise over the box would put 8 pi (0.06)^2 / 25 = 0.4%.
  assert.ok(coverage.highQuality >= 0.12, `high-quality share ${coverage.highQuality}`);
  trainer.nets.generator.dispose();
});

test('a conditional GMN puts each label on its own mode (the MMD of the joint law)', () => {
  const latent: Latent = { dim: 2, distribution: 'normal', scale: 1 };
  const rng = new Rng(3);
  const trainer = new GmnTrainer({ latent, learningRate: 5e-3, betas: [0.9, 0.999] }, generatorFor(latent, rng, true), rng);
  const batches = new Rng(4);
  for (let s = 0; s < 200; s++) trainer.trainStep(batchOf(128, batches));
  const n = 800;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 8);
  const samples = toData(trainer.sample(n, new Rng(5), labels));
  let right = 0, close = 0;
  for (let i = 0; i < n; i++) {
    const distances = ring.modes!.centers.map((c) => Math.hypot(samples[2 * i] - c[0], samples[2 * i + 1] - c[1]));
    if (distances.indexOf(Math.min(...distances)) === labels[i]) right++;
    if (distances[labels[i]] < 3 * ring.modes!.std) close++;
  }
  // This run: every sample nearest its label's mode (chance: 1/8), 41% within 3 std (0.06) of it
  // (32% after 100 steps). 800 samples: the standard error of a share near 0.4 is 0.017.
  assert.ok(right / n >= 0.9, `${right} of ${n} samples nearest their label's mode`);
  assert.ok(close / n >= 0.25, `${close} of ${n} samples within 3 std of their label's mode`);
  trainer.nets.generator.dispose();
});

test('trainStep reports the MMD of the batch it stepped on, before its update', () => {
  const latent: Latent = { dim: 3, distribution: 'uniform', scale: 1 };
  for (const [loss, bandwidths] of [['mmd', null], ['mmd2', null], ['mmd', [0.1, 0.5]]] as const) {
    const rng = new Rng(5);
    const trainer = new GmnTrainer({ latent, loss, bandwidths: bandwidths ? [...bandwidths] : null }, generatorFor(latent, rng), rng);
    const batch = batchOf(16, new Rng(6));
    // The generated batch the step will make: the same noise from a copy of the trainer's generator.
    const { expected, median } = tf.tidy(() => {
      const real = tf.tensor2d(batch.x, [16, 2]);
      const median = medianDistance(real);
      const fake = trainer.nets.generator.apply(trainer.latent(16, new Rng(rng.getState()))) as tf.Tensor;
      return { expected: mmd2(fake, real, bandwidths ? [...bandwidths] : MEDIAN_FACTORS.map((f) => f * median)).dataSync()[0], median };
    });
    const metrics = trainer.trainStep(batch);
    assert.ok(Math.abs(metrics.mmd2 - expected) < 1e-6 * Math.max(1, expected), `${loss}: reported ${metrics.mmd2}, recomputed ${expected}`);
    assert.equal(metrics.loss, loss === 'mmd' ? Math.sqrt(Math.max(metrics.mmd2, 0) + 1e-12) : metrics.mmd2);
    // The median heuristic reports the real batch's median distance; fixed bandwidths have none to report.
    if (bandwidths) assert.deepEqual(Object.keys(metrics).sort(), ['loss', 'mmd2']);
    else assert.ok(Math.abs(metrics.median - median) < 1e-9, `median ${metrics.median} vs ${median}`);
    assert.equal(trainer.step, 1);
    trainer.nets.generator.dispose();
  }
});

test('the unbiased estimator trains with the mmd2 loss and is refused with the mmd loss', () => {
  const latent: Latent = { dim: 3, distribution: 'uniform', scale: 1 };
  const rng = new Rng(8);
  const nets = generatorFor(latent, rng);
  assert.throws(() => new GmnTrainer({ latent, loss: 'mmd', estimator: 'unbiased' }, nets, rng), {
    message: 'the loss "mmd" takes the square root of MMD^2, which the unbiased estimator can make negative; use loss "mmd2" with it, or the biased estimator.',
  });
  const trainer = new GmnTrainer({ latent, loss: 'mmd2', estimator: 'unbiased' }, nets, rng);
  const m = trainer.trainStep(batchOf(8, new Rng(9)));
  assert.ok(Number.isFinite(m.mmd2) && m.loss === m.mmd2);
  nets.generator.dispose();
});

test('the same seed gives the same numbers; another seed other ones', () => {
  const latent: Latent = { dim: 4, distribution: 'normal', scale: 1 };
  const run = (seed: number) => {
    const rng = new Rng(seed);
    const trainer = new GmnTrainer({ latent }, generatorFor(latent, rng, true), rng);
    const batches = new Rng(seed + 1);
    const metrics = Array.from({ length: 3 }, () => trainer.trainStep(batchOf(16, batches)));
    const sample = Array.from(trainer.sample(4, undefined, Int32Array.from([0, 3, 5, 7])));
    trainer.nets.generator.dispose();
    return { metrics, sample };
  };
  const a = run(21);
  assert.deepEqual(a, run(21));
  assert.notDeepEqual(a.metrics, run(22).metrics);
});

test('no tensor is left behind by trainStep and sample', () => {
  for (const conditional of [false, true]) {
    const latent: Latent = { dim: 4, distribution: 'uniform', scale: 1 };
    const rng = new Rng(10);
    const trainer = new GmnTrainer({ latent, loss: conditional ? 'mmd2' : 'mmd' }, generatorFor(latent, rng, conditional), rng);
    const batches = new Rng(11);
    // The first step creates Adam's moment variables (two per weight), once.
    trainer.trainStep(batchOf(16, batches));
    const before = tf.memory().numTensors;
    for (let s = 0; s < 3; s++) trainer.trainStep(batchOf(16, batches));
    // 300 rows: two chunks of the trainer's 256.
    assert.equal(trainer.sample(300, undefined, conditional ? Int32Array.from({ length: 300 }, (_, i) => i % 8) : undefined).length, 600);
    assert.equal(tf.memory().numTensors, before, conditional ? 'conditional' : 'unconditional');
    trainer.nets.generator.dispose();
  }
});

test('bad settings and input are refused with one sentence, and nothing is left behind', () => {
  const latent: Latent = { dim: 4, distribution: 'uniform', scale: 1 };
  const rng = new Rng(12);
  const nets = generatorFor(latent, rng, true);
  assert.throws(() => new GmnTrainer({ latent: { ...latent, dim: 5 } }, nets, rng), { message: 'the generator takes 4 noise values but latent.dim is 5; make them equal.' });
  const trainer = new GmnTrainer({ latent }, nets, rng);
  const { x, labels } = batchOf(4, new Rng(13));
  const before = tf.memory().numTensors;
  const cases: [() => unknown, string][] = [
    [() => trainer.trainStep({ x }), 'this generator is conditional: give one label per sample (4), not none.'],
    [() => trainer.trainStep({ x, labels: labels.subarray(0, 3) }), 'this generator is conditional: give one label per sample (4), not 3.'],
    [() => trainer.trainStep({ x, labels: Int32Array.from([0, 8, 1, 1]) }), 'label 8 is not a class of this generator; give labels 0..7.'],
    [() => trainer.sample(2, undefined, Int32Array.from([0, -1])), 'label -1 is not a class of this generator; give labels 0..7.'],
    [() => trainer.trainStep({ x: x.subarray(0, 2), labels: labels.subarray(0, 1) }), 'a batch of 2 values is not at least 2 whole samples of shape [2]; give n × 2 values, n >= 2.'],
    [() => trainer.trainStep({ x: x.subarray(0, 5), labels }), 'a batch of 5 values is not at least 2 whole samples of shape [2]; give n × 2 values, n >= 2.'],
  ];
  for (const [f, message] of cases) assert.throws(f, { message });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(trainer.step, 0);
  nets.generator.dispose();
});
