// The sentence encoder that conditions a text-to-image GAN (Reed et al., "Generative Adversarial
// Text to Image Synthesis", ICML 2016): caption -> a D-dimensional embedding φ(t), pretrained as a
// joint embedding with image features and then held fixed while the GAN trains.
//
// Network: word embedding (padding masked) -> a GRU reading forwards and one reading backwards,
// their final states concatenated -> a linear projection to D. The captions are 3-10 words from
// a vocabulary of ~100, so a small recurrent net is cheap; the GRUs skip the masked padding
// (tfjs's conv1d does not take a mask), so a caption embeds the same whatever its padded length,
// and reading both ways keeps the first words as present in the result as the last.
// Two GRUs rather than tf.layers.bidirectional: that wrapper copies the forward layer's config,
// seeds included, so both directions would start from the same weights.
//
// Training: Reed, Akata, Lee & Schiele (CVPR 2016) trained theirs with a symmetric structured
// objective over a compatibility F(v, t) = θ(v)·φ(t): each image must score its own descriptions
// above the others, and each description its own image. We use the softmax form of that symmetric
// objective, CLIP's batch InfoNCE (Radford et al. 2021): for a batch of captions and the images
// they describe, the cosine compatibilities over a temperature are logits, and cross-entropy asks
// every caption to pick its image from the batch's images and every image to pick its captions
// from the batch's captions. A batch may hold several captions of one image, so every caption of
// the image counts as a positive (the log of the summed probabilities of the positives).
// The image side is a learned linear map of fixed image features (the classifier's 128-d features).
//
// Embeddings are L2-normalised: the joint space is trained on cosine compatibility, so the
// direction is all that carries meaning, and the GAN then sees inputs of one scale.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { loadLayersModel, saveLayersModel } from '../io/model_files.ts';
import { Rng } from '../random/prng.ts';
import { loadVocabulary, saveVocabulary, Vocabulary } from './tokenizer.ts';
import { adam } from '../train/optimizer.ts';

export const VOCABULARY_FILE = 'vocabulary.json';
/** The default width of the image features the image side maps from (the classifiers' penultimate layer). */
export const IMAGE_FEATURES = 128;
const MODEL_KIND = 'ganforge-sentence-encoder';
const PREDICT_BATCH = 256;

export interface SentenceEncoderOptions {
  /** Dimension of the word embeddings. */
  wordDim: number;
  /** Units of each of the two GRUs. */
  units: number;
  /** D, the dimension of the sentence embedding. */
  outputDim: number;
}

export const SENTENCE_ENCODER_DEFAULTS: SentenceEncoderOptions = { wordDim: 32, units: 64, outputDim: 128 };

export interface SentenceEncoder {
  /** Input: ids [n, vocabulary.maxLength] (int32, padded with 0); output: unnormalised embeddings [n, D]. */
  model: tf.LayersModel;
  vocabulary: Vocabulary;
}

/** A fresh encoder for `vocabulary`, its weights drawn from `rng`. */
export function buildSentenceEncoder(vocabulary: Vocabulary, options: Partial<SentenceEncoderOptions>, rng: Rng): SentenceEncoder {
  const o = { ...SENTENCE_ENCODER_DEFAULTS, ...options };
  for (const key of ['wordDim', 'units', 'outputDim'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new Error(`The sentence encoder's ${key} must be a positive integer, not ${o[key]}.`);
  }
  const glorot = () => tf.initializers.glorotUniform({ seed: rng.nextUint32() });
  const ids = tf.input({ shape: [vocabulary.maxLength], dtype: 'int32', name: 'word_ids' });
  const words = tf.layers.embedding({
    inputDim: vocabulary.size, outputDim: o.wordDim, maskZero: true, name: 'word_embedding',
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: rng.nextUint32() }),
  }).apply(ids) as tf.SymbolicTensor;
  // Glorot rather than the default orthogonal recurrent kernels: tfjs's orthogonal initialiser
  // warns of slowness at this size, and over ten steps the difference does not matter.
  const gru = (goBackwards: boolean, name: string) => tf.layers.gru({
    units: o.units, goBackwards, name, kernelInitializer: glorot(), recurrentInitializer: glorot(),
  }).apply(words) as tf.SymbolicTensor;
  const both = tf.layers.concatenate({ name: 'both_directions' }).apply([gru(false, 'gru_forward'), gru(true, 'gru_backward')]) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: o.outputDim, kernelInitializer: glorot(), name: 'projection' }).apply(both) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: ids, outputs: out, name: 'sentence_encoder' }), vocabulary };
}

