// What a text-conditioned GAN is fed: each role of the conditioning draws the rows it promises
// (own captions, another class's, a class's, GAN-INT midpoints), and the text-dcgan networks take
// the sentence embedding and use it.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { buildNetworks, disposeNetworks, ganModel } from '../../src/gan/networks.ts';
import { Rng } from '../../src/random/prng.ts';
import { TextConditioning } from '../../src/text/text_conditioning.ts';
import type { CaptionedDataset } from '../../src/text/captions.ts';
import type { SentenceEncoder } from '../../src/text/sentence_encoder.ts';

before(async () => {
  await useBackend();
});

// 6 images of classes [0, 1, 2, 0, 1, 2], 2 captions each; caption c's embedding is one-hot at c,
// so a row names its caption, and a midpoint of two captions shows as two halves.
const PER = 2, LABELS = Int32Array.from([0, 1, 2, 0, 1, 2]), N = LABELS.length * PER;
function conditioning(interpolation = 0.5): TextConditioning {
  const captions = { perImage: PER, captions: Array.from({ length: N }, (_, c) => `caption ${c}`) } as unknown as CaptionedDataset;
  const embeddings = new Float32Array(N * N);
  for (let c = 0; c < N; c++) embeddings[c * N + c] = 1;
  const encoder = { model: { dispose() {} } } as unknown as SentenceEncoder;
  return new TextConditioning(captions, encoder, embeddings, LABELS, 3, interpolation, new Float32Array(LABELS.length));
}
/** For each row, the captions it holds (one, or the two it is the midpoint of). */
const rows = (t: tf.Tensor2D) => {
  const v = t.arraySync();
  t.dispose();
  return v.map((row) => row.flatMap((x, c) => (x > 0 ? [c] : [])));
};
const imageOf = (caption: number) => Math.floor(caption / PER);

test('real rows are captions of each image itself; wrong rows captions of an image of another class', () => {
  const c = conditioning();
  const indices = Int32Array.from([0, 4, 5, 3]);
  const rng = new Rng(1);
  for (let trial = 0; trial < 20; trial++) {
    rows(c.real({ x: new Float32Array(0), indices }, rng)).forEach(([r], i) => assert.equal(imageOf(r), indices[i]));
    rows(c.wrong({ x: new Float32Array(0), indices }, rng)).forEach(([r], i) => assert.notEqual(LABELS[imageOf(r)], LABELS[indices[i]]));
  }
  // Both captions of an image are used.
  const seen = new Set(Array.from({ length: 40 }, () => rows(c.real({ x: new Float32Array(0), indices: Int32Array.from([2]) }, rng))[0][0]));
  assert.deepEqual([...seen].sort(), [4, 5]);
});

test('rows for labels are captions of images of those classes', () => {
  const c = conditioning();
  const labels = Int32Array.from([2, 0, 1, 1, 2]);
  rows(c.forLabels(labels, new Rng(2))).forEach(([r], i) => assert.equal(LABELS[imageOf(r)], labels[i]));
  assert.throws(() => c.forLabels(Int32Array.from([3]), new Rng(2)), /class 3 has no captioned images/);
});

test('rows for D\'s fakes are captions of random images; G\'s rows end in unit-length midpoints of two captions (GAN-INT), asking for both classes by half', () => {
  assert.ok(rows(conditioning(1).forFakes(50, new Rng(3))).every((held) => held.length === 1), 'D never sees a midpoint');
  const quarter = conditioning(0.25).forGenerator(8, new Rng(3));
  const r = rows(quarter.conditions);
  r.slice(0, 6).forEach((held) => assert.equal(held.length, 1, 'a caption'));
  // The classes asked for are those of the captions' images: one-hot, or two halves for a midpoint.
  quarter.classes.arraySync().forEach((p, i) => {
    const expected = [0, 0, 0];
    for (const caption of r[i]) expected[LABELS[imageOf(caption)]] += 1 / r[i].length;
    if (r[i].length === 1 && i >= 6) expected[LABELS[imageOf(r[i][0])]] = 1; // a midpoint of one caption with itself
    p.forEach((v, k) => assert.ok(Math.abs(v - expected[k]) < 1e-6, `row ${i}: ${p} vs ${expected}`));
  });
  quarter.classes.dispose();
  const none = conditioning(0).forGenerator(8, new Rng(3));
  assert.equal(rows(none.conditions).filter((held) => held.length === 1).length, 8);
  none.classes.dispose();
  // With interpolation 1 every row mixes two captions at equal weight, scaled to unit length
  // (two draws of one caption make a whole one).
  const all = conditioning(1).forGenerator(200, new Rng(4));
  const t = all.conditions;
  all.classes.dispose();
  const values = t.arraySync();
  for (const row of values) {
    assert.ok(Math.abs(Math.hypot(...row) - 1) < 1e-6);
    assert.ok(row.every((x) => x === 0 || Math.abs(x - Math.SQRT1_2) < 1e-6 || x === 1));
  }
  assert.ok(rows(t).filter((held) => held.length === 2).length > 150);
});

