// MNIST and Fashion-MNIST: the packages decode to the documented counts, the binary cache
// round-trips them exactly, loads fast, and is rebuilt when damaged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadMnist, loadMnistRaw, mnistCachePath, mnistLabelNames, type MnistSource } from '../../src/data/mnist.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
before(() => { process.env.GANFORGE_CACHE = cacheDir; });
after(() => rmSync(cacheDir, { recursive: true, force: true }));

const MNIST_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
const FASHION_COUNTS = new Array(10).fill(7000);

/** The packages' JSON read the plain way, independently of the loader: bytes per class. */
function readPackage(source: MnistSource): Uint8Array[] {
  const dir = dirname(createRequire(import.meta.url).resolve(`${source}/package.json`));
  return Array.from({ length: 10 }, (_, c) => {
    const file = join(dir, source === 'mnist' ? 'src/digits' : 'src/clothes', `${c}.json`);
    const data = JSON.parse(readFileSync(file, 'utf8')).data as number[] | number[][];
    if (source === 'mnist') return Uint8Array.from(data as number[], (v) => Math.round(v * 255));
    const rows = (data as number[][]).filter((r) => r.length > 0);   // class 0 holds two empty rows
    const out = new Uint8Array(rows.length * 784);
    rows.forEach((r, i) => out.set(r, i * 784));
    return out;
  });
}

for (const [source, counts] of [['mnist', MNIST_COUNTS], ['fashion-mnist', FASHION_COUNTS]] as const) {
  test(`${source}: the cache holds exactly the package's images, class by class`, () => {
    const expected = readPackage(source);
    loadMnistRaw(source);                    // builds the cache from the JSON
    const raw = loadMnistRaw(source);        // reads it back
    assert.deepEqual(raw.classCounts, counts);
    let start = 0;
    expected.forEach((bytes, c) => {
      assert.equal(bytes.length, counts[c] * 784);
      assert.ok(Buffer.from(raw.pixels.subarray(start * 784, (start + counts[c]) * 784)).equals(bytes), `class ${c} pixels`);
      assert.ok(raw.labels.subarray(start, start + counts[c]).every((l) => l === c), `class ${c} labels`);
      start += counts[c];
    });
  });

  test(`${source}: splits are disjoint per-class tails, values in [-1, 1]`, () => {
    const all = loadMnist(source, { split: 'all' });
    const train = loadMnist(source, { split: 'train' });
    const testSet = loadMnist(source, { split: 'test' });
    const perClass = (labels: Int32Array) => Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);
    const testCounts = counts.map((n) => Math.round(n * (source === 'mnist' ? 0.15 : 1 / 7)));
    assert.deepEqual(perClass(all.labels!), counts);
    assert.deepEqual(perClass(testSet.labels!), testCounts);
    assert.deepEqual(perClass(train.labels!), counts.map((n, c) => n - testCounts[c]));
    if (source === 'fashion-mnist') assert.deepEqual([train.count, testSet.count], [60000, 10000]);
    assert.deepEqual(all.shape, [28, 28, 1]);
    assert.deepEqual(all.labelNames, mnistLabelNames(source));
    let lo = Infinity, hi = -Infinity;
    for (const v of all.x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    assert.deepEqual([lo, hi], [-1, 1]);

    // Samples are interleaved across classes: sample c is class c's first image, and the first
    // test sample of class 0 is the image right after its last training one.
    const raw = loadMnistRaw(source);
    const image = (d: typeof all, i: number) => Array.from(d.x.subarray(i * 784, (i + 1) * 784));
    const fromRaw = (i: number) => Array.from(raw.pixels.subarray(i * 784, (i + 1) * 784), (p) => Math.fround(p / 127.5 - 1));
    assert.deepEqual(image(all, 1), fromRaw(counts[0]));
    assert.deepEqual(image(testSet, 0), fromRaw(counts[0] - testCounts[0]));
  });
}

test('classes and limit pick a renumbered, class-balanced subset', () => {
  const d = loadMnist('fashion-mnist', { split: 'test', classes: [9, 5], limit: 7 });
  assert.equal(d.count, 7);
  assert.deepEqual(d.labelNames, ['Sandal', 'Ankle boot']);
  assert.deepEqual(Array.from(d.labels!), [0, 1, 0, 1, 0, 1, 0]);
  assert.throws(() => loadMnist('mnist', { classes: [10] }), /not a mnist class/);
});

test('a load from the cache is fast (timed, not asserted)', () => {
  loadMnistRaw('fashion-mnist');   // the cache exists
  const t0 = performance.now();
  const d = loadMnist('fashion-mnist', { split: 'all' });
  console.log(`fashion-mnist: ${d.count} images from the cache in ${(performance.now() - t0).toFixed(0)} ms`);
});

test('a truncated or foreign cache is rebuilt with one warning', (t) => {
  const path = mnistCachePath('mnist');
  const expected = loadMnistRaw('mnist');
  const size = statSync(path).size;
  for (const damage of [() => truncateSync(path, size - 1000), () => writeFileSync(path, 'not a cache')]) {
    damage();
    const warn = t.mock.method(console, 'warn', () => {});
    const raw = loadMnistRaw('mnist');
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0].arguments[0]), /mnist cache .* rebuilding it/);
    warn.mock.restore();
    assert.equal(statSync(path).size, size);
    assert.ok(Buffer.from(raw.pixels).equals(expected.pixels));
  }
});
