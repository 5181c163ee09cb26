// English captions for MNIST and Fashion-MNIST images, written from the image's class and the
// levels of attributes measured on it (attributes.ts), for a text-to-image GAN (Reed et al. 2016).
// Templates give the phrasings: the same words in different structures and orders ("a thick seven
// leaning right", "seven, thin and upright", "a dark, wide pullover"). A seeded share of the
// templates is held out of training, so a model's grasp of unseen wording can be measured.
import type { Dataset } from '../data/dataset.ts';
import { Rng } from '../random/prng.ts';
import {
  ATTRIBUTES, attributeKind, attributeLevels, fitCuts, measureAttributes,
  type Attribute, type AttributeCuts, type AttributeKind, type AttributeValues, type Level,
} from './attributes.ts';

/** One attribute a caption states, at a level. */
export interface Mention {
  attribute: Attribute;
  level: Level;
}

/**
 * How a level is said in the three places a template puts it, canonical wording first, then
 * synonyms: `pre` before the noun ("a thick seven"), `post` after a verb or comma ("a seven that
 * is thick", "seven, thick"), `tail` as a phrase right after the noun ("a seven with thick strokes").
 */
export interface LevelForms {
  pre: readonly string[];
  post: readonly string[];
  tail: readonly string[];
}

const forms = (pre: string[], post: string[], tail: string[]): LevelForms => ({ pre, post, tail });

/** The forms of every level; null where LEVEL_WORDS has no word, and post[0] is always that word. */
export const ATTRIBUTE_FORMS: Record<Attribute, readonly [LevelForms | null, LevelForms | null, LevelForms | null]> = {
  thickness: [
    forms(['thin'], ['thin'], ['with thin strokes', 'drawn with a thin pen']),
    null,
    forms(['thick', 'bold'], ['thick', 'bold'], ['with thick strokes', 'drawn with a thick pen']),
  ],
  slant: [
    forms(['left-leaning', 'left-slanted'], ['leaning left', 'slanted to the left'], ['leaning left', 'slanted to the left']),
    forms(['upright'], ['upright'], ['standing upright']),
    forms(['right-leaning', 'right-slanted'], ['leaning right', 'slanted to the right'], ['leaning right', 'slanted to the right']),
  ],
  size: [
    forms(['small', 'little'], ['small'], ['written small']),
    null,
    forms(['large', 'big'], ['large', 'big'], ['written large']),
  ],
  brightness: [
    forms(['dark'], ['dark'], ['in a dark shade', 'in a dark colour']),
    null,
    forms(['light', 'pale'], ['light', 'pale'], ['in a light shade', 'in a light colour']),
  ],
  width: [
    forms(['narrow', 'slim'], ['narrow', 'slim'], ['with a narrow cut', 'with a narrow shape']),
    null,
    forms(['wide', 'broad'], ['wide', 'broad'], ['with a wide cut', 'with a wide shape']),
  ],
};

/** The words for each class, by the dataset's class name, canonical first. */
export const CLASS_WORDS: Readonly<Record<string, readonly string[]>> = {
  '0': ['zero', '0'], '1': ['one', '1'], '2': ['two', '2'], '3': ['three', '3'], '4': ['four', '4'],
  '5': ['five', '5'], '6': ['six', '6'], '7': ['seven', '7'], '8': ['eight', '8'], '9': ['nine', '9'],
  'T-shirt/top': ['t-shirt', 'top', 'tee'],
  Trouser: ['trousers', 'pants'],
  Pullover: ['pullover', 'sweater', 'jumper'],
  Dress: ['dress'],
  Coat: ['coat', 'jacket'],
  Sandal: ['sandal'],
  Shirt: ['shirt'],
  Sneaker: ['sneaker', 'trainer'],
  Bag: ['bag', 'handbag'],
  'Ankle boot': ['ankle boot', 'boot'],
};

// Nouns that take "a pair of" and a plural verb.
const PLURAL = new Set(['trousers', 'pants']);

// With a seeded Rng, a word is a synonym this often (one drawn uniformly), else the canonical one;
// without one, always the canonical word, so prompts for evaluation read plainly.
const SYNONYM_SHARE = 0.3;
// Share of captions that name the class alone, though the image has attribute words.
const BARE_SHARE = 0.1;

/** The default seed of the template split, fixed so held-out phrasings stay put across runs. */
export const TEMPLATE_SPLIT_SEED = 8;