test('caption groups: each group of D\'s minibatch stddev holds images its one caption describes (class and mentioned levels), the first the batch\'s own', () => {
  // 60 clothes of 3 classes with random brightness and width levels; image i's one pixel is i, so
  // a batch shows which images it holds; 2 captions per image, each mentioning a random subset.
  const rng = new Rng(7), count = 60, per = 2;
  const labels = Int32Array.from({ length: count }, () => rng.int(3));
  const levels = { brightness: Uint8Array.from({ length: count }, () => rng.int(3)), width: Uint8Array.from({ length: count }, () => rng.int(3)) };
  const mentioned = Uint8Array.from({ length: count * per }, () => rng.int(4));
  const captions = { kind: 'clothes', perImage: per, captions: Array.from({ length: count * per }, (_, c) => `caption ${c}`), mentioned, levels } as unknown as CaptionedDataset;
  const embeddings = new Float32Array(count * per * count * per);
  for (let c = 0; c < count * per; c++) embeddings[c * count * per + c] = 1;
  const encoder = { model: { dispose() {} } } as unknown as SentenceEncoder;
  const c = new TextConditioning(captions, encoder, embeddings, labels, 3, 0.5, Float32Array.from({ length: count }, (_, i) => i));
  // A batch of 32 in groups of 4: its first 8 samples lead the groups, the rest are replaced.
  const own = Int32Array.from({ length: 32 }, () => rng.int(count));
  let partnersDiffer = 0, mentionsSeen = 0;
  for (let trial = 0; trial < 30; trial++) {
    const { batch, conditions } = c.grouped({ x: Float32Array.from(own), labels: own.map((i) => labels[i]), indices: own }, 4, rng);
    const groupCaption = rows(conditions).map(([r]) => r);
    assert.equal(groupCaption.length, 8 * 4);
    assert.deepEqual(Array.from(batch.indices!.subarray(0, 8)), Array.from(own.subarray(0, 8)));
    for (let i = 0; i < 32; i++) {
      const g = i % 8, image = batch.indices![i], caption = groupCaption[g];
      assert.equal(groupCaption[i], caption, 'one caption per group');
      assert.equal(batch.x[i], image, 'the image drawn is the one named');
      assert.equal(batch.labels![i], labels[image]);
      assert.equal(Math.floor(caption / per), own[g], 'the caption is one of the first image\'s');
      assert.equal(labels[image], labels[own[g]], 'a group is of one class');
      (['brightness', 'width'] as const).forEach((a, j) => {
        if ((mentioned[caption] >> j) & 1) assert.equal(levels[a][image], levels[a][own[g]], `${a} as the caption says`);
      });
      if (i >= 8 && image !== own[g]) partnersDiffer++;
    }
    mentionsSeen |= groupCaption.reduce((bits, cap) => bits | (1 << mentioned[cap]), 0);
  }
  assert.equal(mentionsSeen, 0b1111, 'captions with every subset of mentions were grouped');
  // Cells of two mentions hold about 2 of these 60 images, so some partners are the first image again.
  assert.ok(partnersDiffer > 0.5 * 30 * 24, `partners are other images: ${partnersDiffer} of ${30 * 24}`);
});

test('caption groups need minibatch stddev in D and a batch divisible by its groups', () => {
  const text = { architecture: 'text-dcgan', text: { captionGroups: true } };
  assert.throws(() => validateConfig({ data: { source: 'mnist' }, model: text }, 'test'), /set model.discriminator.minibatchStddev to true/);
  assert.throws(() => validateConfig({ data: { source: 'mnist' }, model: { ...text, discriminator: { minibatchStddev: true } }, train: { batchSize: 30 } }, 'test'),
    /use a batch size divisible by 4, not 30/);
});

