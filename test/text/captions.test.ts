// Captions: written the same way for a seed, each names its image's class and states exactly the
// attribute levels measured on the image, never from a held-out template; the template split
// honours its share; templates write the phrasings they promise; 70,000 images caption in seconds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/data/dataset.ts';
import { loadMnist } from '../../src/data/mnist.ts';
import { Rng } from '../../src/random/prng.ts';
import { ATTRIBUTES, LEVEL_WORDS, attributeLevels, measureAttributes, type Attribute, type AttributeKind, type Level } from '../../src/text/attributes.ts';
import {
  ATTRIBUTE_FORMS, CLASS_WORDS, CLOTHING_TEMPLATES, DIGIT_TEMPLATES, captionDataset, splitTemplates, templatesFor,
  writeCaption, type CaptionedDataset, type Mention,
} from '../../src/text/captions.ts';

const digits = loadMnist('mnist', { limit: 2000 });
const clothes = loadMnist('fashion-mnist', { limit: 2000 });

/** " w1 w2 ... " of a caption or phrase, lower-cased, punctuation dropped, so phrases match whole words. */
const words = (text: string) => ` ${(text.toLowerCase().match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? []).join(' ')} `;
const says = (caption: string, phrase: string) => words(caption).includes(words(phrase));

const template = (kind: AttributeKind, id: string) => templatesFor(kind).find((t) => t.id === id)!;

test('the same seed writes the same captions, another seed others', () => {
  const a = captionDataset(digits, { seed: 3 }), b = captionDataset(digits, { seed: 3 });
  assert.deepEqual(a.captions, b.captions);
  assert.deepEqual(a.template, b.template);
  const c = captionDataset(digits, { seed: 4 });
  assert.ok(c.captions.filter((t, i) => t !== a.captions[i]).length > a.captions.length / 2);
});

for (const [name, dataset] of [['digits', digits], ['clothes', clothes]] as [string, Dataset][]) {
  test(`${name}: every caption names its image's class and states exactly the image's measured levels`, () => {
    const result: CaptionedDataset = captionDataset(dataset, { seed: 1, perImage: 3 });
    const kind = result.kind;
    assert.equal(kind, name);
    assert.equal(result.captions.length, dataset.count * 3);
    const levels = attributeLevels(measureAttributes(dataset), result.cuts);
    assert.deepEqual(result.levels, levels);
    const attributes: readonly Attribute[] = ATTRIBUTES[kind];
    const mentionCounts = new Array(attributes.length + 1).fill(0);
    result.captions.forEach((caption, c) => {
      const image = result.imageIndex[c];
      assert.equal(image, Math.floor(c / 3));
      const label = dataset.labelNames![dataset.labels![image]];
      assert.ok(CLASS_WORDS[label].some((w) => says(caption, w)), `"${caption}" does not name ${label}`);
      for (const [other, ws] of Object.entries(CLASS_WORDS)) {
        // "top" and "boot" are their own class's words inside "t-shirt" and "ankle boot".
        if (other !== label) assert.ok(!ws.some((w) => says(caption, w)), `"${caption}" names ${other}, not only ${label}`);
      }
      let count = 0;
      attributes.forEach((a, j) => {
        const mentioned = (result.mentioned[c] >> j) & 1;
        count += mentioned;
        for (const level of [0, 1, 2] as const) {
          const f = ATTRIBUTE_FORMS[a][level];
          if (!f) continue;
          const said = [...f.pre, ...f.post, ...f.tail].some((w) => says(caption, w));
          assert.equal(said, mentioned === 1 && levels[a]![image] === level, `"${caption}": ${a} level ${level} (measured ${levels[a]![image]})`);
        }
      });
      mentionCounts[count]++;
    });
    // Captions state from none to all of the attributes.
    assert.ok(mentionCounts.every((n) => n > 0), `captions by number of mentions: ${mentionCounts}`);
  });
}

test('captions come only from training templates, of every one of them, and perImage is respected', () => {
  for (const dataset of [digits, clothes]) {
    const result = captionDataset(dataset, { seed: 2, perImage: 2, heldOutShare: 0.3 });
    const all = templatesFor(result.kind);
    const heldOut = new Set(result.split.heldOut.map((t) => all.indexOf(t)));
    assert.equal(result.captions.length, dataset.count * 2);
    assert.ok(result.template.every((t) => !heldOut.has(t)), 'a caption from a held-out template');
    const used = new Set(result.template);
    assert.equal(used.size, result.split.training.length, 'every training template is used');
  }
});

test('the template split holds out the share asked for, at least 2, the same for a seed', () => {
  for (const kind of ['digits', 'clothes'] as const) {
    const all = templatesFor(kind);
    assert.ok(all.length >= 12, `${all.length} ${kind} templates`);
    assert.equal(new Set(all.map((t) => t.id)).size, all.length, 'template ids are unique');
    for (const [share, held] of [[0.2, Math.round(0.2 * all.length)], [0.4, Math.round(0.4 * all.length)], [0.05, 2], [0, 2]]) {
      const split = splitTemplates(kind, share);
      assert.equal(split.heldOut.length, held, `${kind} at ${share}`);
      assert.deepEqual([...split.training, ...split.heldOut].map((t) => t.id).sort(), all.map((t) => t.id).sort());
      assert.deepEqual(splitTemplates(kind, share).heldOut, split.heldOut);
    }
    const splits = new Set([1, 2, 3, 4, 5].map((seed) => splitTemplates(kind, 0.2, seed).heldOut.map((t) => t.id).join()));
    assert.ok(splits.size > 1, 'the seed chooses the held-out templates');
    assert.throws(() => splitTemplates(kind, 0.99), /leaves none for captions with 0 attribute/);
    assert.throws(() => splitTemplates(kind, 1), /heldOutShare/);
  }
});