/** The linear map of image features [n, featureDim] into the joint space [n, outputDim] (unnormalised). */
function buildImageEncoder(featureDim: number, outputDim: number, rng: Rng): tf.LayersModel {
  const features = tf.input({ shape: [featureDim], name: 'image_features' });
  const out = tf.layers.dense({ units: outputDim, kernelInitializer: tf.initializers.glorotUniform({ seed: rng.nextUint32() }), name: 'image_projection' }).apply(features);
  return tf.model({ inputs: features, outputs: out as tf.SymbolicTensor, name: 'image_encoder' });
}

const l2Normalise = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => x.mul(x.square().sum(1, true).add(1e-12).rsqrt()));

/**
 * The L2-normalised embeddings [n, D] of `sentences` and the words that were not in the
 * vocabulary (skipped; unknownWordsMessage words the warning). A sentence with no known word is an Error.
 */
export function encodeSentences(encoder: SentenceEncoder, sentences: readonly string[]): { embeddings: tf.Tensor2D; unknown: string[] } {
  const { ids, unknown } = encoder.vocabulary.encodeAll(sentences);
  return { embeddings: embedIds(encoder.model, ids, sentences.length), unknown };
}

function embedIds(model: tf.LayersModel, ids: Int32Array, n: number): tf.Tensor2D {
  const length = model.inputs[0].shape[1]!;
  const outputDim = model.outputs[0].shape[1]!;
  if (n === 0) return tf.zeros([0, outputDim]);
  return tf.tidy(() => l2Normalise(model.predict(tf.tensor2d(ids, [n, length], 'int32'), { batchSize: PREDICT_BATCH }) as tf.Tensor2D));
}

/** The L2-normalised joint-space embeddings [n, D] of image features [n × the image encoder's input width]. */
export function encodeImages(imageEncoder: tf.LayersModel, features: Float32Array): tf.Tensor2D {
  const dim = imageEncoder.inputs[0].shape[1]!;
  const n = imageCount(features, dim);
  return tf.tidy(() => l2Normalise(imageEncoder.predict(tf.tensor2d(features, [n, dim]), { batchSize: PREDICT_BATCH }) as tf.Tensor2D));
}

function imageCount(features: Float32Array, dim: number): number {
  if (features.length % dim !== 0) {
    throw new Error(`Image features come ${dim} per image, but ${features.length} values are not a whole number of images; pass n × ${dim} values.`);
  }
  return features.length / dim;
}

/** Captions and the images they describe. */
export interface CaptionedImages {
  captions: readonly string[];
  /** For each caption, the index of the image (row of `features`) it describes. */
  imageIndex: ArrayLike<number>;
  /** Image features [images × featureDim], e.g. classifierOutputs(...).features. */
  features: Float32Array;
  /** Values per image in `features` (default IMAGE_FEATURES). */
  featureDim?: number;
  /** The class of each image, for the class-level retrieval accuracy (optional). */
  labels?: ArrayLike<number>;
}

export interface JointEmbeddingOptions {
  seed: number;
  /** Passes over the training captions (default 20). */
  epochs?: number;
  /** Captions per step; the other captions' images in the batch are each caption's negatives (default 64). */
  batchSize?: number;
  /** Adam's initial rate, cosine-decayed over the epochs (default 2e-3). */
  learningRate?: number;
  /** Divides the cosine compatibilities before the softmax (default 0.1; CLIP learns it, from 0.07). */
  temperature?: number;
  /** Share of the captioned images whose captions are held out of training for the retrieval report (default 0.1; 0 for none). */
  heldOutFraction?: number;
  /** Images each held-out caption chooses among: its own and others drawn from the held-out ones (default 32). */
  candidates?: number;
  /** Default: built from all the captions, padded to the longest. */
  vocabulary?: Vocabulary;
  network?: Partial<SentenceEncoderOptions>;
  onEpoch?: (e: { epoch: number; loss: number; seconds: number }) => void;
}