test('text-dcgan: G takes [z, sentence embedding], D [image, sentence embedding], and both use the text', () => {
  const config = validateConfig({
    data: { source: 'mnist' },
    model: { architecture: 'text-dcgan', latent: { dim: 8 }, compressedDim: 4, text: { encoder: { outputDim: 6 } }, generator: { channels: 4 }, discriminator: { channels: 4 } },
  }, 'test');
  const nets = buildNetworks(ganModel(config.model), { shape: [28, 28, 1], numClasses: 10 }, new Rng(5));
  assert.deepEqual(nets.generator.inputs.map((i) => i.shape), [[null, 8], [null, 6]]);
  assert.deepEqual(nets.discriminator.inputs.map((i) => i.shape), [[null, 28, 28, 1], [null, 6]]);
  tf.tidy(() => {
    const z = tf.randomNormal([3, 8], 0, 1, 'float32', 1);
    const [t1, t2] = [tf.randomNormal([3, 6], 0, 1, 'float32', 2), tf.randomNormal([3, 6], 0, 1, 'float32', 3)];
    const x1 = nets.generator.predict([z, t1]) as tf.Tensor, x2 = nets.generator.predict([z, t2]) as tf.Tensor;
    assert.deepEqual(x1.shape, [3, 28, 28, 1]);
    assert.ok(tf.max(tf.abs(tf.sub(x1, x2))).dataSync()[0] > 1e-4, 'G output depends on the text');
    const d1 = nets.discriminator.predict([x1, t1]) as tf.Tensor, d2 = nets.discriminator.predict([x1, t2]) as tf.Tensor;
    assert.deepEqual(d1.shape, [3, 1]);
    assert.ok(tf.max(tf.abs(tf.sub(d1, d2))).dataSync()[0] > 1e-6, 'D output depends on the text');
  });
  nets.generator.dispose();
  nets.discriminator.dispose();
});

test('TAC-GAN: the auxiliary classifier reads the image alone through D\'s own convolutions, and is freed with D', () => {
  const model = (auxiliaryClassifier: number) => ganModel(validateConfig({
    data: { source: 'mnist' },
    model: { architecture: 'text-dcgan', latent: { dim: 8 }, compressedDim: 4, text: { auxiliaryClassifier, encoder: { outputDim: 6 } }, generator: { channels: 4 }, discriminator: { channels: 4 } },
  }, 'test').model);
  const before = tf.memory().numTensors;
  const plain = buildNetworks(model(0), { shape: [28, 28, 1], numClasses: 10 }, new Rng(5));
  assert.equal(plain.classifier, undefined);
  const nets = buildNetworks(model(1), { shape: [28, 28, 1], numClasses: 10 }, new Rng(5));
  // Built last: G and D start as they do without it.
  assert.deepEqual(nets.discriminator.getWeights().map((w) => Array.from(w.dataSync())), plain.discriminator.getWeights().map((w) => Array.from(w.dataSync())));
  const classifier = nets.classifier!;
  assert.deepEqual(classifier.inputs.map((i) => i.shape), [[null, 28, 28, 1]]);
  assert.deepEqual(classifier.outputs[0].shape, [null, 10]);
  const dVariables = new Set(nets.discriminator.trainableWeights.map((w) => w.read()));
  const own = classifier.trainableWeights.filter((w) => !dVariables.has(w.read()));
  assert.deepEqual(own.map((w) => w.shape), [[7 * 7 * 8, 10], [10]], 'only the dense head is its own');
  const head = classifier.layers.filter((l) => !nets.discriminator.layers.includes(l)).map((l) => l.getClassName());
  assert.deepEqual(head, ['Flatten', 'Dense'], 'every other layer is D\'s');
  disposeNetworks(plain);
  disposeNetworks(nets);
  assert.equal(tf.memory().numTensors, before);
});

test('text-dcgan is refused on data without captions', () => {
  assert.throws(() => validateConfig({ data: { source: 'toy', name: 'ring' }, model: { architecture: 'text-dcgan' } }, 'test'),
    /captions are written for MNIST and Fashion-MNIST images only/);
});