function choose(words: readonly string[], rng?: Rng): string {
  if (!rng || words.length === 1 || rng.uniform() >= SYNONYM_SHARE) return words[0];
  return words[1 + rng.int(words.length - 1)];
}

/** One mention in each of its forms, as the template will place it. */
export interface MentionWords {
  pre: string;
  post: string;
  tail: string;
}

/** A class word and whether it is plural ("trousers": "a pair of trousers that are ..."). */
export interface Noun {
  text: string;
  plural: boolean;
}

/** A phrasing: `render` places the class noun and 0..max attribute mentions (at least min). */
export interface CaptionTemplate {
  /** Unique within its kind, stable across versions: saved splits and reports name templates by it. */
  id: string;
  kind: AttributeKind;
  min: number;
  max: number;
  render(noun: Noun, words: readonly MentionWords[]): string;
}

// Every vowel-initial word of the vocabulary is said with a vowel, except "one"; "8" is "eight".
const article = (word: string) => (/^(?:[aeiu8]|o(?!ne\b))/.test(word) ? 'an' : 'a');
/** "a" or "an" or "a pair of" before `words` + noun: `words` may be empty. */
const indefinite = (noun: Noun, ...words: string[]) => {
  const phrase = [...words.filter((w) => w !== ''), noun.text].join(' ');
  return noun.plural ? `a pair of ${phrase}` : `${article(phrase)} ${phrase}`;
};
const andList = (xs: readonly string[]) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const pres = (w: readonly MentionWords[]) => w.map((m) => m.pre);
const posts = (w: readonly MentionWords[]) => w.map((m) => m.post);
const is = (noun: Noun) => (noun.plural ? 'are' : 'is');
const trailingList = (w: readonly MentionWords[]) => (w.length ? `, ${andList(posts(w))}` : '');

type Shape = Omit<CaptionTemplate, 'kind'>;

// Phrasings for either kind. Two templates never write the same words in the same order for the
// same mentions (the tokenizer drops punctuation), so each template is a phrasing of its own.
const SHARED: Shape[] = [
  { id: 'adjectives', min: 0, max: 3, render: (n, w) => indefinite(n, pres(w).join(', ')) },
  { id: 'bare', min: 0, max: 3, render: (n, w) => [...pres(w), n.text].join(' ') },
  { id: 'and-adjectives', min: 2, max: 3, render: (n, w) => indefinite(n, andList(pres(w))) },
  { id: 'comma', min: 1, max: 3, render: (n, w) => `${n.text}, ${andList(posts(w))}` },
  { id: 'which-is', min: 1, max: 3, render: (n, w) => `${n.text}, which ${is(n)} ${andList(posts(w))}` },
  { id: 'that-is', min: 1, max: 3, render: (n, w) => `${indefinite(n)} that ${is(n)} ${andList(posts(w))}` },
  // Adjectives after "looks": "looks right-leaning", not "looks leaning right".
  { id: 'looks', min: 1, max: 3, render: (n, w) => `${indefinite(n)} which ${n.plural ? 'look' : 'looks'} ${andList(pres(w))}` },
  { id: 'this-is', min: 1, max: 3, render: (n, w) => `${n.plural ? 'these' : 'this'} ${n.text} ${is(n)} ${andList(posts(w))}` },
  { id: 'trailing', min: 2, max: 3, render: (n, w) => `${indefinite(n, pres(w.slice(0, -1)).join(' '))} ${w[w.length - 1].tail}` },
  { id: 'with-tails', min: 1, max: 3, render: (n, w) => `${indefinite(n)} ${andList(w.map((m) => m.tail))}` },
  { id: 'mixed', min: 2, max: 3, render: (n, w) => `${w[0].pre} ${n.text}, ${andList(posts(w.slice(1)))}` },
  { id: 'image-of', min: 0, max: 3, render: (n, w) => `an image of ${indefinite(n, pres(w).join(', '))}` },
];

const DIGITS_ONLY: Shape[] = [
  { id: 'handwritten', min: 0, max: 3, render: (n, w) => indefinite(n, ...pres(w), 'handwritten') },
  { id: 'the-digit', min: 0, max: 3, render: (n, w) => `the digit ${n.text}${trailingList(w)}` },
  { id: 'by-hand', min: 0, max: 3, render: (n, w) => `${indefinite(n, pres(w).join(' '))} written by hand` },
];

