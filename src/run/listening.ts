// Does a text-to-image generator draw what it is told? Two measurements on an exported model:
// - class: sentences naming each class, written from the training phrasings and from the held-out
//   ones, are drawn and ganforge's classifier for the data says which class each sample shows;
// - attributes: the same noise is drawn once with the low word and once with the high word of an
//   attribute ("a thin seven" / "a thick seven"), and the attribute's own measure on the samples
//   must move in the asked direction (Cohen's d and the share of pairs that moved).
import * as tf from '@tensorflow/tfjs';
import { classifierOutputs, loadClassifier, type ClassifierDataset } from '../eval/classifier.ts';
import { mnistLabelNames } from '../data/mnist.ts';
import { drawLatent, embedText, generate, loadTextEncoder, type Generator } from './generator_file.ts';
import { Rng } from '../random/prng.ts';
import { ATTRIBUTES, attributeKind, LEVEL_WORDS, MEASURES, type Attribute, type Level } from '../text/attributes.ts';
import { ATTRIBUTE_FORMS, templatesFor, writeCaption, type CaptionTemplate, type Mention } from '../text/captions.ts';

export interface ClassListening {
  /** Share of samples the classifier puts in the class their sentence names. */
  accuracy: number;
  perClass: number[];
  sentences: number;
  samples: number;
  /** An example sentence per class. */
  examples: string[];
}

export interface AttributeListening {
  attribute: Attribute;
  /** The two words compared, the second asking for more of the attribute. */
  low: string;
  high: string;
  /** Mean measure of the samples drawn with each word. */
  meanLow: number;
  meanHigh: number;
  /** (meanHigh - meanLow) / pooled standard deviation: positive when the model listens. */
  effectSize: number;
  /** Share of same-noise pairs whose high sample measures above its low one. */
  pairsMoved: number;
  pairs: number;
}

/** The word pairs compared: each attribute's low and high word; for slant also upright and leaning right. */
const COMPARISONS: Array<[Attribute, Level, Level]> = [
  ['thickness', 0, 2], ['slant', 0, 2], ['slant', 1, 2], ['size', 0, 2], ['brightness', 0, 2], ['width', 0, 2],
];

export interface ListeningReport {
  training: ClassListening;
  heldOut: ClassListening;
  attributes: AttributeListening[];
  /** Words of the held-out phrasings the model's vocabulary lacks (skipped when encoding). */
  unknownWords: string[];
}

export interface ListeningOptions {
  /** Sentences per class and split (default 10). */
  sentences?: number;
  /** Samples per sentence (default 10). */
  perSentence?: number;
  /** Same-noise pairs per attribute and class (default 20). */
  pairs?: number;
  seed?: number;
}

export async function measureListening(g: Generator, options: ListeningOptions = {}): Promise<ListeningReport> {
  const { sentences = 10, perSentence = 10, pairs = 20, seed = 0 } = options;
  const m = g.manifest;
  if (!m.text) throw new Error(`${m.architecture} models do not take text; measure a text-to-image run.`);
  const kind = attributeKind({ labelNames: m.labelNames, name: m.data });
  const heldOutIds = new Set(m.text.heldOutTemplates);
  const all = templatesFor(kind);
  const split = { training: all.filter((t) => !heldOutIds.has(t.id)), heldOut: all.filter((t) => heldOutIds.has(t.id)) };
  const encoder = await loadTextEncoder(g);
  const classifier = await loadClassifier(m.data as ClassifierDataset);
  // The run may train on some of the classes: its class c is the classifier's classIndex[c].
  const classIndex = m.labelNames.map((name) => mnistLabelNames(m.data as ClassifierDataset).indexOf(name));
  const rng = new Rng(seed);
  const unknown = new Set<string>();
  const draw = (z: Float32Array, texts: string[]) => {
    const { rows } = embedText(encoder, texts);
    for (const t of texts) for (const w of encoder.vocabulary.encode(t).unknown) unknown.add(w);
    return generate(g, z, rows);
  };
  try {
    const classes = (templates: readonly CaptionTemplate[]) =>
      classListening(templates, m.labelNames, kind, sentences, perSentence, rng, (z, texts) => predict(classifier, draw(z, texts), classIndex), (n) => drawLatent(m, n, rng));
    const training = classes(split.training);
    const heldOut = classes(split.heldOut.length ? split.heldOut : split.training);
    const size = tf.util.sizeFromShape(m.sampleShape);
    const attributes = COMPARISONS.filter(([a]) => (ATTRIBUTES[kind] as readonly Attribute[]).includes(a))
      .map(([a, from, to]) => attributeListening(a, from, to, all, m.labelNames, pairs, size, draw, (n) => drawLatent(m, n, rng)));
    return { training, heldOut, attributes, unknownWords: [...unknown].sort() };
  } finally {
    encoder.model.dispose();
    classifier.dispose();
  }
}

