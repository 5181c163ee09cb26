// The tokenizer and vocabulary: case and punctuation, a deterministic vocabulary, its JSON round
// trip, unknown words named once and skipped, and captions that cannot be encoded refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadVocabulary, PAD_ID, saveVocabulary, tokenize, unknownWordsMessage, Vocabulary } from '../../src/text/tokenizer.ts';

let dir: string;
before(() => { dir = mkdtempSync(join(tmpdir(), 'ganforge-tokenizer-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

const CAPTIONS = ['a thick seven leaning right', 'seven, thin and upright', 'a dark, wide pullover', 'A light T-shirt.'];

test('words are lower-cased; punctuation is dropped but hyphenated words, apostrophes and numerals stay whole', () => {
  assert.deepEqual(tokenize('A Thick SEVEN, leaning right.'), ['a', 'thick', 'seven', 'leaning', 'right']);
  assert.deepEqual(tokenize('seven,thin;and (upright)!'), ['seven', 'thin', 'and', 'upright']);
  assert.deepEqual(tokenize('a dark t-shirt - or a 7'), ['a', 'dark', 't-shirt', 'or', 'a', '7']);
  // Typographic hyphens and apostrophes read as their ASCII forms.
  assert.deepEqual(tokenize('T\u2010Shirt that doesn\u2019t fit'), ['t-shirt', 'that', "doesn't", 'fit']);
  assert.deepEqual(tokenize('  --, ... '), []);
});

test('the vocabulary is the sorted set of words after the padding id, whatever the captions\' order', () => {
  const v = Vocabulary.fromCaptions(CAPTIONS);
  assert.deepEqual(v.words, ['a', 'and', 'dark', 'leaning', 'light', 'pullover', 'right', 'seven', 't-shirt', 'thick', 'thin', 'upright', 'wide']);
  assert.equal(PAD_ID, 0);
  assert.equal(v.id('a'), 1);
  assert.equal(v.size, v.words.length + 1);
  assert.equal(v.maxLength, 5, 'the longest caption has five words');
  assert.deepEqual(Vocabulary.fromCaptions([...CAPTIONS].reverse()).toJSON(), v.toJSON());
  assert.equal(Vocabulary.fromCaptions(CAPTIONS, { maxLength: 8 }).maxLength, 8);
  assert.throws(() => Vocabulary.fromCaptions(CAPTIONS, { maxLength: 4 }), { message: 'maxLength is 4 but the longest caption has 5 words; raise maxLength or leave it out.' });
  assert.throws(() => Vocabulary.fromCaptions(['', '...']), /no word to build a vocabulary from/);
});

test('a caption becomes the ids of its words padded to maxLength', () => {
  const v = Vocabulary.fromCaptions(CAPTIONS, { maxLength: 6 });
  const { ids, unknown } = v.encode('Seven, thin and upright');
  assert.deepEqual(Array.from(ids), ['seven', 'thin', 'and', 'upright'].map((w) => v.id(w)).concat([PAD_ID, PAD_ID]));
  assert.deepEqual(unknown, []);
  const all = v.encodeAll(['a dark pullover', 'a light t-shirt']);
  assert.equal(all.ids.length, 12);
  assert.deepEqual(Array.from(all.ids.subarray(6)), [v.id('a'), v.id('light'), v.id('t-shirt'), 0, 0, 0]);
});

test('the vocabulary saved as JSON loads back the same and encodes the same', () => {
  const v = Vocabulary.fromCaptions(CAPTIONS, { maxLength: 7 });
  const path = join(dir, 'vocabulary.json');
  saveVocabulary(v, path);
  assert.equal(v.source, path);
  const loaded = loadVocabulary(path);
  assert.deepEqual(loaded.toJSON(), v.toJSON());
  assert.equal(loaded.source, path);
  assert.deepEqual(loaded.encode('a thick seven leaning right'), v.encode('a thick seven leaning right'));
  assert.deepEqual(Vocabulary.fromJSON(JSON.parse(JSON.stringify(v))).toJSON(), v.toJSON());
});

test('a damaged vocabulary file is refused with a sentence naming the file', () => {
  const write = (name: string, json: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
    return path;
  };
  const good = Vocabulary.fromCaptions(CAPTIONS).toJSON();
  assert.throws(() => loadVocabulary(join(dir, 'missing.json')), { message: `No vocabulary at ${join(dir, 'missing.json')} (the file cannot be read); save the sentence encoder there again.` });
  const notJson = write('not-json.json', '{ words');
  assert.throws(() => loadVocabulary(notJson), { message: `${notJson} is not valid JSON; save the sentence encoder there again.` });
  const other = write('other.json', { words: ['a'] });
  assert.throws(() => loadVocabulary(other), new RegExp(`^Error: ${other} is not a ganforge vocabulary`));
  const twice = write('twice.json', { ...good, words: ['a', 'a'] });
  assert.throws(() => loadVocabulary(twice), { message: `The vocabulary in ${twice} holds "a" twice; rebuild it from the captions.` });
  const phrase = write('phrase.json', { ...good, words: ['a', 'Dark Blue'] });
  assert.throws(() => loadVocabulary(phrase), { message: `The vocabulary in ${phrase} holds "Dark Blue", which is not one lower-case word; rebuild it from the captions.` });
  const length = write('length.json', { ...good, maxLength: 0 });
  assert.throws(() => loadVocabulary(length), { message: `The vocabulary's maxLength in ${length} must be a positive integer, not 0.` });
});

test('unknown words are reported once each, skipped, and named in one sentence', () => {
  const v = Vocabulary.fromCaptions(CAPTIONS);
  const { ids, unknown } = v.encode('a purple seven, zebra PURPLE');
  assert.deepEqual(unknown, ['purple', 'zebra']);
  assert.deepEqual(ids, v.encode('a seven').ids);
  assert.equal(unknownWordsMessage(unknown, v),
    `Unknown words skipped: "purple", "zebra" (the vocabulary has 13 words: ${v.words.join(', ')}).`);
  const path = join(dir, 'named.json');
  saveVocabulary(v, path);
  assert.equal(unknownWordsMessage(['zebra'], v), `Unknown word skipped: "zebra" (the vocabulary has 13 words, listed in ${path}).`);
  assert.equal(unknownWordsMessage([], v), '');
  const all = v.encodeAll(['a zebra seven', 'a thin purple pullover', 'zebra thin']);
  assert.deepEqual(all.unknown, ['zebra', 'purple']);
});

test('a caption with no known word, or too many, is an Error that says what to do', () => {
  const v = Vocabulary.fromCaptions(CAPTIONS);
  const path = join(dir, 'errors.json');
  saveVocabulary(v, path);
  assert.throws(() => v.encode('purple zebra, purple'), {
    message: `The caption "purple zebra, purple" has no word the vocabulary knows ("purple", "zebra"), so there is nothing to draw; describe the image with words from the vocabulary (13 words, listed in ${path}).`,
  });
  assert.throws(() => v.encode(' , '), {
    message: `The caption " , " has no words, so there is nothing to draw; describe the image with words from the vocabulary (13 words, listed in ${path}).`,
  });
  assert.throws(() => v.encodeAll(['a thin seven', 'zebra']), /^Error: The caption "zebra" has no word the vocabulary knows/);
  assert.throws(() => v.encode('a thick dark seven leaning right zebra'), {
    message: 'The caption "a thick dark seven leaning right zebra" has 6 known words but the sentence encoder reads at most 5; shorten the caption.',
  });
});
