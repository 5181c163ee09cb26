// BatchSampler: seeded shuffles, drop-last epochs, and a JSON state that resumes the exact sequence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchSampler } from '../../src/data/batches.ts';
import type { Dataset } from '../../src/data/dataset.ts';
import { Rng } from '../../src/random/prng.ts';

// Sample i is [i, i + 0.5] with label i % 3, so a batch shows which samples it holds.
const dataset: Dataset = {
  name: 'toy', shape: [2], count: 10,
  x: Float32Array.from({ length: 20 }, (_, k) => Math.floor(k / 2) + (k % 2) * 0.5),
  labels: Int32Array.from({ length: 10 }, (_, i) => i % 3),
  labelNames: ['a', 'b', 'c'],
};

const indices = (b: { x: Float32Array }) => Array.from(b.x.filter((_, k) => k % 2 === 0));
const draw = (s: BatchSampler, n: number) => Array.from({ length: n }, () => s.next());

test('each epoch is a fresh permutation in full batches; the rest is dropped', () => {
  const s = new BatchSampler(dataset, 3, new Rng(1));
  assert.equal(s.batchesPerEpoch, 3);
  const epochs: number[][] = [];
  for (let e = 0; e < 4; e++) {
    assert.equal(s.epoch, e);
    const batches = draw(s, 3);
    for (const b of batches) {
      assert.equal(b.x.length, 6);
      assert.deepEqual(Array.from(b.x.filter((_, k) => k % 2 === 1)), indices(b).map((i) => i + 0.5));
      assert.deepEqual(Array.from(b.labels!), indices(b).map((i) => i % 3));
      assert.deepEqual(Array.from(b.indices), indices(b), 'the batch names its rows');
    }
    const seen = batches.flatMap(indices);
    assert.equal(new Set(seen).size, 9);
    epochs.push(seen);
  }
  assert.equal(s.epoch, 4);
  assert.equal(new Set(epochs.map(String)).size, 4, 'epochs are shuffled differently');
  assert.throws(() => new BatchSampler(dataset, 11, new Rng(1)), /Batch size 11 does not fit a dataset of 10 samples/);
});

test('the same seed gives the same batches, another seed other batches', () => {
  const run = (seed: number) => draw(new BatchSampler(dataset, 4, new Rng(seed)), 7).map(indices);
  assert.deepEqual(run(42), run(42));
  assert.notDeepEqual(run(42), run(43));
});

test('a JSON round trip of the state continues the exact sequence', () => {
  // Resume before the first batch, mid-epoch, at an epoch boundary and several epochs in.
  for (const done of [0, 1, 2, 3, 4, 7]) {
    const original = new BatchSampler(dataset, 3, new Rng(7));
    draw(original, done);
    const state = JSON.parse(JSON.stringify(original.getState()));
    const resumed = new BatchSampler(dataset, 3, new Rng(999));
    resumed.setState(state);
    assert.equal(resumed.epoch, original.epoch);
    assert.deepEqual(draw(resumed, 8).map(indices), draw(original, 8).map(indices), `resumed after ${done} batches`);
    assert.deepEqual(resumed.getState(), original.getState());
  }
  const state = new BatchSampler(dataset, 3, new Rng(7)).getState();
  assert.throws(() => new BatchSampler(dataset, 2, new Rng(7)).setState(state), /resume with the same data and batch size/);
});
