// Words of a caption as ids for the sentence encoder. Captions are lower-cased and split into
// words; punctuation carries nothing the generated captions need ("seven, thin and upright" reads
// the same without its comma), so it is dropped, except that a hyphen or apostrophe inside a word
// keeps the word whole ("t-shirt", "doesn't"). Numerals are words like any other ("7").
// The vocabulary is the sorted set of training words; id 0 is padding, so the encoder can mask it.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../util/atomic_write.ts';

/** The id that pads every caption to the vocabulary's maxLength (the embedding masks it). */
export const PAD_ID = 0;

export const VOCABULARY_FORMAT = 'ganforge-vocabulary';
const VOCABULARY_VERSION = 1;

// A run of letters or digits, optionally joined to more by single hyphens or apostrophes.
const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;
// Typographic apostrophes and hyphens, so that "doesn’t" and "t‐shirt" match their ASCII spelling.
const APOSTROPHES = /[\u2018\u2019\u02bc]/g;
const HYPHENS = /[\u2010\u2011]/g;

/** The words of `text`, lower-cased, in order. */
export function tokenize(text: string): string[] {
  const normal = text.normalize('NFKC').toLowerCase().replace(APOSTROPHES, "'").replace(HYPHENS, '-');
  return normal.match(WORD) ?? [];
}

/** The shape of vocabulary.json. */
export interface VocabularyJSON {
  format: typeof VOCABULARY_FORMAT;
  version: number;
  /** Every caption is padded to this many ids. */
  maxLength: number;
  /** The words; the word at position i has id i + 1. */
  words: string[];
}

export interface EncodedCaption {
  /** maxLength ids, the known words first, then padding. */
  ids: Int32Array;
  /** The words not in the vocabulary, each once, in order of appearance; they were skipped. */
  unknown: string[];
}

export class Vocabulary {
  /** The words; the word at position i has id i + 1. */
  readonly words: readonly string[];
  readonly maxLength: number;
  /** The file the vocabulary was read from or saved to, named in messages about unknown words. */
  source?: string;
  private readonly ids: Map<string, number>;

  constructor(words: readonly string[], maxLength: number, source?: string) {
    const where = source ? ` in ${source}` : '';
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new Error(`The vocabulary's maxLength${where} must be a positive integer, not ${maxLength}.`);
    this.ids = new Map();
    for (const [i, word] of words.entries()) {
      if (typeof word !== 'string' || tokenize(word).length !== 1 || tokenize(word)[0] !== word) {
        throw new Error(`The vocabulary${where} holds ${JSON.stringify(word)}, which is not one lower-case word; rebuild it from the captions.`);
      }
      if (this.ids.has(word)) throw new Error(`The vocabulary${where} holds "${word}" twice; rebuild it from the captions.`);
      this.ids.set(word, i + 1);
    }
    this.words = [...words];
    this.maxLength = maxLength;
    this.source = source;
  }

  /**
   * The words of `captions`, sorted by code point (the same on every machine and locale).
   * maxLength defaults to the longest caption's word count and may not be less.
   */
  static fromCaptions(captions: readonly string[], options: { maxLength?: number } = {}): Vocabulary {
    const words = new Set<string>();
    let longest = 0;
    for (const caption of captions) {
      const tokens = tokenize(caption);
      for (const t of tokens) words.add(t);
      longest = Math.max(longest, tokens.length);
    }
    if (words.size === 0) throw new Error('The captions hold no word to build a vocabulary from; give at least one caption with words.');
    const maxLength = options.maxLength ?? longest;
    if (maxLength < longest) {
      throw new Error(`maxLength is ${maxLength} but the longest caption has ${longest} words; raise maxLength or leave it out.`);
    }
    return new Vocabulary([...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), maxLength);
  }