export interface RetrievalReport {
  captions: number;
  images: number;
  /** Candidate images per caption (its own among them). */
  candidates: number;
  /** Share of captions whose best-scoring candidate is their own image (ties count as misses). */
  imageAccuracy: number;
  /** What guessing scores on imageAccuracy: 1 / candidates. */
  imageChance: number;
  /** Share of captions whose best-scoring candidate is of their image's class (with labels). */
  classAccuracy?: number;
  /** What guessing scores on classAccuracy: the mean share of same-class candidates. */
  classChance?: number;
}

export interface JointEmbeddingReport {
  /** The mean loss of each epoch. */
  loss: number[];
  steps: number;
  trainCaptions: number;
  heldOut?: RetrievalReport;
  seconds: number;
}

export interface JointEmbeddingResult {
  encoder: SentenceEncoder;
  /** The image side of the joint space (input features [n, featureDim]); see encodeImages. */
  imageEncoder: tf.LayersModel;
  report: JointEmbeddingReport;
}

/**
 * Trains a sentence encoder and an image map jointly (see the top of the file) on `data`;
 * the same seed gives the same weights. The caller disposes the returned models.
 */
export function trainSentenceEncoder(data: CaptionedImages, options: JointEmbeddingOptions): JointEmbeddingResult {
  const start = performance.now();
  const { seed, epochs = 20, batchSize = 64, learningRate = 2e-3, temperature = 0.1, heldOutFraction = 0.1, candidates = 32 } = options;
  const { captions, imageIndex, features } = data;
  checkData(data);
  if (!(Number.isInteger(epochs) && epochs >= 1)) throw new Error(`epochs must be a positive integer, not ${epochs}.`);
  if (!(Number.isInteger(batchSize) && batchSize >= 2)) throw new Error(`batchSize must be an integer of at least 2 (a batch needs negatives), not ${batchSize}.`);
  if (!(temperature > 0)) throw new Error(`temperature must be positive, not ${temperature}.`);
  if (!(heldOutFraction >= 0 && heldOutFraction < 1)) throw new Error(`heldOutFraction must be in [0, 1), not ${heldOutFraction}.`);
  // Checked now rather than by the retrieval after training.
  if (heldOutFraction > 0 && !(Number.isInteger(candidates) && candidates >= 2)) throw new Error(`candidates must be an integer of at least 2, not ${candidates}.`);

  const rng = new Rng(seed);
  const initRng = rng.fork();
  const evalRng = rng.fork();
  const vocabulary = options.vocabulary ?? Vocabulary.fromCaptions(captions);
  const { ids, unknown } = vocabulary.encodeAll(captions);
  if (unknown.length > 0) {
    throw new Error(`The training captions use words the given vocabulary lacks (${unknown.map((w) => `"${w}"`).join(', ')}); build the vocabulary from the captions or leave it out.`);
  }
  const length = vocabulary.maxLength;

  // Held out by image, so the report measures captions of images training never saw.
  const captioned = [...new Set(Array.from(imageIndex))];
  const heldOutImages = new Set<number>();
  const order = rng.permutation(captioned.length);
  const heldCount = Math.round(heldOutFraction * captioned.length);
  if (heldOutFraction > 0 && heldCount < 2) {
    throw new Error(`heldOutFraction ${heldOutFraction} of ${captioned.length} captioned images holds out ${heldCount}, but retrieval needs at least 2; raise heldOutFraction or set it to 0.`);
  }
  for (let k = 0; k < heldCount; k++) heldOutImages.add(captioned[order[k]]);
  const train: number[] = [];
  const heldOut: number[] = [];
  for (let i = 0; i < captions.length; i++) (heldOutImages.has(imageIndex[i]) ? heldOut : train).push(i);
  if (train.length < 2) throw new Error(`Only ${train.length} caption${train.length === 1 ? ' is' : 's are'} left to train on; give more captions or a smaller heldOutFraction.`);

  const encoder = buildSentenceEncoder(vocabulary, options.network ?? {}, initRng);
  const dim = data.featureDim ?? IMAGE_FEATURES;
  const imageEncoder = buildImageEncoder(dim, encoder.model.outputs[0].shape[1]!, initRng);
  const vars = [...encoder.model.trainableWeights, ...imageEncoder.trainableWeights].map((w) => w.read() as tf.Variable);
  const optimizer = adam(learningRate);
  const b = Math.min(batchSize, train.length);
  const steps = Math.floor(train.length / b);
  const idBatch = new Int32Array(b * length);
  const featureBatch = new Float32Array(b * dim);
  const positives = new Float32Array(b * b);
  const loss: number[] = [];

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const epochStart = performance.now();
    // Adam reads its rate at every step; the field is protected only in the type declarations.
    (optimizer as unknown as { learningRate: number }).learningRate = learningRate * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs));
    const shuffled = rng.permutation(train.length);
    let sum = 0;
    for (let s = 0; s < steps; s++) {
      for (let k = 0; k < b; k++) {
        const c = train[shuffled[s * b + k]];
        idBatch.set(ids.subarray(c * length, (c + 1) * length), k * length);
        featureBatch.set(features.subarray(imageIndex[c] * dim, (imageIndex[c] + 1) * dim), k * dim);
      }
      for (let r = 0; r < b; r++) {
        for (let k = 0; k < b; k++) positives[r * b + k] = imageIndex[train[shuffled[s * b + r]]] === imageIndex[train[shuffled[s * b + k]]] ? 1 : 0;
      }
      const value = tf.tidy(() => {
        const x = tf.tensor2d(idBatch, [b, length], 'int32');
        const v = tf.tensor2d(featureBatch, [b, dim]);
        const p = tf.tensor2d(positives, [b, b]);
        return optimizer.minimize(() => {
          const t = l2Normalise(encoder.model.apply(x, { training: true }) as tf.Tensor2D);
          const u = l2Normalise(imageEncoder.apply(v, { training: true }) as tf.Tensor2D);
          const logits = t.matMul(u, false, true).div(temperature) as tf.Tensor2D;
          return tf.mul(0.5, tf.add(infoNce(logits, p), infoNce(logits.transpose(), p))) as tf.Scalar;
        }, true, vars)!;
      });
      sum += value.dataSync()[0];
      value.dispose();
    }
    loss.push(sum / steps);
    options.onEpoch?.({ epoch, loss: sum / steps, seconds: (performance.now() - epochStart) / 1000 });
  }
  optimizer.dispose();

  const report: JointEmbeddingReport = { loss, steps: steps * epochs, trainCaptions: train.length, seconds: 0 };
  if (heldOut.length > 0) {
    report.heldOut = measureRetrieval(encoder, imageEncoder, {
      captions: heldOut.map((i) => captions[i]), imageIndex: heldOut.map((i) => imageIndex[i]), features, featureDim: dim, labels: data.labels,
    }, candidates, evalRng);
  }
  report.seconds = (performance.now() - start) / 1000;
  return { encoder, imageEncoder, report };
}

