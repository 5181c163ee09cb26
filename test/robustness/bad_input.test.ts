// Bad input, table-driven: each case runs `ganforge` in-process and must exit 1 with one line on
// stderr naming the problem (the row's pattern) with no stack trace, and change nothing on disk.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import sharp from 'sharp';
import { runCli } from '../../src/cli/program.ts';
import { validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { train } from '../../src/run/loop.ts';
import { captureOutput } from './capture_output.ts';

const root = mkdtempSync(join(tmpdir(), 'ganforge-bad-input-'));
const at = (...p: string[]) => join(root, ...p);
const model = { architecture: 'mlp', latent: { dim: 4 }, generator: { hidden: [8] }, discriminator: { hidden: [8] } };
const config = (name: string, c: Record<string, unknown>) => { writeFileSync(at(`${name}.json`), JSON.stringify(c)); return at(`${name}.json`); };
const ringConfig = (extra: Record<string, unknown>) => ({ data: { source: 'toy', name: 'ring' }, model, train: { steps: 2, batchSize: 8 }, ...extra });
const csv = (name: string, text: string) => { writeFileSync(at(`${name}.csv`), text); return config(`csv-${name}`, ringConfig({ data: { source: 'csv', path: at(`${name}.csv`) } })); };
const folder = (name: string) => config(`folder-${name}`, ringConfig({ data: { source: 'folder', path: at(name), size: 8 } }));
const editedModel = (name: string, edit: (dir: string) => void) => { const d = at(name); cpSync(at('run', 'model'), d, { recursive: true }); edit(d); return d; };
const editJson = (file: string, change: (j: any) => void) => { const j = JSON.parse(readFileSync(file, 'utf8')); change(j); writeFileSync(file, JSON.stringify(j)); };

before(async () => {
  await useBackend();
  await train(validateConfig({ name: 'ring', ...ringConfig({}) }, 'test'), { out: at('run') });
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer();
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg().toBuffer();
  for (const d of ['empty', 'truncated-png', 'truncated-jpeg', 'garbage-png', 'empty-png']) mkdirSync(at(d));
  writeFileSync(at('truncated-png', 'a.png'), png.subarray(0, png.length >> 1));
  writeFileSync(at('truncated-jpeg', 'a.jpg'), jpeg.subarray(0, 20));
  writeFileSync(at('garbage-png', 'a.png'), 'not an image at all');
  writeFileSync(at('empty-png', 'a.png'), '');
});

type Case = [name: string, args: () => string[], pattern: RegExp];
const CASES: Case[] = [
  // Configs.
  ['unknown key', () => ['train', config('unknown', ringConfig({ trian: {} }))], /unknown field "trian"/],
  ['misspelt nested key', () => ['train', config('nested', ringConfig({ train: { batchsize: 8 } }))], /unknown field "batchsize" in train/],
  ['wrong type', () => ['train', config('type', ringConfig({ train: { steps: 'ten' } }))], /field train\.steps is invalid/],
  ['out-of-range batch', () => ['train', config('range', ringConfig({ train: { batchSize: 0 } }))], /field train\.batchSize is invalid/],
  ['negative learning rate', () => ['train', config('lr', ringConfig({ train: { gLr: -1 } }))], /field train\.gLr is invalid/],
  ['unknown loss', () => ['train', config('loss', ringConfig({ loss: { type: 'wgan' } }))], /field loss\.type is invalid/],
  ['contradictory options', () => ['train', config('contra', ringConfig({ loss: { type: 'hinge' }, remedies: { labelSmoothing: { real: 0.9 } } }))], /labelSmoothing.*"hinge" has none/],
  ['family mismatch', () => ['train', config('family', ringConfig({ family: 'vae' }))], /family "vae" trains "vae", not "mlp"/],
  ['config not JSON', () => { writeFileSync(at('broken.json'), '{ "data": '); return ['train', at('broken.json')]; }, /broken\.json is not valid JSON/],
  ['config is an array', () => ['train', config('array', [] as unknown as Record<string, unknown>)], /is invalid/],
  ['missing config file', () => ['train', at('nope.json')], /config file .*nope\.json does not exist/],
  ['unknown preset', () => ['train', 'no-such-preset'], /neither a preset nor a \.json file/],
  // Data.
  ['empty image folder', () => ['train', folder('empty')], /contains no PNG or JPEG images/],
  ['truncated PNG', () => ['train', folder('truncated-png')], /a\.png" cannot be decoded/],
  ['truncated JPEG', () => ['train', folder('truncated-jpeg')], /a\.jpg" cannot be decoded/],
  ['garbage PNG', () => ['train', folder('garbage-png')], /a\.png" cannot be decoded/],
  ['empty PNG', () => ['train', folder('empty-png')], /cannot be decoded \(the file is empty\)/],
  ['missing image folder', () => ['train', folder('missing')], /cannot be read; check that the path exists/],
  ['CSV with a text cell', () => ['train', csv('text', 'a,b\n1,2\n3,abc\n')], /holds "abc", which is not a number/],
  ['CSV with NaN', () => ['train', csv('nan', 'a,b\n1,2\nNaN,3\n')], /holds "NaN", which is not a number/],
  ['CSV with Infinity', () => ['train', csv('inf', 'a,b\n1,2\n3,Infinity\n')], /holds "Infinity", which is not a number/],
  ['CSV with a ragged row', () => ['train', csv('ragged', 'a,b\n1,2\n3\n')], /cannot be read/],
  ['empty CSV', () => ['train', csv('empty', '')], /has no data rows/],
  ['CSV with only a header', () => ['train', csv('header', 'a,b\n')], /has no data rows/],
  // Model files.
  ['truncated weights', () => ['sample', editedModel('m-truncated', (d) => writeFileSync(join(d, 'weights.bin'), readFileSync(join(d, 'weights.bin')).subarray(0, 10))), '--out', at('s.png')], /are 10 bytes but .* lists/],
  ['garbage model.json', () => ['sample', editedModel('m-garbage', (d) => writeFileSync(join(d, 'model.json'), '<html>')), '--out', at('s.png')], /model\.json is not valid JSON/],
  ['weights path with ../', () => ['sample', editedModel('m-up', (d) => editJson(join(d, 'model.json'), (j) => { j.weightsManifest[0].paths = ['../run/model/weights.bin']; })), '--out', at('s.png')], /leaves the model folder/],
  ['absolute weights path', () => ['sample', editedModel('m-abs', (d) => editJson(join(d, 'model.json'), (j) => { j.weightsManifest[0].paths = ['/etc/passwd']; })), '--out', at('s.png')], /is an absolute path/],
  ['wrong shapes', () => ['sample', editedModel('m-shape', (d) => editJson(join(d, 'manifest.json'), (j) => { j.latent.dim = 7; })), '--out', at('s.png')], /takes noise of width 4, another width/],
  ['garbage manifest', () => ['sample', editedModel('m-manifest', (d) => writeFileSync(join(d, 'manifest.json'), '[1,')), '--out', at('s.png')], /manifest\.json is not valid JSON/],
  ['no model', () => ['sample', at('empty'), '--out', at('s.png')], /holds no exported generator/],
  // The command line.
  ['--steps not a number', () => ['train', 'ring2d', '--steps', 'abc', '--out', at('new')], /--steps must be a whole number of at least 1, not "abc"/],
  ['--steps 0', () => ['train', 'ring2d', '--steps', '0', '--out', at('new')], /--steps must be a whole number of at least 1/],
  ['--seed fractional', () => ['train', 'ring2d', '--seed', '1.5', '--out', at('new')], /--seed must be a whole number, not "1\.5"/],
  ['--n negative', () => ['sample', at('run'), '--n', '-1', '--out', at('s.png')], /--n must be a whole number, not "-1"/],
  ['unknown option', () => ['train', 'ring2d', '--stpes', '3'], /unknown option '--stpes' \(did you mean --steps\?\)/],
  ['unknown command', () => ['trian', 'ring2d'], /unknown command 'trian' \(did you mean train\?\)/],
  ['missing --out', () => ['sample', at('run')], /required option '--out <file>' not specified/],
  ['config and --resume', () => ['train', 'ring2d', '--resume', at('run')], /give either a config or --resume/],
  ['--seed with --resume', () => ['train', '--resume', at('run'), '--seed', '2'], /--seed cannot change a resumed run/],
  ['resume a non-run', () => ['train', '--resume', at('empty')], /is not a ganforge run directory/],
  ['fewer steps than taken', () => ['train', '--resume', at('run'), '--steps', '1'], /is already at step 2, beyond --steps 1/],
  ['train over a run', () => ['train', 'ring2d', '--out', at('run')], /already holds a run; continue it with --resume/],
  ['sample to .jpg', () => ['sample', at('run'), '--out', at('s.jpg')], /use a \.png .* or \.npy/],
];

/** A digest of every file under the folder (names and contents). */
const digest = (dir: string) => {
  const h = createHash('sha256');
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    h.update(f);
    try { h.update(readFileSync(join(dir, f))); } catch { /* a folder */ }
  }
  return h.digest('hex');
};

test(`${CASES.length} bad inputs: exit code 1, one sentence naming the problem and the fix, nothing on disk changed`, async () => {
  assert.ok(CASES.length >= 40);
  for (const [name, args, pattern] of CASES) {
    const argv = args();
    const before = digest(root);
    const r = await captureOutput(() => runCli(argv));
    assert.equal(r.code, 1, `${name}: exit code ${r.code}\n${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${name}: not one line:\n${r.stderr}`);
    assert.match(lines[0], /^ganforge: [^\n]+[.?]$/, name);
    // The fix: after a semicolon, or, for a refused value, what it must be.
    assert.match(lines[0], /; | must be |: use |^ganforge: give /, `${name}: no fix after the problem: ${lines[0]}`);
    assert.match(lines[0], pattern, name);
    assert.equal(digest(root), before, `${name}: files changed`);
  }
});
