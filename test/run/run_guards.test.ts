// What a run directory holds stays consistent whatever happened to it before: a folder with a
// run's files is never merged into, a killed run's temporary files and missing records are mended
// on resume, a resume never shrinks the run, and runs in one process leave no tensor behind.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import { resumeConfig, train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';
import { useBackend } from '../../src/engine/backend.ts';

before(async () => {
  process.env.GANFORGE_CACHE ??= mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
  await useBackend();
});

const tmp = () => mkdtempSync(join(tmpdir(), 'ganforge-guard-'));

const config = (steps = 6) => validateConfig({
  name: 'guard', seed: 3,
  data: { source: 'mnist', limit: 256 },
  model: { architecture: 'mlp', latent: { dim: 8 }, generator: { hidden: [16] }, discriminator: { hidden: [16] } },
  train: { steps, batchSize: 16 },
  output: { logEvery: 1, sampleEvery: 3, checkpointEvery: 3, gridCount: 4 },
}, 'test');

const snapshot = (root: string) => Object.fromEntries(readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), 'utf8')]));

test('a folder holding a run\'s files but no checkpoint is refused, and left as it was', async () => {
  const out = tmp();
  writeFileSync(join(out, 'config.json'), '{"name": "earlier"}\n');
  writeFileSync(join(out, 'metrics.jsonl'), '{"step": 10}\n');
  const before = snapshot(out);
  await assert.rejects(train(config(), { out }), /already holds a run's files \(config\.json, metrics\.jsonl\) but no checkpoint to resume from; delete the folder .* or choose another --out\./);
  assert.deepEqual(snapshot(out), before);
});

test('an --out that cannot be a folder gets one sentence naming the fix', async () => {
  const file = join(tmp(), 'file');
  writeFileSync(file, 'x');
  await assert.rejects(train(config(), { out: join(file, 'run') }), /^Error: cannot create the run directory .*: a file \(not a folder\) is in the way; choose another --out\.$/);
});

test('resume removes a killed run\'s temporary files and redoes the quality record it missed', async () => {
  const out = tmp();
  await train(config(3), { out });
  const dir = new RunDir(out);
  const records = dir.readEvaluation();
  assert.deepEqual(records.map((r) => r.step), [0, 3]);
  // As a kill between the checkpoint and its quality record leaves it, with two writes cut short
  // (pid 2^31 - 1 is above any pid_max, so no process holds it).
  writeFileSync(dir.evaluation, JSON.stringify(records[0]) + '\n');
  const stale = [join(out, 'checkpoints', '.last.ckpt.2147483647.tmp'), join(out, 'model', '.weights.bin.2147483647.tmp')];
  for (const f of stale) writeFileSync(f, 'partial');
  const live = join(out, `.notes.txt.${process.pid}.tmp`);
  writeFileSync(live, 'a write of a process still running');
  await train(resumeConfig(out, { steps: 6 }), { out, resume: true });
  for (const f of stale) assert.ok(!existsSync(f), `${f} is left`);
  assert.ok(existsSync(live), 'the temporary file of a live process was removed');
  const redone = dir.readEvaluation();
  assert.deepEqual(redone.map((r) => r.step), [0, 3, 6]);
  assert.deepEqual(redone[1], records[1], 'the redone record differs from the one the run wrote');
});

test('resuming with fewer steps than the run has taken is refused, and config.json is kept', async () => {
  const out = tmp();
  await train(config(6), { out });
  const before = readFileSync(new RunDir(out).config, 'utf8');
  await assert.rejects(train(resumeConfig(out, { steps: 3 }), { out, resume: true }), /is already at step 6, beyond --steps 3; pass more steps than 6/);
  assert.equal(readFileSync(new RunDir(out).config, 'utf8'), before);
});

test('runs one after another in one process leave no tensor behind, the classifier of their evaluation included', async () => {
  await train(config(3), { out: tmp() });
  const start = tf.memory().numTensors;
  for (let i = 0; i < 2; i++) await train(config(3), { out: tmp() });
  assert.equal(tf.memory().numTensors, start);
});
