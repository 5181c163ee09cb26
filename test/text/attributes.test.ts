// Attribute measures: known answers on drawn shapes (lines of known width, bars of known shear,
// glyphs of known height, patches of known brightness and width), indifference to contrast and to
// a faint background haze, and on real MNIST: 1s are thinner than 0s, and the fitted cut points
// split the digits into thirds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadMnist } from '../../src/data/mnist.ts';
import {
  ATTRIBUTES, attributeKind, attributeLevels, fitCuts, garmentBrightness, garmentWidth, inkHeight, inkSlant,
  levelOf, measureAttributes, strokeThickness, type AttributeCuts,
} from '../../src/text/attributes.ts';

const SIDE = 28;

/** A blank 28 × 28 image with the pixels (x, y) of `ink` set to intensity `level` in [0, 1]. */
function draw(ink: (x: number, y: number) => boolean, level = 1, background = 0): Float32Array {
  const image = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) image[y * SIDE + x] = (ink(x, y) ? level : background) * 2 - 1;
  }
  return image;
}

/** A bar `width` px wide and rows top..bottom high, centred on column 14 at row 13.5, sheared by `shear` px per row (positive: top to the right). */
const bar = (width: number, top: number, bottom: number, shear = 0) => (x: number, y: number) => {
  const left = 14 - Math.floor(width / 2) + Math.round(shear * (13.5 - y));
  return y >= top && y <= bottom && x >= left && x < left + width;
};

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

test('thickness: lines 1 and 3 px wide measure about 1 and 3, in any orientation of the grid', () => {
  const horizontal = (w: number) => (x: number, y: number) => x >= 4 && x < 24 && y >= 13 && y < 13 + w;
  const vertical = (w: number) => (x: number, y: number) => horizontal(w)(y, x);
  for (const [name, line] of [['horizontal', horizontal], ['vertical', vertical]] as const) {
    const thin = strokeThickness(draw(line(1))), thick = strokeThickness(draw(line(3)));
    near(thin, 1, 0.1, `${name} 1-px line`);
    near(thick, 3, 0.2, `${name} 3-px line`);
    near(thick / thin, 3, 0.15, `${name} ratio`);
  }
  // A diagonal band 3 px wide along the rows is 3 / √2 px across.
  near(strokeThickness(draw((x, y) => x >= 4 && x < 24 && Math.abs(x - y) <= 1)), 3 / Math.SQRT2, 0.2, 'diagonal band');
  assert.equal(strokeThickness(draw(() => false)), 0);
});

test('slant: an upright bar is 0, a bar sheared right is positive and one sheared left negative, by the shear', () => {
  assert.ok(Math.abs(inkSlant(draw(bar(3, 4, 23)))) < 1e-9);
  for (const shear of [0.2, 0.4]) {
    near(inkSlant(draw(bar(3, 4, 23, shear))), shear, 0.03, `sheared right by ${shear}`);
    near(inkSlant(draw(bar(3, 4, 23, -shear))), -shear, 0.03, `sheared left by ${shear}`);
  }
});

test('size: glyphs 8 and 20 rows high measure 8 and 20, and a stray pixel moves that by less than a pixel', () => {
  near(inkHeight(draw(bar(3, 10, 17))), 8, 0.01, 'small glyph');
  const large = bar(3, 4, 23);
  near(inkHeight(draw(large)), 20, 0.01, 'large glyph');
  near(inkHeight(draw((x, y) => large(x, y) || (x === 2 && y === 27))), 20, 1, 'large glyph and a stray pixel');
});

test('brightness and width of a garment: a patch measures its intensity and its width, each whatever the other', () => {
  const patch = (width: number) => (x: number, y: number) => y >= 6 && y < 22 && x >= 14 - width / 2 && x < 14 + width / 2;
  for (const width of [6, 20]) {
    for (const level of [0.3, 0.9]) {
      const image = draw(patch(width), level);
      near(garmentBrightness(image), level, 1e-5, `brightness of a ${width}-wide patch at ${level}`);
      near(garmentWidth(image), width, 1e-3, `width of a ${width}-wide patch at ${level}`);
    }
  }
});

test('measures ignore contrast and a faint background haze, so generated images are judged like real ones', () => {
  const glyph = (x: number, y: number) => bar(3, 4, 23, 0.3)(x, y) || (y === 4 && x > 10 && x < 22);
  const clean = draw(glyph);
  for (const [what, image] of [['at half contrast', draw(glyph, 0.5)], ['on a 5% haze', draw(glyph, 1, 0.05)]] as const) {
    for (const measure of [strokeThickness, inkSlant, inkHeight, garmentWidth]) {
      near(measure(image), measure(clean), 1e-4 * Math.max(1, Math.abs(measure(clean))), `${measure.name} ${what}`);
    }
  }
  assert.throws(() => strokeThickness(new Float32Array(700)), /not a square/);
});

test('MNIST: 1s have thinner strokes than 0s on average, and the cut points split the digits into thirds', () => {
  const mnist = loadMnist('mnist');
  assert.equal(attributeKind(mnist), 'digits');
  const values = measureAttributes(mnist);
  assert.deepEqual(Object.keys(values), [...ATTRIBUTES.digits]);
  const mean = (label: number) => {
    let sum = 0, n = 0;
    mnist.labels!.forEach((l, i) => { if (l === label) { sum += values.thickness![i]; n++; } });
    return sum / n;
  };
  assert.ok(mean(1) < mean(0), `mean thickness of 1s ${mean(1)}, of 0s ${mean(0)}`);

  const cuts = fitCuts(values, 'digits');
  const saved = JSON.parse(JSON.stringify(cuts)) as AttributeCuts;
  assert.deepEqual(saved, cuts);
  const levels = attributeLevels(values, saved);
  for (const a of ATTRIBUTES.digits) {
    const counts = [0, 0, 0];
    for (const l of levels[a]!) counts[l]++;
    for (const c of counts) near(c / mnist.count, 1 / 3, 0.005, `share of a ${a} level`);
    const [low, high] = cuts.cuts[a]!;
    assert.equal(levelOf(low - 1e-6, [low, high]), 0);
    assert.equal(levelOf(low, [low, high]), 1);
    assert.equal(levelOf(high, [low, high]), 2);
  }
});

test('Fashion-MNIST is clothes, measured for brightness and width', () => {
  const fashion = loadMnist('fashion-mnist', { limit: 300 });
  assert.equal(attributeKind(fashion), 'clothes');
  const values = measureAttributes(fashion);
  assert.deepEqual(Object.keys(values), [...ATTRIBUTES.clothes]);
  assert.ok(values.brightness!.every((v) => v > 0 && v <= 1));
  assert.ok(values.width!.every((v) => v >= 1 && v <= SIDE));
  assert.throws(() => attributeKind({ name: 'faces', labelNames: ['smile'] }), /neither MNIST digits nor Fashion-MNIST/);
});