const CLOTHES_ONLY: Shape[] = [
  { id: 'photo-of', min: 0, max: 3, render: (n, w) => `a photo of ${indefinite(n, pres(w).join(', '))}` },
  { id: 'plain-background', min: 0, max: 3, render: (n, w) => `${indefinite(n, pres(w).join(' '))} on a plain background` },
  { id: 'picture-of', min: 0, max: 3, render: (n, w) => `a picture of ${indefinite(n)}${trailingList(w)}` },
];

/** Every phrasing for digits, in a fixed order (caption results index into it). */
export const DIGIT_TEMPLATES: readonly CaptionTemplate[] = [...SHARED, ...DIGITS_ONLY].map((t) => ({ ...t, kind: 'digits' }));
/** Every phrasing for clothes, in a fixed order (caption results index into it). */
export const CLOTHING_TEMPLATES: readonly CaptionTemplate[] = [...SHARED, ...CLOTHES_ONLY].map((t) => ({ ...t, kind: 'clothes' }));

export const templatesFor = (kind: AttributeKind) => (kind === 'digits' ? DIGIT_TEMPLATES : CLOTHING_TEMPLATES);

/** The phrasings captions are trained on and those held out for evaluation. */
export interface TemplateSplit {
  training: readonly CaptionTemplate[];
  heldOut: readonly CaptionTemplate[];
}

/**
 * A seeded split of `kind`'s templates: round(heldOutShare × count) of them, at least 2, are held
 * out. The training ones must still phrase every number of mentions an image can have.
 */
export function splitTemplates(kind: AttributeKind, heldOutShare = 0.2, seed = TEMPLATE_SPLIT_SEED): TemplateSplit {
  const all = templatesFor(kind);
  if (!(heldOutShare >= 0 && heldOutShare < 1)) throw new Error(`heldOutShare must be in [0, 1), not ${heldOutShare}.`);
  const count = Math.max(2, Math.round(heldOutShare * all.length));
  const held = new Set(new Rng(seed).permutation(all.length).subarray(0, count));
  const split = { training: all.filter((_, i) => !held.has(i)), heldOut: all.filter((_, i) => held.has(i)) };
  for (let k = 0; k <= ATTRIBUTES[kind].length; k++) {
    if (!split.training.some((t) => t.min <= k && k <= t.max)) {
      throw new Error(`Holding out ${count} of ${all.length} ${kind} templates (seed ${seed}) leaves none for captions with ${k} attribute(s); lower heldOutShare or change the split seed.`);
    }
  }
  return split;
}

function wordsOf(m: Mention, rng?: Rng): MentionWords {
  const f = ATTRIBUTE_FORMS[m.attribute][m.level];
  if (!f) throw new Error(`The ${['low', 'middle', 'high'][m.level]} level of ${m.attribute} has no word; mention only levels that do.`);
  return { pre: choose(f.pre, rng), post: choose(f.post, rng), tail: choose(f.tail, rng) };
}

function nounOf(label: string, rng?: Rng): Noun {
  const words = CLASS_WORDS[label];
  if (!words) throw new Error(`No words for the class "${label}"; captions name MNIST digits ("0".."9") and Fashion-MNIST classes (${Object.keys(CLASS_WORDS).slice(10).join(', ')}).`);
  const text = choose(words, rng);
  return { text, plural: PLURAL.has(text) };
}

/**
 * The caption `template` writes for an image of class `label` (a class name: "7", "Pullover")
 * with the `mentions` in that order, e.g. a held-out template with label "7" and a high thickness
 * gives "a seven that is thick". With `rng`, words are sometimes synonyms; without, canonical.
 */
export function writeCaption(template: CaptionTemplate, label: string, mentions: readonly Mention[], rng?: Rng): string {
  const kind = template.kind;
  if (/^\d$/.test(label) !== (kind === 'digits')) throw new Error(`"${label}" is not a ${kind} class; the template ${template.id} writes ${kind} captions.`);
  const seen = new Set<Attribute>();
  for (const m of mentions) {
    if (!(ATTRIBUTES[kind] as readonly Attribute[]).includes(m.attribute)) throw new Error(`${m.attribute} is not a ${kind} attribute (${ATTRIBUTES[kind].join(', ')}).`);
    if (seen.has(m.attribute)) throw new Error(`${m.attribute} is mentioned twice; mention each attribute at most once.`);
    seen.add(m.attribute);
  }
  if (mentions.length < template.min || mentions.length > template.max) {
    throw new Error(`The template ${template.id} takes ${template.min} to ${template.max} mentions, not ${mentions.length}.`);
  }
  return template.render(nounOf(label, rng), mentions.map((m) => wordsOf(m, rng)));
}

