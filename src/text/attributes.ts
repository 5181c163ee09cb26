// Attributes measured on one image, which captions turn into words: stroke thickness, slant and
// size for digits, brightness and width for clothes. The same functions later check that
// generated images differ in the direction a caption asked for, so every measure is weighted by
// intensity (no hard threshold that a blurry or hazy generated image could fall either side of),
// and the shape measures (all but brightness) are the same for a shape inked uniformly dimmer.
//
// An image is passed as a Float32Array of side × side values in [-1, 1], row-major, row 0 at the
// top, background -1 (one sample of a Dataset: `dataset.x.subarray(i * 784, (i + 1) * 784)`).
// Coordinates are in pixels: x is the column (growing rightwards), y the row (growing downwards).
import { sampleSize, type Dataset } from '../data/dataset.ts';
import { mnistLabelNames } from '../data/mnist.ts';

export type DigitAttribute = 'thickness' | 'slant' | 'size';
export type ClothingAttribute = 'brightness' | 'width';
export type Attribute = DigitAttribute | ClothingAttribute;
export type AttributeKind = 'digits' | 'clothes';

/** The attributes measured and captioned for each kind of image, in a fixed order. */
export const ATTRIBUTES: { digits: readonly DigitAttribute[]; clothes: readonly ClothingAttribute[] } = {
  digits: ['thickness', 'slant', 'size'],
  clothes: ['brightness', 'width'],
};

/** 0 = low, 1 = middle, 2 = high: below the 1/3 quantile, between, at or above the 2/3 quantile. */
export type Level = 0 | 1 | 2;

/**
 * The word of each level, or null where the level goes unmentioned. Captions use these and a few
 * synonyms (captions.ts); the middle slant is worth saying ("upright"), the other middles are not.
 */
export const LEVEL_WORDS: Record<Attribute, readonly [string | null, string | null, string | null]> = {
  thickness: ['thin', null, 'thick'],
  slant: ['leaning left', 'upright', 'leaning right'],
  size: ['small', null, 'large'],
  brightness: ['dark', null, 'light'],
  width: ['narrow', null, 'wide'],
};

// Ink below this share of full intensity counts as background, so that the faint haze of a
// generated image's background does not add mass, moments or edges; above it ink rises linearly
// (a ramp, not a cut, so a pixel near the floor moves a measure by little).
const INK_FLOOR = 0.1;
// size ignores this share of the ink above and below the digit, so a stray pixel cannot stretch it.
const SIZE_TAIL = 0.025;

function sideOf(image: Float32Array): number {
  const side = Math.round(Math.sqrt(image.length));
  if (side < 2 || side * side !== image.length) {
    throw new Error(`An image for attribute measures is side × side values, but ${image.length} values are not a square; pass one sample, e.g. x.subarray(i * 784, (i + 1) * 784).`);
  }
  return side;
}

const intensity = (v: number) => (v <= -1 ? 0 : v >= 1 ? 1 : (v + 1) / 2);
const inkOf = (u: number) => (u <= INK_FLOOR ? 0 : (u - INK_FLOOR) / (1 - INK_FLOOR));

/**
 * The ink of `image`, in [0, 1], into `out` with a border of one zero pixel on every side
 * ((side + 2)² values), so neighbour differences need no bounds checks.
 */
function inkMap(image: Float32Array, side: number, out: Float64Array): Float64Array {
  const w = side + 2;
  out.fill(0);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) out[(y + 1) * w + x + 1] = inkOf(intensity(image[y * side + x]));
  }
  return out;
}

const newInkMap = (side: number) => new Float64Array((side + 2) * (side + 2));

// Measures on a padded ink map; the exported functions below wrap them, and measureAttributes
// shares one map across an image's measures.

function thicknessOf(m: Float64Array, side: number): number {
  const w = side + 2;
  let mass = 0, squares = 0, straight = 0, diagonal = 0;
  // Every pair of neighbours once, from its upper or left member; the last padded row only
  // holds zeros, so it is nobody's upper member.
  for (let y = 0; y < w - 1; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x, v = m[i];
      mass += v;
      squares += v * v;
      if (x < w - 1) straight += Math.abs(m[i + 1] - v) + Math.abs(m[i + w] - v);
      else straight += Math.abs(m[i + w] - v);
      if (x < w - 1) diagonal += Math.abs(m[i + w + 1] - v);
      if (x > 0) diagonal += Math.abs(m[i + w - 1] - v);
    }
  }
  if (mass === 0) return 0;
  // Boundary length from the edge differences along the four neighbour directions, weighted so a
  // straight boundary measures its length whether it runs along the grid or diagonally (within 8%
  // between); an intensity-weighted total variation, so anti-aliased edges count once.
  const perimeter = (straight + diagonal / Math.SQRT2) / (1 + Math.SQRT2);
  // In units of the ink's typical level (1 for pure black-and-white), so contrast does not matter.
  const level = squares / mass;
  const half = perimeter / 2 / level, area = mass / level;
  // A t × L rectangle has half-perimeter L + t and area L t: t is the smaller root of
  // z² - half z + area = 0, written in the form that does not cancel.
  const d = half * half - 4 * area;
  return d > 0 ? (2 * area) / (half + Math.sqrt(d)) : half / 2;
}

