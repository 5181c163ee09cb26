// The data spec: validated by zod, then dispatched to the source it names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { dataSpecSchema, loadDataset } from '../../src/data/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'ganforge-spec-'));
before(() => { process.env.GANFORGE_CACHE = join(dir, 'cache'); });
after(() => rmSync(dir, { recursive: true, force: true }));

test('the schema accepts each source and rejects unknown or misspelt options', () => {
  for (const spec of [
    { source: 'mnist' },
    { source: 'fashion-mnist', split: 'test', classes: [0, 9], limit: 100 },
    { source: 'folder', path: 'faces', size: [32, 48], channels: 1 },
    { source: 'csv', path: 't.csv', labelColumn: 'y', columns: ['a'] },
  ]) assert.ok(dataSpecSchema.safeParse(spec).success, JSON.stringify(spec));
  for (const spec of [
    { source: 'cifar' },
    { source: 'mnist', split: 'validation' },
    { source: 'mnist', classes: [10] },
    { source: 'folder' },
    { source: 'folder', path: 'faces', channels: 2 },
    { source: 'folder', path: 'faces', sise: 32 },
  ]) assert.ok(!dataSpecSchema.safeParse(spec).success, JSON.stringify(spec));
});

test('loadDataset dispatches to mnist, folder and csv', async () => {
  const mnist = await loadDataset({ source: 'mnist', split: 'test', classes: [1], limit: 5 });
  assert.deepEqual([mnist.name, mnist.count, mnist.labelNames], ['mnist', 5, ['1']]);

  mkdirSync(join(dir, 'images'));
  await sharp({ create: { width: 9, height: 9, channels: 3, background: '#808080' } }).png().toFile(join(dir, 'images', 'a.png'));
  const folder = await loadDataset({ source: 'folder', path: join(dir, 'images') });
  assert.deepEqual([folder.count, folder.shape], [1, [64, 64, 3]]);

  writeFileSync(join(dir, 't.csv'), 'a,b\n1,2\n3,4\n');
  const csv = await loadDataset({ source: 'csv', path: join(dir, 't.csv'), columns: ['b'] });
  assert.deepEqual(Array.from(csv.x), [-1, 1]);
  await assert.rejects(loadDataset({ source: 'csv' } as never), /path/);
});
