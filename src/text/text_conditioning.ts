// What a text-to-image GAN (Reed et al. 2016, GAN-INT-CLS) is conditioned on: captions written
// for every training image, embedded by a sentence encoder that was trained first, as a joint
// embedding with image features, and then held fixed. The GAN trainer sees them through the
// Conditioning interface: a real image comes with one of its own captions, a mismatched pair
// with a caption of an image of another class, D judges generated images under captions of
// random images, and G trains on such captions, a share of them replaced by midpoints of two
// captions' embeddings (GAN-INT), which D never sees.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig, RunConfig } from '../config/schema.ts';
import type { Dataset } from '../data/dataset.ts';
import { classifierOutputs, loadClassifier, type ClassifierDataset } from '../eval/classifier.ts';
import type { Conditioning, ConditioningExport, GeneratorConditions, RealBatch } from '../gan/conditioning.ts';
import type { Rng } from '../random/prng.ts';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { ATTRIBUTES } from './attributes.ts';
import { captionDataset, type CaptionedDataset } from './captions.ts';
import {
  encodeSentences, loadSentenceEncoder, saveSentenceEncoder, trainSentenceEncoder,
  type SentenceEncoder,
} from './sentence_encoder.ts';

type TextModel = Extract<ModelConfig, { architecture: 'text-dcgan' }>;

/** Where a run keeps its sentence encoder, beside config.json (and in model/ when exported). */
export const TEXT_ENCODER_DIR = 'text-encoder';

export class TextConditioning implements Conditioning {
  readonly width: number;
  /** Image indices of each class, for conditions that ask for a class. */
  private readonly byClass: Int32Array[];

  constructor(
    readonly captions: CaptionedDataset,
    readonly encoder: SentenceEncoder,
    /** The embedding of every caption, [captions, width], L2-normalised. */
    readonly embeddings: Float32Array,
    private readonly labels: Int32Array,
    numClasses: number,
    /** GAN-INT: share of G's training conditions that are midpoints of two captions. */
    private readonly interpolation: number,
    /** The captioned images, flat, for the partners of grouped batches. */
    private readonly images: Float32Array,
  ) {
    this.width = embeddings.length / captions.captions.length;
    const members: number[][] = Array.from({ length: numClasses }, () => []);
    labels.forEach((l, i) => members[l].push(i));
    this.byClass = members.map((m) => Int32Array.from(m));
  }

  real(batch: RealBatch, rng: Rng): tf.Tensor2D {
    return this.rows(Array.from(batch.indices!, (i) => this.captionOf(i, rng)));
  }

  /** A caption of a random image of another class (rejection: any class but the image's own). */
  wrong(batch: RealBatch, rng: Rng): tf.Tensor2D {
    return this.rows(Array.from(batch.indices!, (i) => {
      let j: number;
      do j = rng.int(this.labels.length); while (this.labels[j] === this.labels[i]);
      return this.captionOf(j, rng);
    }));
  }

  forLabels(labels: Int32Array, rng: Rng): tf.Tensor2D {
    return this.rows(Array.from(labels, (l) => {
      const members = this.byClass[l];
      if (!members?.length) throw new Error(`class ${l} has no captioned images in this run's data; ask for one of the classes it was trained on.`);
      return this.captionOf(members[rng.int(members.length)], rng);
    }));
  }

  forFakes(n: number, rng: Rng): tf.Tensor2D {
    return this.rows(Array.from({ length: n }, () => this.captionOf(rng.int(this.labels.length), rng)));
  }