/** A random template of `templates` that takes `k` mentions. */
function templateFor(templates: readonly CaptionTemplate[], k: number, rng: Rng): CaptionTemplate | null {
  const fits = templates.filter((t) => t.min <= k && k <= t.max);
  return fits.length ? fits[rng.int(fits.length)] : null;
}

/** Mentions of a random subset of the attributes, each at a random level that has a word. */
function randomMentions(kind: 'digits' | 'clothes', rng: Rng): Mention[] {
  const out: Mention[] = [];
  for (const attribute of ATTRIBUTES[kind]) {
    if (rng.uniform() < 0.5) continue;
    const levels = ([0, 1, 2] as Level[]).filter((l) => ATTRIBUTE_FORMS[attribute][l]);
    out.push({ attribute, level: levels[rng.int(levels.length)] });
  }
  return out;
}

function classListening(
  templates: readonly CaptionTemplate[], labelNames: string[], kind: 'digits' | 'clothes', sentences: number, perSentence: number, rng: Rng,
  classify: (z: Float32Array, texts: string[]) => Int32Array, latents: (n: number) => Float32Array,
): ClassListening {
  const k = labelNames.length;
  const right = new Array<number>(k).fill(0);
  const examples: string[] = [];
  let written = 0;
  for (let c = 0; c < k; c++) {
    const texts: string[] = [];
    for (let s = 0; s < sentences; s++) {
      let mentions = randomMentions(kind, rng);
      let t = templateFor(templates, mentions.length, rng);
      // Held-out phrasings may all need mentions: fall back to one that takes this many.
      while (!t) { mentions = mentions.length ? mentions.slice(1) : randomMentions(kind, rng); t = templateFor(templates, mentions.length, rng); }
      const sentence = writeCaption(t, labelNames[c], mentions);
      if (s === 0) examples.push(sentence);
      for (let i = 0; i < perSentence; i++) texts.push(sentence);
    }
    written += sentences;
    const predicted = classify(latents(texts.length), texts);
    right[c] = predicted.filter((p) => p === c).length / texts.length;
  }
  return { accuracy: right.reduce((a, b) => a + b, 0) / k, perClass: right, sentences: written, samples: written * perSentence, examples };
}

function attributeListening(
  attribute: Attribute, from: Level, to: Level, templates: readonly CaptionTemplate[], labelNames: string[], pairs: number, size: number,
  draw: (z: Float32Array, texts: string[]) => Float32Array, latents: (n: number) => Float32Array,
): AttributeListening {
  const low: number[] = [], high: number[] = [];
  for (let c = 0; c < labelNames.length; c++) {
    const z = latents(pairs);
    const said = (level: Level) => Array.from({ length: pairs }, (_, i) =>
      writeCaption(templateFor(templates, 1, new Rng(seedOf(c, i)))!, labelNames[c], [{ attribute, level }]));
    const measure = (x: Float32Array) => Array.from({ length: pairs }, (_, i) => MEASURES[attribute](x.subarray(i * size, (i + 1) * size)));
    low.push(...measure(draw(z, said(from))));
    high.push(...measure(draw(z, said(to))));
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const variance = (v: number[]) => { const mu = mean(v); return v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1); };
  const pooled = Math.sqrt((variance(low) + variance(high)) / 2);
  return {
    attribute, low: LEVEL_WORDS[attribute][from]!, high: LEVEL_WORDS[attribute][to]!, meanLow: mean(low), meanHigh: mean(high),
    effectSize: (mean(high) - mean(low)) / (pooled || 1),
    pairsMoved: low.filter((l, i) => high[i] > l).length / low.length,
    pairs: low.length,
  };
}

// The same template for the low and the high sentence of a pair: only the attribute word differs.
const seedOf = (c: number, i: number) => 1000 * c + i + 1;

/** The run's class of each sample as the classifier sees it (-1: a class the run does not have). */
function predict(classifier: tf.LayersModel, x: Float32Array, classIndex: number[]): Int32Array {
  const { features, probs } = classifierOutputs(classifier, x);
  const classes = tf.tidy(() => probs.argMax(1).dataSync() as Int32Array);
  tf.dispose([features, probs]);
  return classes.map((k) => classIndex.indexOf(k));
}