/**
 * Mean over rows of -log(the softmax mass on the row's positives): each row (a caption, or an
 * image when transposed) must pick the columns that `positives` marks (symmetric, so it serves both).
 */
function infoNce(logits: tf.Tensor2D, positives: tf.Tensor2D): tf.Scalar {
  // exp of a logit minus 1e9 is 0: the non-positives drop out of the numerator's sum.
  const onPositives = logits.add(positives.sub(1).mul(1e9));
  return tf.logSumExp(logits, 1).sub(tf.logSumExp(onPositives, 1)).mean() as tf.Scalar;
}

/** Validates `data` and returns the number of images. */
function checkData(data: CaptionedImages): number {
  const numImages = imageCount(data.features, data.featureDim ?? IMAGE_FEATURES);
  if (data.imageIndex.length !== data.captions.length) {
    throw new Error(`There are ${data.captions.length} captions but ${data.imageIndex.length} image indices; give one image index per caption.`);
  }
  for (let i = 0; i < data.imageIndex.length; i++) {
    const j = data.imageIndex[i];
    if (!(Number.isInteger(j) && j >= 0 && j < numImages)) {
      throw new Error(`Caption ${i} describes image ${j}, but the features hold images 0..${numImages - 1}; give image indices within them.`);
    }
  }
  if (data.labels && data.labels.length !== numImages) {
    throw new Error(`There are ${data.labels.length} labels for ${numImages} images; give one label per image.`);
  }
  return numImages;
}