function slantOf(m: Float64Array, side: number): number {
  const w = side + 2;
  let s = 0, sx = 0, sy = 0, sxy = 0, syy = 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const v = m[(y + 1) * w + x + 1];
      s += v; sx += v * x; sy += v * y; sxy += v * x * y; syy += v * y * y;
    }
  }
  if (s === 0) return 0;
  const my = sy / s;
  const varY = syy / s - my * my;
  if (varY <= 1e-9) return 0;
  // x ≈ mean + shear × (y - mean y); rows grow downwards, so a top leaning right has a negative shear.
  return -(sxy / s - (sx / s) * my) / varY;
}

/** Where the cumulative mass of `mass[0..n)` reaches `target`, each entry spread over one unit. */
function massQuantile(mass: Float64Array, n: number, target: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    if (mass[i] > 0 && acc + mass[i] >= target) return i + (target - acc) / mass[i];
    acc += mass[i];
  }
  return n;
}

function sizeOf(m: Float64Array, side: number): number {
  const w = side + 2;
  const rows = new Float64Array(side);
  let total = 0;
  for (let y = 0; y < side; y++) {
    let r = 0;
    for (let x = 0; x < side; x++) r += m[(y + 1) * w + x + 1];
    rows[y] = r;
    total += r;
  }
  if (total === 0) return 0;
  const span = massQuantile(rows, side, (1 - SIZE_TAIL) * total) - massQuantile(rows, side, SIZE_TAIL * total);
  return span / (1 - 2 * SIZE_TAIL);
}

function brightnessOf(image: Float32Array, m: Float64Array, side: number): number {
  const w = side + 2;
  let mass = 0, weighted = 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const v = m[(y + 1) * w + x + 1];
      mass += v;
      weighted += v * intensity(image[y * side + x]);
    }
  }
  return mass === 0 ? 0 : weighted / mass;
}

function widthOf(m: Float64Array, side: number): number {
  const w = side + 2;
  let mass = 0, weighted = 0;
  for (let y = 0; y < side; y++) {
    let s = 0, sx = 0, sxx = 0;
    for (let x = 0; x < side; x++) {
      const v = m[(y + 1) * w + x + 1];
      s += v; sx += v * x; sxx += v * x * x;
    }
    if (s === 0) continue;
    const mean = sx / s;
    // n equal pixels in a row have variance (n² - 1) / 12, so this gives n back exactly.
    const rowWidth = Math.sqrt(Math.max(0, 12 * (sxx / s - mean * mean)) + 1);
    mass += s;
    weighted += s * rowWidth;
  }
  return mass === 0 ? 0 : weighted / mass;
}

/**
 * Mean stroke width in pixels: the ink's area over the length of its strokes, the length taken
 * as half the ink's boundary (both sides of a stroke), corrected for stroke ends by solving the
 * rectangle t × L for t. A 1-px line measures about 1, a 3-px line about 3; 0 for a blank image.
 */
export function strokeThickness(image: Float32Array): number {
  const side = sideOf(image);
  return thicknessOf(inkMap(image, side, newInkMap(side)), side);
}

/**
 * Shear of the ink, dimensionless (pixels of x per pixel of height): the slope of the
 * intensity-weighted regression of x on y (covariance of x and y over the variance of y, the
 * deskewing measure), signed so that positive means the top leans to the right; 0 for upright.
 */
export function inkSlant(image: Float32Array): number {
  const side = sideOf(image);
  return slantOf(inkMap(image, side, newInkMap(side)), side);
}

/**
 * Height of the ink in pixels: the span of rows holding the middle 95% of the ink's mass
 * (interpolated within rows), divided by 0.95 so a uniform bar measures its height exactly.
 */
export function inkHeight(image: Float32Array): number {
  const side = sideOf(image);
  return sizeOf(inkMap(image, side, newInkMap(side)), side);
}

/**
 * Brightness of the garment in [0, 1] (0 black, 1 white): its mean intensity over its pixels,
 * each pixel weighted by how much it stands out from the background, so a uniform patch of
 * intensity b measures b however large it is; 0 for a blank image.
 */
export function garmentBrightness(image: Float32Array): number {
  const side = sideOf(image);
  return brightnessOf(image, inkMap(image, side, newInkMap(side)), side);
}