  /**
   * Captions of random images, the last `interpolation` share replaced by midpoints of two
   * captions (beta = 1/2 as in the paper), scaled back to unit length like every caption's
   * embedding: D never sees midpoints, so their length must not tell them apart. A midpoint asks
   * for each of its two captions' classes by half.
   */
  forGenerator(n: number, rng: Rng): GeneratorConditions {
    const count = this.labels.length, w = this.width, numClasses = this.byClass.length;
    const mixed = Math.round(this.interpolation * n);
    const images: number[] = [], captionIds: number[] = [];
    for (let i = 0; i < n + mixed; i++) {
      images.push(rng.int(count));
      captionIds.push(this.captionOf(images[i], rng));
    }
    const out = this.embeddingRows(captionIds.slice(0, n));
    const second = this.embeddingRows(captionIds.slice(n));
    const classes = new Float32Array(n * numClasses);
    images.forEach((image, i) => {
      const row = i < n ? i : n - mixed + (i - n);
      classes[row * numClasses + this.labels[image]] += i < n - mixed ? 1 : 0.5;
    });
    for (let k = 0; k < mixed; k++) {
      const row = out.subarray((n - mixed + k) * w, (n - mixed + k + 1) * w);
      row.forEach((v, j) => { row[j] = 0.5 * (v + second[k * w + j]); });
      const norm = Math.hypot(...row);
      // Two opposite captions would cancel; such a midpoint stays as it is.
      if (norm > 1e-6) row.forEach((v, j) => { row[j] = v / norm; });
    }
    return { conditions: tf.tensor2d(out, [n, w]), classes: tf.tensor2d(classes, [n, numClasses]) };
  }

  /**
   * Groups of images that one caption describes: each group's first image (the batch's own) brings
   * one of its captions, and the others are drawn from the images of its class whose attributes
   * stand at the levels that caption mentions ("a dark coat": any dark coat; "a coat": any coat),
   * so a group shows how much the images of one caption vary.
   */
  grouped(batch: RealBatch, groupSize: number, rng: Rng): { batch: RealBatch; conditions: tf.Tensor2D } {
    const n = batch.indices!.length, m = n / groupSize, size = this.images.length / this.labels.length;
    this.cells ??= this.describedBy();
    const x = new Float32Array(n * size), labels = new Int32Array(n), indices = new Int32Array(n);
    const captionIds = new Array<number>(m);
    for (let g = 0; g < m; g++) {
      const first = batch.indices![g];
      captionIds[g] = this.captionOf(first, rng);
      const members = this.cells.get(this.cellOf(first, this.captions.mentioned[captionIds[g]]))!;
      for (let k = 0; k < groupSize; k++) {
        const image = k === 0 ? first : members[rng.int(members.length)];
        // Groups are strided, as in the minibatch stddev layer: sample g + k m is in group g.
        const i = g + k * m;
        indices[i] = image;
        labels[i] = this.labels[image];
        x.set(this.images.subarray(image * size, (image + 1) * size), i * size);
      }
    }
    return { batch: { x, labels, indices }, conditions: tf.tidy(() => tf.tile(this.rows(captionIds), [groupSize, 1])) };
  }

  /** The exported G takes a sentence embedding; sample and the studio find the encoder in model/text-encoder. */
  get export(): ConditioningExport {
    return {
      input: 'text',
      manifest: { text: { encoder: TEXT_ENCODER_DIR, heldOutTemplates: this.captions.split.heldOut.map((t) => t.id) } },
      save: (dir) => saveSentenceEncoder(this.encoder, join(dir, TEXT_ENCODER_DIR)),
    };
  }

  dispose(): void {
    this.encoder.model.dispose();
  }

  /** Images by what a caption could say of them: class, which attributes it mentions and their levels. */
  private cells?: Map<number, number[]>;

  private cellOf(image: number, mentioned: number): number {
    const attributes = ATTRIBUTES[this.captions.kind];
    let key = this.labels[image] * (1 << attributes.length) + mentioned;
    attributes.forEach((a, j) => { key = key * 3 + ((mentioned >> j) & 1 ? this.captions.levels[a]![image] : 0); });
    return key;
  }

  /** Every image under every set of attributes a caption of it could mention. */
  private describedBy(): Map<number, number[]> {
    const cells = new Map<number, number[]>();
    const subsets = 1 << ATTRIBUTES[this.captions.kind].length;
    for (let image = 0; image < this.labels.length; image++) {
      for (let mentioned = 0; mentioned < subsets; mentioned++) {
        const key = this.cellOf(image, mentioned);
        const cell = cells.get(key);
        if (cell) cell.push(image);
        else cells.set(key, [image]);
      }
    }
    return cells;
  }

  private captionOf(image: number, rng: Rng): number {
    const per = this.captions.perImage;
    return image * per + rng.int(per);
  }

  private rows(captionIds: number[]): tf.Tensor2D {
    return tf.tensor2d(this.embeddingRows(captionIds), [captionIds.length, this.width]);
  }