/**
 * How well captions find their images (unknown words skipped): each caption scores its own image and candidates - 1
 * others drawn (by `rng`) from the images `data`'s captions describe; the best score should be
 * its own image (imageAccuracy) or at least of its class (classAccuracy, when labels are given).
 */
export function measureRetrieval(encoder: SentenceEncoder, imageEncoder: tf.LayersModel, data: CaptionedImages, candidates: number, rng: Rng): RetrievalReport {
  checkData(data);
  const { captions, imageIndex, labels } = data;
  const images = [...new Set(Array.from(imageIndex))];
  const k = Math.min(candidates, images.length);
  if (!(Number.isInteger(candidates) && k >= 2)) {
    throw new Error(`Retrieval needs at least 2 candidate images, but candidates is ${candidates} and the captions describe ${images.length}; give more.`);
  }
  const row = new Map(images.map((image, r) => [image, r]));
  const dim = data.featureDim ?? IMAGE_FEATURES;
  const subset = new Float32Array(images.length * dim);
  for (const [r, image] of images.entries()) subset.set(data.features.subarray(image * dim, (image + 1) * dim), r * dim);
  const { embeddings } = encodeSentences(encoder, captions);
  const t = embeddings.dataSync() as Float32Array;
  embeddings.dispose();
  const imageEmbeddings = encodeImages(imageEncoder, subset);
  const u = imageEmbeddings.dataSync() as Float32Array;
  imageEmbeddings.dispose();
  const d = t.length / captions.length;
  const score = (c: number, r: number) => {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += t[c * d + j] * u[r * d + j];
    return sum;
  };

  let ownHits = 0, classHits = 0, classShare = 0;
  const drawn = new Set<number>();
  for (let c = 0; c < captions.length; c++) {
    const own = row.get(imageIndex[c])!;
    drawn.clear();
    while (drawn.size < k - 1) {
      const r = rng.int(images.length);
      if (r !== own) drawn.add(r);
    }
    // The others first, so that a tie with the own image goes to another.
    const pool = [...drawn, own];
    let best = pool[0], bestScore = score(c, best);
    for (const r of pool.slice(1)) {
      const s = score(c, r);
      if (s > bestScore) [best, bestScore] = [r, s];
    }
    if (best === own) ownHits++;
    if (labels) {
      const label = labels[imageIndex[c]];
      if (labels[images[best]] === label) classHits++;
      classShare += pool.filter((r) => labels[images[r]] === label).length / k;
    }
  }
  const n = captions.length;
  return {
    captions: n, images: images.length, candidates: k, imageAccuracy: ownHits / n, imageChance: 1 / k,
    ...(labels && { classAccuracy: classHits / n, classChance: classShare / n }),
  };
}

/** Writes the encoder to `dir`: model.json and weights.bin (TensorFlow.js layers format) and vocabulary.json. */
export async function saveSentenceEncoder(encoder: SentenceEncoder, dir: string): Promise<void> {
  await saveLayersModel(encoder.model, dir, { userDefinedMetadata: { kind: MODEL_KIND } });
  saveVocabulary(encoder.vocabulary, join(dir, VOCABULARY_FILE));
}

/** Loads the encoder saveSentenceEncoder wrote to `dir`, checking that its model and vocabulary belong together. */
export async function loadSentenceEncoder(dir: string): Promise<SentenceEncoder> {
  const remedy = 'train the sentence encoder and save it there again';
  const vocabulary = loadVocabulary(join(dir, VOCABULARY_FILE));
  const model = await loadLayersModel(dir, remedy);
  const kind = (model.getUserDefinedMetadata() as { kind?: string } | undefined)?.kind;
  const length = model.inputs[0].shape[1];
  const words = kind === MODEL_KIND ? (model.getLayer('word_embedding').getConfig().inputDim as number) : undefined;
  if (kind !== MODEL_KIND || length !== vocabulary.maxLength || words !== vocabulary.size) {
    model.dispose();
    const why = kind !== MODEL_KIND
      ? 'is not a sentence encoder'
      : `reads ${length} words from a vocabulary of ${words! - 1}, but ${vocabulary.source} holds ${vocabulary.words.length} words padded to ${vocabulary.maxLength}`;
    throw new Error(`The model in ${dir} ${why}; ${remedy}.`);
  }
  return { model, vocabulary };
}