/**
 * Width of the garment in pixels: per row, the width of a uniform run with the same
 * intensity-weighted spread of columns (√(12 var + 1)), averaged over rows weighted by their
 * mass; a solid w-pixel-wide shape measures w whatever its intensity.
 */
export function garmentWidth(image: Float32Array): number {
  const side = sideOf(image);
  return widthOf(inkMap(image, side, newInkMap(side)), side);
}

/** Each attribute's measure of one image. */
export const MEASURES: Record<Attribute, (image: Float32Array) => number> = {
  thickness: strokeThickness,
  slant: inkSlant,
  size: inkHeight,
  brightness: garmentBrightness,
  width: garmentWidth,
};

/** Measured values, one per image, for each attribute of a kind. */
export type AttributeValues = Partial<Record<Attribute, Float32Array>>;

/** Whether a labelled dataset holds digits or clothes, from its class names. */
export function attributeKind(dataset: Pick<Dataset, 'labelNames' | 'name'>): AttributeKind {
  const names = dataset.labelNames;
  for (const kind of ['digits', 'clothes'] as const) {
    const known = mnistLabelNames(kind === 'digits' ? 'mnist' : 'fashion-mnist');
    if (names && names.length > 0 && names.every((n) => known.includes(n))) return kind;
  }
  throw new Error(`The dataset "${dataset.name}" has classes ${JSON.stringify(names)}, which are neither MNIST digits nor Fashion-MNIST clothes; captions are written for those two.`);
}

/** Every attribute of `kind` measured on every image of `dataset` (28 × 28 × 1 or any square, one channel). */
export function measureAttributes(dataset: Dataset, kind: AttributeKind = attributeKind(dataset)): AttributeValues {
  const size = sampleSize(dataset);
  if (dataset.shape.length !== 3 || dataset.shape[0] !== dataset.shape[1] || dataset.shape[2] !== 1) {
    throw new Error(`Attributes are measured on square one-channel images, but "${dataset.name}" has samples of shape [${dataset.shape.join(', ')}].`);
  }
  const side = dataset.shape[0];
  const attributes = ATTRIBUTES[kind];
  const out: AttributeValues = {};
  for (const a of attributes) out[a] = new Float32Array(dataset.count);
  const m = newInkMap(side);
  for (let i = 0; i < dataset.count; i++) {
    const image = dataset.x.subarray(i * size, (i + 1) * size);
    inkMap(image, side, m);
    if (kind === 'digits') {
      out.thickness![i] = thicknessOf(m, side);
      out.slant![i] = slantOf(m, side);
      out.size![i] = sizeOf(m, side);
    } else {
      out.brightness![i] = brightnessOf(image, m, side);
      out.width![i] = widthOf(m, side);
    }
  }
  return out;
}

/**
 * The cut points that turn values into levels, fitted on a training set and saved with a model
 * so that later images (generated ones included) are judged by the same standard. Plain JSON.
 */
export interface AttributeCuts {
  kind: AttributeKind;
  /** Per attribute [low/middle, middle/high]: a value below the first is low, at or above the second high. */
  cuts: Partial<Record<Attribute, [number, number]>>;
}

/** Cut points at the 1/3 and 2/3 quantiles of `values` (each midway between neighbouring values). */
export function fitCuts(values: AttributeValues, kind: AttributeKind): AttributeCuts {
  const cuts: AttributeCuts['cuts'] = {};
  for (const a of ATTRIBUTES[kind]) {
    const v = values[a];
    if (!v || v.length < 3) throw new Error(`Fitting levels of ${a} needs at least 3 measured values, but ${v?.length ?? 0} were given.`);
    const sorted = Float64Array.from(v).sort();
    const at = (q: number) => {
      const k = Math.round(q * sorted.length);
      return (sorted[k - 1] + sorted[k]) / 2;
    };
    cuts[a] = [at(1 / 3), at(2 / 3)];
  }
  return { kind, cuts };
}

/** The level of one value under an attribute's cut points. */
export function levelOf(value: number, [low, high]: readonly [number, number]): Level {
  return value < low ? 0 : value >= high ? 2 : 1;
}

/** The level of every value, per attribute of the cuts' kind. */
export function attributeLevels(values: AttributeValues, cuts: AttributeCuts): Partial<Record<Attribute, Uint8Array>> {
  const out: Partial<Record<Attribute, Uint8Array>> = {};
  for (const a of ATTRIBUTES[cuts.kind]) {
    const v = values[a], cut = cuts.cuts[a];
    if (!v) throw new Error(`No measured values of ${a} were given; measure every ${cuts.kind} attribute (${ATTRIBUTES[cuts.kind].join(', ')}).`);
    if (!cut) throw new Error(`The cut points hold no entry for ${a}; fit them again with fitCuts.`);
    out[a] = Uint8Array.from(v, (x) => levelOf(x, cut));
  }
  return out;
}