  /** Checks and reads a parsed vocabulary.json; `source` names the file in errors and warnings. */
  static fromJSON(json: unknown, source?: string): Vocabulary {
    const where = source ?? 'the vocabulary';
    const v = json as Partial<VocabularyJSON> | null;
    if (typeof v !== 'object' || v === null || v.format !== VOCABULARY_FORMAT || !Array.isArray(v.words)) {
      throw new Error(`${where} is not a ganforge vocabulary (it needs "format": "${VOCABULARY_FORMAT}" and a "words" list); save the sentence encoder again.`);
    }
    if (v.version !== VOCABULARY_VERSION) {
      throw new Error(`${where} has vocabulary version ${v.version}, but this ganforge reads version ${VOCABULARY_VERSION}; save the sentence encoder again.`);
    }
    return new Vocabulary(v.words, v.maxLength as number, source);
  }

  /** Ids the embedding takes: the words and the padding id. */
  get size(): number {
    return this.words.length + 1;
  }

  /** The id of `word`, or undefined when it is not in the vocabulary. */
  id(word: string): number | undefined {
    return this.ids.get(word);
  }

  /**
   * The ids of `caption`'s known words padded to maxLength, and the unknown words, which are
   * skipped. A caption with no known word, or more known words than maxLength, is an Error:
   * no embedding would describe it.
   */
  encode(caption: string): EncodedCaption {
    const ids = new Int32Array(this.maxLength);
    const unknown: string[] = [];
    let n = 0;
    const tokens = tokenize(caption);
    for (const word of tokens) {
      const id = this.ids.get(word);
      if (id === undefined) {
        if (!unknown.includes(word)) unknown.push(word);
      } else if (n < this.maxLength) {
        ids[n++] = id;
      } else {
        const known = tokens.filter((t) => this.ids.has(t)).length;
        throw new Error(`The caption "${caption}" has ${known} known words but the sentence encoder reads at most ${this.maxLength}; shorten the caption.`);
      }
    }
    if (n === 0) {
      const what = tokens.length === 0 ? 'has no words' : `has no word the vocabulary knows (${quoteList(unknown)})`;
      throw new Error(`The caption "${caption}" ${what}, so there is nothing to draw; describe the image with words from the vocabulary (${this.listing()}).`);
    }
    return { ids, unknown };
  }

  /** encode() of every caption: ids [captions.length × maxLength] and every unknown word once. */
  encodeAll(captions: readonly string[]): EncodedCaption {
    const ids = new Int32Array(captions.length * this.maxLength);
    const unknown: string[] = [];
    for (const [i, caption] of captions.entries()) {
      const e = this.encode(caption);
      ids.set(e.ids, i * this.maxLength);
      for (const w of e.unknown) if (!unknown.includes(w)) unknown.push(w);
    }
    return { ids, unknown };
  }

  toJSON(): VocabularyJSON {
    return { format: VOCABULARY_FORMAT, version: VOCABULARY_VERSION, maxLength: this.maxLength, words: [...this.words] };
  }

  /** "41 words, listed in <file>", or the words themselves when the vocabulary has no file. */
  listing(): string {
    const count = `${this.words.length} word${this.words.length === 1 ? '' : 's'}`;
    return this.source ? `${count}, listed in ${this.source}` : `${count}: ${this.words.join(', ')}`;
  }
}

/**
 * The one-sentence warning naming the skipped words, e.g.
 * `Unknown words skipped: "purple", "zebra" (the vocabulary has 41 words, listed in <file>).`
 * Callers decide whether and where to print it; with no unknown words it is ''.
 */
export function unknownWordsMessage(unknown: readonly string[], vocabulary: Vocabulary): string {
  if (unknown.length === 0) return '';
  return `Unknown word${unknown.length === 1 ? '' : 's'} skipped: ${quoteList(unknown)} (the vocabulary has ${vocabulary.listing()}).`;
}

/** Writes `vocabulary` to `path` as JSON and makes `path` its source. */
export function saveVocabulary(vocabulary: Vocabulary, path: string): void {
  writeFileAtomic(path, `${JSON.stringify(vocabulary.toJSON(), null, 1)}\n`);
  vocabulary.source = path;
}

/** Reads the vocabulary saved at `path`. */
export function loadVocabulary(path: string): Vocabulary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`No vocabulary at ${path} (the file cannot be read); save the sentence encoder there again.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON; save the sentence encoder there again.`);
  }
  return Vocabulary.fromJSON(json, path);
}

const quoteList = (words: readonly string[]) => words.map((w) => `"${w}"`).join(', ');
