// A model folder is untrusted input: loading one never reads outside it (weight paths, the
// sentence encoder's folder, symbolic links), and damaged manifests, weights and checkpoints get
// one sentence instead of a TensorFlow.js error or a grid of NaN.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { modelPathProblem } from '../../src/io/model_paths.ts';
import { drawLatent, generate, loadGenerator, loadTextEncoder } from '../../src/run/generator_file.ts';
import { Rng } from '../../src/random/prng.ts';
import { readCheckpoint } from '../../src/train/checkpoint.ts';
import { train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';

let run: string;
const tmp = () => mkdtempSync(join(tmpdir(), 'ganforge-untrusted-'));

before(async () => {
  await useBackend();
  run = join(tmp(), 'run');
  await train(validateConfig({
    name: 'ring', data: { source: 'toy', name: 'ring' },
    model: { architecture: 'mlp', latent: { dim: 4 }, generator: { hidden: [8] }, discriminator: { hidden: [8] } },
    train: { steps: 2, batchSize: 8 },
  }, 'test'), { out: run });
});

/** A copy of the run's model folder with `edit` applied to its files. */
function editedModel(edit: (dir: string) => void): string {
  const dir = join(tmp(), 'model');
  cpSync(new RunDir(run).model, dir, { recursive: true });
  edit(dir);
  return dir;
}

const editJson = (file: string, change: (j: any) => void) => {
  const j = JSON.parse(readFileSync(file, 'utf8'));
  change(j);
  writeFileSync(file, JSON.stringify(j));
};

test('a path a model names must stay in its folder', () => {
  for (const ok of ['weights.bin', 'encoder/weights.bin', 'a..b.bin']) assert.equal(modelPathProblem(ok, 'p'), null, ok);
  const refused: [unknown, RegExp][] = [
    ['../../../etc/passwd', /leaves the model folder/], ['encoder/../../x', /leaves the model folder/], ['./weights.bin', /leaves/],
    ['a//b', /leaves/], ['/etc/passwd', /absolute path/], ['C:/Windows/x', /absolute path/], ['..\\x', /backslash/],
    ['a\0b', /NUL/], ['', /not a file name/], [42, /not a file name/],
  ];
  for (const [path, why] of refused) assert.match(modelPathProblem(path, 'p')!, why, String(path));
});

test('weights named outside the model folder are never read', async () => {
  for (const [path, why] of [['../../../etc/passwd', /leaves the model folder/], ['/etc/passwd', /is an absolute path/], ['../run/model/weights.bin', /leaves the model folder/]] as const) {
    const dir = editedModel((d) => editJson(join(d, 'model.json'), (j) => { j.weightsManifest[0].paths = [path]; }));
    await assert.rejects(loadGenerator(dir), (e: Error) => {
      assert.match(e.message, why);
      assert.match(e.message, /a model may only name files inside its own folder .*, so it is not loaded; train or export the run again\.$/);
      return true;
    });
  }
  const linked = editedModel((d) => {
    symlinkSync('/etc/passwd', join(d, 'link.bin'));
    editJson(join(d, 'model.json'), (j) => { j.weightsManifest[0].paths = ['link.bin']; });
  });
  await assert.rejects(loadGenerator(linked), /resolves outside .* \(a symbolic link\)/);
});

test('a sentence encoder folder outside the model is never opened', async () => {
  const dir = editedModel((d) => editJson(join(d, 'manifest.json'), (j) => { j.text = { encoder: '../../etc', heldOutTemplates: [] }; }));
  const g = await loadGenerator(dir);
  await assert.rejects(loadTextEncoder(g), /the sentence encoder folder .* "\.\.\/\.\.\/etc" leaves the model folder/);
  g.model.dispose();
});

test('a damaged manifest or damaged weights get one sentence, not a TensorFlow.js error or NaN samples', async () => {
  const negative = editedModel((d) => editJson(join(d, 'manifest.json'), (j) => { j.latent.dim = -5; }));
  await assert.rejects(loadGenerator(negative), /manifest\.json has an invalid latent\.dim \(.*\); export the model again\.$/);
  const wider = editedModel((d) => editJson(join(d, 'manifest.json'), (j) => { j.latent.dim = 7; }));
  await assert.rejects(loadGenerator(wider), /takes noise of width 4, another width than .* describes: the files come from different exports/);
  const garbage = editedModel((d) => {
    const bytes = readFileSync(join(d, 'weights.bin'));
    writeFileSync(join(d, 'weights.bin'), Buffer.alloc(bytes.length, 0xff));  // every float a NaN
  });
  const g = await loadGenerator(garbage);
  assert.throws(() => generate(g, drawLatent(g.manifest, 5, new Rng(0))), /drew 10 non-finite values \(NaN or infinity\) in 10: its weights are damaged/);
  g.model.dispose();
});

test('a checkpoint whose header was edited is refused as corrupt, in one sentence', () => {
  const file = join(tmp(), 'last.ckpt');
  const buf = readFileSync(new RunDir(run).checkpoint);
  const headerBytes = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headerBytes));
  header.specs.g[0].shape = [1000, 1000];
  // The file rebuilt around the edited header, its layout otherwise intact.
  const text = Buffer.from(JSON.stringify(header));
  const padded = Math.ceil((12 + text.length) / 4) * 4;
  const head = Buffer.alloc(padded, 0x20);
  buf.copy(head, 0, 0, 8);
  head.writeUInt32LE(padded - 12, 8);
  text.copy(head, 12);
  writeFileSync(file, Buffer.concat([head, buf.subarray(12 + headerBytes)]));
  assert.throws(() => readCheckpoint(file), /^Error: checkpoint .* is corrupt \(tensor \w+\/.* has shape \[\d+,\d+\] at byte \d+, which does not fit its \d+ data bytes\); resume from an earlier copy or start the run again\.$/);
});
