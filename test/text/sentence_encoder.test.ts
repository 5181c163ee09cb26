// The sentence encoder on a synthetic joint-embedding task: ten "classes" are random 128-d
// feature prototypes plus noise, and the attribute "thick" or "thin" shifts an image's features
// one way or the other along a fixed direction. Captions name the class and the attribute in three
// word orders. After a few seconds of training, captions must find their class's images far above
// chance, word-order variants must agree, and the encoder must save, load and encode exactly.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { useBackend } from '../../src/engine/backend.ts';
import { Rng } from '../../src/random/prng.ts';
import {
  buildSentenceEncoder, encodeImages, encodeSentences, IMAGE_FEATURES, loadSentenceEncoder, measureRetrieval,
  saveSentenceEncoder, trainSentenceEncoder, type CaptionedImages, type JointEmbeddingResult,
} from '../../src/text/sentence_encoder.ts';
import { unknownWordsMessage, Vocabulary } from '../../src/text/tokenizer.ts';
import { assertClose } from '../helpers.ts';

const CLASSES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const ATTRIBUTES = ['thin', 'thick'];
const TEMPLATES = [
  (c: string, a: string) => `a ${c} that is ${a}`,
  (c: string, a: string) => `a ${a} ${c}`,
  (c: string, a: string) => `${c}, ${a}`,
];

interface Task extends CaptionedImages {
  /** The noise-free image of class c with attribute a, at row 2c + a. */
  ideal: Float32Array;
}

/** imagesPerClass images of each class, half thin and half thick, with two captions each. */
function syntheticTask(seed: number, imagesPerClass: number): Task {
  const rng = new Rng(seed);
  const prototypes = CLASSES.map(() => rng.fill(IMAGE_FEATURES, (r) => r.normal()));
  const direction = rng.fill(IMAGE_FEATURES, (r) => r.normal());
  const norm = Math.hypot(...direction);
  // A shift of length 3 against prototypes of length ~11 and noise of ~0.5 per coordinate.
  const shift = (a: number, j: number) => (a === 1 ? 3 : -3) * direction[j] / norm;
  const ideal = new Float32Array(CLASSES.length * ATTRIBUTES.length * IMAGE_FEATURES);
  for (let c = 0; c < CLASSES.length; c++) {
    for (let a = 0; a < ATTRIBUTES.length; a++) {
      for (let j = 0; j < IMAGE_FEATURES; j++) ideal[(2 * c + a) * IMAGE_FEATURES + j] = prototypes[c][j] + shift(a, j);
    }
  }
  const n = CLASSES.length * imagesPerClass;
  const features = new Float32Array(n * IMAGE_FEATURES);
  const labels = new Int32Array(n);
  const captions: string[] = [];
  const imageIndex: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % CLASSES.length;
    const a = Math.floor(i / CLASSES.length) % 2;
    labels[i] = c;
    for (let j = 0; j < IMAGE_FEATURES; j++) features[i * IMAGE_FEATURES + j] = ideal[(2 * c + a) * IMAGE_FEATURES + j] + 0.5 * rng.normal();
    for (let k = 0; k < 2; k++) {
      captions.push(TEMPLATES[rng.int(TEMPLATES.length)](CLASSES[c], ATTRIBUTES[a]));
      imageIndex.push(i);
    }
  }
  return { captions, imageIndex, features, labels, ideal };
}

const dot = (x: Float32Array, i: number, y: Float32Array, j: number, d: number) => {
  let s = 0;
  for (let k = 0; k < d; k++) s += x[i * d + k] * y[j * d + k];
  return s;
};

/** Embeddings as plain values, checking that encoding leaves no tensor behind. */
function embed(encoder: JointEmbeddingResult['encoder'], sentences: string[]): Float32Array {
  const count = tf.memory().numTensors;
  const { embeddings } = encodeSentences(encoder, sentences);
  const values = embeddings.dataSync() as Float32Array;
  embeddings.dispose();
  assert.equal(tf.memory().numTensors, count, 'encoding leaves no tensor behind');
  return values;
}

let dir: string;
let task: Task;
let trained: JointEmbeddingResult;
const EPOCHS = 8;