export interface CaptionOptions {
  seed: number;
  /** Captions per image (default 5). */
  perImage?: number;
  /** Share of the templates held out of training (default 0.2; at least 2 templates). */
  heldOutShare?: number;
  /** Seed of the template split (default TEMPLATE_SPLIT_SEED). */
  splitSeed?: number;
  /** Cut points to judge levels by, e.g. the training set's for a test set; default: fitted on `dataset`. */
  cuts?: AttributeCuts;
}

/** Captions of every image of a dataset, with what they were written from. */
export interface CaptionedDataset {
  kind: AttributeKind;
  perImage: number;
  /** Image i's captions are captions[i × perImage .. (i + 1) × perImage). */
  captions: string[];
  /** The image of each caption. */
  imageIndex: Int32Array;
  /** The template of each caption, as its index in templatesFor(kind). */
  template: Uint8Array;
  /** The attributes each caption mentions: bit j for ATTRIBUTES[kind][j]. */
  mentioned: Uint8Array;
  values: AttributeValues;
  levels: Partial<Record<Attribute, Uint8Array>>;
  cuts: AttributeCuts;
  split: TemplateSplit;
}

/**
 * perImage captions of every image of a labelled MNIST or Fashion-MNIST dataset, from the training
 * templates only. Each caption names the class and mentions a random subset (in random order) of
 * the attributes whose level has a word; with probability 0.1 the class alone.
 */
export function captionDataset(dataset: Dataset, options: CaptionOptions): CaptionedDataset {
  const { seed, perImage = 5, heldOutShare = 0.2, splitSeed = TEMPLATE_SPLIT_SEED } = options;
  if (!Number.isInteger(perImage) || perImage < 1) throw new Error(`perImage must be a positive integer, not ${perImage}.`);
  const { labels, labelNames } = dataset;
  if (!labels || !labelNames) throw new Error(`"${dataset.name}" has no labels; captions name each image's class.`);
  const kind = attributeKind(dataset);
  if (options.cuts && options.cuts.kind !== kind) throw new Error(`The cut points are for ${options.cuts.kind} but "${dataset.name}" holds ${kind}.`);
  const values = measureAttributes(dataset, kind);
  const cuts = options.cuts ?? fitCuts(values, kind);
  const levels = attributeLevels(values, cuts);
  const split = splitTemplates(kind, heldOutShare, splitSeed);
  const all = templatesFor(kind);
  const attributes = ATTRIBUTES[kind];
  // Training templates by the number of mentions they take, as indices into `all`.
  const byCount = Array.from({ length: attributes.length + 1 }, (_, k) =>
    split.training.filter((t) => t.min <= k && k <= t.max).map((t) => all.indexOf(t)));

  const rng = new Rng(seed);
  const n = dataset.count * perImage;
  const captions = new Array<string>(n);
  const imageIndex = new Int32Array(n);
  const template = new Uint8Array(n);
  const mentioned = new Uint8Array(n);
  const worded: number[] = [];
  for (let i = 0; i < dataset.count; i++) {
    worded.length = 0;
    attributes.forEach((a, j) => { if (ATTRIBUTE_FORMS[a][levels[a]![i]]) worded.push(j); });
    const label = labelNames[labels[i]];
    for (let c = i * perImage; c < (i + 1) * perImage; c++) {
      const k = worded.length === 0 || rng.uniform() < BARE_SHARE ? 0 : 1 + rng.int(worded.length);
      // The first k of a partial shuffle: a random subset in a random order.
      for (let s = 0; s < k; s++) {
        const r = s + rng.int(worded.length - s);
        [worded[s], worded[r]] = [worded[r], worded[s]];
      }
      const mentions = worded.slice(0, k).map((j) => ({ attribute: attributes[j], level: levels[attributes[j]]![i] as Level }));
      const choices = byCount[k];
      const t = choices[rng.int(choices.length)];
      captions[c] = writeCaption(all[t], label, mentions, rng);
      imageIndex[c] = i;
      template[c] = t;
      mentioned[c] = worded.slice(0, k).reduce((bits, j) => bits | (1 << j), 0);
    }
  }
  return { kind, perImage, captions, imageIndex, template, mentioned, values, levels, cuts, split };
}
