// The layers of src/ (README, "Layout"): a folder imports only folders below it, so that the
// families never reach up into the orchestration that knows them all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Top to bottom; folders in one group sit side by side and do not import each other. */
const LAYERS: string[][] = [
  ['index.ts'],
  ['cli'],
  ['studio', 'sweep'],
  ['run'],
  ['text'],
  ['gmn'],
  ['gan', 'vae', 'diffusion'],
  ['eval'],
  ['train'],
  ['io'],
  ['viz'],
  ['config'],
  ['data'],
  ['nn'],
  ['engine'],
  ['random', 'util', 'types'],
];

const src = resolve(import.meta.dirname, '..', 'src');
const depth = new Map(LAYERS.flatMap((group, i) => group.map((folder) => [folder, LAYERS.length - i] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []);
}

const folderOf = (file: string) => relative(src, file).split(/[\\/]/)[0];

test('every import in src/ runs down the layers of the README', () => {
  const upward: string[] = [];
  const files = sourceFiles(src);
  for (const file of files) {
    const from = folderOf(file);
    assert.ok(depth.has(from), `src/${from} is in no layer of test/architecture.test.ts; add it there and to the README's Layout`);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), spec));
      if (to !== from && depth.get(to)! >= depth.get(from)!) upward.push(`${relative(src, file)} imports ${spec}`);
    }
  }
  assert.ok(files.length > 100, 'the walk found the source files');
  assert.deepEqual(upward, []);
});
