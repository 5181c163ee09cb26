// CSV tables: per-column min/max scaling to [-1, 1] that maps back, labels from a column, and
// errors that point at the bad cell.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv } from '../../src/data/csv.ts';
import { fromUnitRange } from '../../src/data/dataset.ts';

const dir = mkdtempSync(join(tmpdir(), 'ganforge-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('feature columns scale to [-1, 1] by their range, labels come from their column', () => {
  const path = writeCsv('iris.csv', 'a,species,b,c\n0,setosa,10,5\n5,virginica,-10,5\n\n10,setosa,0,5\n');
  const d = loadCsv(path, { labelColumn: 'species' });
  assert.deepEqual(d.shape, [3]);
  assert.equal(d.count, 3);
  // a: 0..10, b: -10..10, c: constant, which maps to 0.
  assert.deepEqual(Array.from(d.x), [-1, 1, 0, 0, -1, 0, 1, 0, 0]);
  assert.deepEqual(d.labelNames, ['setosa', 'virginica']);
  assert.deepEqual(Array.from(d.labels!), [0, 1, 0]);
  assert.deepEqual(Array.from(d.valueRange!.min), [0, -10, 5]);
  assert.deepEqual(Array.from(d.valueRange!.max), [10, 10, 5]);
  assert.deepEqual(Array.from(fromUnitRange(d.x, d.valueRange!)), [0, 10, 5, 5, -10, 5, 10, 0, 5]);
});

test('a column subset keeps its order; numeric labels sort as numbers', () => {
  const path = writeCsv('digits.csv', 'x,y,z,label\n1,2,0,10\n3,4,0,2\n9,6,1,9\n');
  const d = loadCsv(path, { labelColumn: 'label', columns: ['y', 'x'] });
  assert.deepEqual(d.shape, [2]);
  assert.deepEqual(Array.from(d.x), [-1, -1, 0, -0.5, 1, 1]);
  assert.deepEqual(Array.from(d.valueRange!.min), [2, 1]);
  assert.deepEqual(d.labelNames, ['2', '9', '10']);
  assert.deepEqual(Array.from(d.labels!), [2, 0, 1]);
});

test('a non-numeric cell, an unknown column and an empty table are errors that say where', () => {
  const path = writeCsv('bad.csv', 'a,b\n1,2\n3,oops\n');
  assert.throws(() => loadCsv(path), (e: Error) => e.message === `CSV file "${path}", row 2 (line 3), column "b" holds "oops", which is not a number; fix the cell or leave the column out.`);
  assert.throws(() => loadCsv(writeCsv('blank.csv', 'a,b\n1,\n')), /row 1 \(line 2\), column "b" holds ""/);
  assert.throws(() => loadCsv(path, { columns: ['a', 'z'] }), /has no column "z"; its columns are "a", "b"/);
  assert.throws(() => loadCsv(writeCsv('header.csv', 'a,b\n')), /has no data rows/);
  assert.throws(() => loadCsv(writeCsv('ragged.csv', 'a,b\n1,2,3\n')), /ragged.csv" cannot be read/);
});