test('templates write the promised phrasings, canonical words without an Rng', () => {
  const thick: Mention = { attribute: 'thickness', level: 2 };
  const thin: Mention = { attribute: 'thickness', level: 0 };
  const upright: Mention = { attribute: 'slant', level: 1 };
  const right: Mention = { attribute: 'slant', level: 2 };
  const small: Mention = { attribute: 'size', level: 0 };
  const dark: Mention = { attribute: 'brightness', level: 0 };
  const wide: Mention = { attribute: 'width', level: 2 };
  const cases: [AttributeKind, string, string, Mention[], string][] = [
    ['digits', 'adjectives', '7', [thick], 'a thick seven'],
    ['digits', 'trailing', '7', [thick, right], 'a thick seven leaning right'],
    ['digits', 'comma', '7', [thin, upright], 'seven, thin and upright'],
    ['digits', 'that-is', '7', [thick, small], 'a seven that is thick and small'],
    ['digits', 'handwritten', '7', [small], 'a small handwritten seven'],
    ['digits', 'adjectives', '1', [upright], 'an upright one'],
    ['digits', 'adjectives', '1', [], 'a one'],
    ['digits', 'adjectives', '8', [], 'an eight'],
    ['clothes', 'adjectives', 'Pullover', [dark, wide], 'a dark, wide pullover'],
    ['clothes', 'photo-of', 'Pullover', [dark, wide], 'a photo of a dark, wide pullover'],
    ['clothes', 'that-is', 'Trouser', [wide], 'a pair of trousers that are wide'],
    ['clothes', 'adjectives', 'Ankle boot', [], 'an ankle boot'],
  ];
  for (const [kind, id, label, mentions, expected] of cases) assert.equal(writeCaption(template(kind, id), label, mentions), expected);

  // With an Rng, numerals and synonyms appear beside the canonical words.
  const rng = new Rng(1);
  const seen = new Set(Array.from({ length: 200 }, () => writeCaption(template('digits', 'adjectives'), '7', [thick], rng)));
  assert.deepEqual([...seen].sort(), ['a bold 7', 'a bold seven', 'a thick 7', 'a thick seven']);

  assert.throws(() => writeCaption(template('digits', 'adjectives'), '7', [{ attribute: 'thickness', level: 1 }]), /has no word/);
  assert.throws(() => writeCaption(template('digits', 'comma'), '7', []), /takes 1 to 3 mentions, not 0/);
  assert.throws(() => writeCaption(template('digits', 'adjectives'), 'Pullover', []), /not a digits class/);
  assert.throws(() => writeCaption(template('digits', 'adjectives'), '7', [dark]), /not a digits attribute/);
  assert.throws(() => writeCaption(template('digits', 'adjectives'), '7', [thick, thin]), /mentioned twice/);
});

test('no two templates write the same words in the same order for the same mentions', () => {
  const mentions: Record<AttributeKind, Mention[]> = {
    digits: [{ attribute: 'thickness', level: 0 }, { attribute: 'slant', level: 2 }, { attribute: 'size', level: 2 }],
    clothes: [{ attribute: 'brightness', level: 2 }, { attribute: 'width', level: 0 }],
  };
  for (const [kind, label] of [['digits', '3'], ['clothes', 'Coat']] as const) {
    for (let k = 0; k <= mentions[kind].length; k++) {
      const texts = templatesFor(kind).filter((t) => t.min <= k && k <= t.max).map((t) => words(writeCaption(t, label, mentions[kind].slice(0, k))));
      assert.equal(new Set(texts).size, texts.length, `${kind} with ${k} mentions: ${texts.join('|')}`);
    }
  }
});

test('the forms of each level agree with the level words', () => {
  for (const a of Object.keys(LEVEL_WORDS) as Attribute[]) {
    for (const level of [0, 1, 2] as Level[]) {
      const f = ATTRIBUTE_FORMS[a][level];
      assert.equal(f?.post[0] ?? null, LEVEL_WORDS[a][level], `${a} ${level}`);
    }
  }
  assert.equal(DIGIT_TEMPLATES.every((t) => t.kind === 'digits') && CLOTHING_TEMPLATES.every((t) => t.kind === 'clothes'), true);
});

test('captioning all 70,000 Fashion-MNIST images takes seconds', () => {
  const all = loadMnist('fashion-mnist', { split: 'all' });
  const start = performance.now();
  const result = captionDataset(all, { seed: 5, perImage: 5 });
  const seconds = (performance.now() - start) / 1000;
  assert.equal(result.captions.length, 350_000);
  assert.ok(seconds < 10, `${seconds.toFixed(1)} s`);
});