  private embeddingRows(captionIds: number[]): Float32Array {
    const w = this.width, out = new Float32Array(captionIds.length * w);
    captionIds.forEach((c, r) => out.set(this.embeddings.subarray(c * w, (c + 1) * w), r * w));
    return out;
  }
}

/**
 * Captions for the run's data and the sentence encoder: loaded from `runRoot`/text-encoder when
 * the run has one (resume, eval), else trained and saved there. The encoder is trained once per
 * run, from the run's seed, so it belongs to the run as much as its weights do.
 */
export async function prepareTextConditioning(config: RunConfig, data: Dataset, runRoot: string | null): Promise<TextConditioning> {
  const m = config.model as TextModel;
  if (!data.labels || !data.labelNames) throw new Error(`"${data.name}" has no labels; captions need each image's class.`);
  const captions = captionDataset(data, { seed: config.seed, perImage: m.text.perImage, heldOutShare: m.text.heldOutShare });
  const dir = runRoot ? join(runRoot, TEXT_ENCODER_DIR) : null;
  let encoder: SentenceEncoder;
  if (dir && existsSync(join(dir, 'model.json'))) {
    encoder = await loadSentenceEncoder(dir);
  } else {
    const trained = await trainEncoder(config, data, captions);
    encoder = trained.encoder;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      await saveSentenceEncoder(encoder, dir);
      writeFileAtomic(join(dir, 'report.json'), JSON.stringify(trained.report, null, 2) + '\n');
    }
  }
  const { embeddings, unknown } = encodeSentences(encoder, captions.captions);
  if (unknown.length) {
    embeddings.dispose();
    throw new Error(`the run's sentence encoder does not know the words ${unknown.slice(0, 5).map((w) => `"${w}"`).join(', ')} of its own captions; delete ${dir} to train it again.`);
  }
  const rows = embeddings.dataSync().slice() as Float32Array;
  embeddings.dispose();
  return new TextConditioning(captions, encoder, rows, data.labels, data.labelNames.length, m.text.interpolation, data.x);
}

/**
 * Trains the sentence encoder against image features: the data's classifier features (what the
 * class looks like) beside the measured attributes (how this image is drawn), both standardised,
 * so that "thick" and "thin" captions of one digit pull towards different images.
 */
async function trainEncoder(config: RunConfig, data: Dataset, captions: CaptionedDataset) {
  const e = (config.model as TextModel).text.encoder;
  const classifier = await loadClassifier(config.data.source as ClassifierDataset);
  const { features, probs } = classifierOutputs(classifier, data.x);
  const classFeatures = features.dataSync().slice() as Float32Array;
  tf.dispose([features, probs]);
  classifier.dispose();
  const attributes = ATTRIBUTES[captions.kind].map((a) => captions.values[a]!);
  const n = data.count, f = classFeatures.length / n, dim = f + attributes.length;
  const joined = new Float32Array(n * dim);
  const scale = 1 / std(classFeatures);
  const columns = attributes.map((v) => ({ v, mean: mean(v), inv: 1 / std(v) }));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) joined[i * dim + j] = classFeatures[i * f + j] * scale;
    columns.forEach(({ v, mean: mu, inv }, k) => { joined[i * dim + f + k] = (v[i] - mu) * inv; });
  }
  const training = captions.split.training.map((t) => t.id);
  console.error(`training the sentence encoder on ${captions.captions.length} captions (${training.length} phrasings; held out: ${captions.split.heldOut.map((t) => t.id).join(', ')})`);
  const result = trainSentenceEncoder(
    { captions: captions.captions, imageIndex: captions.imageIndex, features: joined, featureDim: dim, labels: data.labels },
    {
      seed: config.seed, epochs: e.epochs, batchSize: e.batchSize, learningRate: e.learningRate,
      network: { wordDim: e.wordDim, units: e.units, outputDim: e.outputDim },
      onEpoch: ({ epoch, loss, seconds }) => console.error(`  sentence encoder epoch ${epoch}/${e.epochs}: loss ${loss.toFixed(3)} (${seconds.toFixed(0)} s)`),
    },
  );
  result.imageEncoder.dispose();
  return { encoder: result.encoder, report: result.report };
}

const mean = (v: Float32Array) => v.reduce((a, b) => a + b, 0) / v.length;
function std(v: Float32Array): number {
  const mu = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / v.length) || 1;
}