before(async () => {
  await useBackend();
  dir = mkdtempSync(join(tmpdir(), 'ganforge-sentence-encoder-'));
  task = syntheticTask(1, 16);
  trained = trainSentenceEncoder(task, { seed: 3, epochs: EPOCHS, batchSize: 32, heldOutFraction: 0.2, candidates: 10 });
});
after(() => {
  trained.encoder.model.dispose();
  trained.imageEncoder.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('the report: a falling loss per epoch, and held-out captions that find their class and their image far above chance', () => {
  const { report } = trained;
  assert.equal(report.loss.length, EPOCHS);
  assert.equal(report.trainCaptions, 256, '32 of the 160 images are held out with their 64 captions');
  assert.equal(report.steps, EPOCHS * 8);
  assert.ok(report.loss[EPOCHS - 1] < report.loss[0] / 2, `loss ${report.loss.join(', ')}`);
  const h = report.heldOut!;
  assert.deepEqual([h.captions, h.images, h.candidates, h.imageChance], [64, 32, 10, 0.1]);
  // A caption names a class and an attribute: 8 of the held-out images fit it, so its own image is
  // among the best but need not be the best.
  assert.ok(h.classAccuracy! >= 0.9 && h.classChance! < 0.25, `class ${h.classAccuracy} (chance ${h.classChance})`);
  assert.ok(h.imageAccuracy >= 0.3, `image ${h.imageAccuracy} (chance 0.1)`);
});

test('every caption picks its class among the ten classes (>= 0.9; chance 0.1) and its attribute within the class (>= 0.9; chance 0.5)', () => {
  const captions: string[] = [];
  const truth: [number, number][] = [];
  for (const [c, name] of CLASSES.entries()) {
    for (const [a, attribute] of ATTRIBUTES.entries()) {
      for (const template of TEMPLATES) {
        captions.push(template(name, attribute));
        truth.push([c, a]);
      }
    }
  }
  const t = embed(trained.encoder, captions);
  const images = encodeImages(trained.imageEncoder, task.ideal);
  const u = images.dataSync() as Float32Array;
  images.dispose();
  const d = t.length / captions.length;
  let classHits = 0, attributeHits = 0;
  for (const [i, [c, a]] of truth.entries()) {
    // Among the ten classes' images with the caption's attribute.
    const scores = CLASSES.map((_, k) => dot(t, i, u, 2 * k + a, d));
    if (scores.indexOf(Math.max(...scores)) === c) classHits++;
    if (dot(t, i, u, 2 * c + a, d) > dot(t, i, u, 2 * c + 1 - a, d)) attributeHits++;
  }
  assert.ok(classHits / truth.length >= 0.9, `${classHits} of ${truth.length} captions picked their class`);
  assert.ok(attributeHits / truth.length >= 0.9, `${attributeHits} of ${truth.length} captions picked their attribute`);
});

test('word-order variants of one caption are closer to each other than to any other class\'s caption', () => {
  const firsts = CLASSES.map((c) => `a thick ${c}`);
  const t = embed(trained.encoder, [...firsts, ...CLASSES.map((c) => `a ${c} that is thick`), ...CLASSES.map((c) => `${c}, thick`)]);
  const d = t.length / (3 * CLASSES.length);
  for (const [c, name] of CLASSES.entries()) {
    const nearestOther = Math.max(...CLASSES.map((_, k) => (k === c ? -Infinity : dot(t, c, t, k, d))));
    for (const variant of [1, 2]) {
      const same = dot(t, c, t, variant * CLASSES.length + c, d);
      assert.ok(same > nearestOther, `"a thick ${name}": ${same} to its variant ${variant}, ${nearestOther} to another class`);
    }
  }
});

test('embeddings are unit vectors; unknown words are reported and skipped; a caption of unknown words is refused', () => {
  const t = embed(trained.encoder, ['a thick seven', 'a thick zebra seven']);
  const d = t.length / 2;
  assert.ok(Math.abs(dot(t, 0, t, 0, d) - 1) < 1e-5);
  assertClose(t.subarray(d), t.subarray(0, d), 0, 0, 'the unknown word changes nothing');
  const { embeddings, unknown } = encodeSentences(trained.encoder, ['a thick zebra seven', 'purple two']);
  embeddings.dispose();
  assert.deepEqual(unknown, ['zebra', 'purple']);
  assert.match(unknownWordsMessage(unknown, trained.encoder.vocabulary), /^Unknown words skipped: "zebra", "purple" \(the vocabulary has 15 words: /);
  const count = tf.memory().numTensors;
  assert.throws(() => encodeSentences(trained.encoder, ['a seven', 'purple zebra']), /^Error: The caption "purple zebra" has no word the vocabulary knows \("purple", "zebra"\), so there is nothing to draw/);
  assert.equal(tf.memory().numTensors, count);
  const none = encodeSentences(trained.encoder, []);
  assert.deepEqual(none.embeddings.shape, [0, 128]);
  none.embeddings.dispose();
});

test('saved and loaded, the encoder gives identical embeddings and names its vocabulary file', async () => {
  const path = join(dir, 'encoder');
  await saveSentenceEncoder(trained.encoder, path);
  const loaded = await loadSentenceEncoder(path);
  const sentences = ['a thick seven', 'three, thin', 'a two that is thick zebra'];
  assert.deepEqual(Array.from(embed(loaded, sentences)), Array.from(embed(trained.encoder, sentences)));
  assert.deepEqual(loaded.vocabulary.toJSON(), trained.encoder.vocabulary.toJSON());
  assert.equal(unknownWordsMessage(['zebra'], loaded.vocabulary), `Unknown word skipped: "zebra" (the vocabulary has 15 words, listed in ${join(path, 'vocabulary.json')}).`);
  loaded.model.dispose();

  // A vocabulary that does not belong to the model is refused, not read with the wrong ids.
  writeFileSync(join(path, 'vocabulary.json'), JSON.stringify(Vocabulary.fromCaptions(['a thick seven', 'a thin two']).toJSON()));
  await assert.rejects(loadSentenceEncoder(path), {
    message: `The model in ${path} reads 5 words from a vocabulary of 15, but ${join(path, 'vocabulary.json')} holds 5 words padded to 3; train the sentence encoder and save it there again.`,
  });
  await assert.rejects(loadSentenceEncoder(join(dir, 'nothing')), /^Error: No vocabulary at .*nothing\/vocabulary\.json/);
});

test('padding is masked: the same weights read a caption the same whatever the padded length', () => {
  const words = Vocabulary.fromCaptions(['a thick seven that is thin']);
  const short = buildSentenceEncoder(words, { units: 8, outputDim: 4 }, new Rng(5));
  const long = buildSentenceEncoder(new Vocabulary(words.words, 12), { units: 8, outputDim: 4 }, new Rng(5));
  const sentences = ['a thick seven', 'seven', 'a seven that is thin'];
  assertClose(embed(long, sentences), embed(short, sentences), 1e-6, 1e-6, 'padded to 12 vs to 6');
  short.model.dispose();
  long.model.dispose();
});

test('the same seed trains the same encoder, leaving no tensor behind', () => {
  const small = syntheticTask(2, 4);
  const weights = (seed: number) => {
    const count = tf.memory().numTensors;
    const { encoder, imageEncoder, report } = trainSentenceEncoder(small, { seed, epochs: 2, batchSize: 16, heldOutFraction: 0 });
    assert.equal(report.heldOut, undefined);
    const values = [...encoder.model.getWeights(), ...imageEncoder.getWeights()].map((w) => Array.from(w.dataSync()));
    encoder.model.dispose();
    imageEncoder.dispose();
    assert.equal(tf.memory().numTensors, count, 'training leaves no tensor behind');
    return { values, loss: report.loss };
  };
  const a = weights(7);
  assert.deepEqual(weights(7), a);
  assert.notDeepEqual(weights(8).values, a.values);
});

test('bad inputs are refused with one sentence', () => {
  const small = syntheticTask(2, 2);
  const cases: [() => unknown, string][] = [
    [() => trainSentenceEncoder({ ...small, features: small.features.subarray(1) }, { seed: 1 }),
      `Image features come 128 per image, but ${small.features.length - 1} values are not a whole number of images; pass n × 128 values.`],
    [() => trainSentenceEncoder({ ...small, imageIndex: Array.from(small.imageIndex).fill(20, 3, 4) }, { seed: 1 }),
      'Caption 3 describes image 20, but the features hold images 0..19; give image indices within them.'],
    [() => trainSentenceEncoder({ ...small, imageIndex: [0] }, { seed: 1 }), 'There are 40 captions but 1 image indices; give one image index per caption.'],
    [() => trainSentenceEncoder({ ...small, labels: [0, 1] }, { seed: 1 }), 'There are 2 labels for 20 images; give one label per image.'],
    [() => trainSentenceEncoder(small, { seed: 1, heldOutFraction: 0.05 }),
      'heldOutFraction 0.05 of 20 captioned images holds out 1, but retrieval needs at least 2; raise heldOutFraction or set it to 0.'],
    [() => trainSentenceEncoder(small, { seed: 1, vocabulary: Vocabulary.fromCaptions(['a', ...CLASSES, ...ATTRIBUTES], { maxLength: 5 }) }),
      'The training captions use words the given vocabulary lacks ("that", "is"); build the vocabulary from the captions or leave it out.'],
    [() => trainSentenceEncoder(small, { seed: 1, heldOutFraction: 0.2, candidates: 1 }), 'candidates must be an integer of at least 2, not 1.'],
    [() => trainSentenceEncoder(small, { seed: 1, batchSize: 1 }), 'batchSize must be an integer of at least 2 (a batch needs negatives), not 1.'],
    [() => measureRetrieval(trained.encoder, trained.imageEncoder, { ...small, captions: small.captions.slice(0, 2), imageIndex: [0, 0] }, 10, new Rng(1)),
      'Retrieval needs at least 2 candidate images, but candidates is 10 and the captions describe 1; give more.'],
  ];
  const count = tf.memory().numTensors;
  for (const [f, message] of cases) assert.throws(f, { message });
  assert.equal(tf.memory().numTensors, count);
});
