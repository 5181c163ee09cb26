// Crash safety, measured: `ganforge train` killed with SIGKILL at seeded pseudo-random moments
// (while it starts, between steps, and inside a checkpoint's write, which a test hook slows),
// resumed each time, ends with the weights and metrics of a run never interrupted, and every file
// of its run directory parses. A full disk stops a run with one sentence and keeps its last good
// checkpoint; so does a run directory removed while the run trains.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { before, test } from 'node:test';
import { runCli } from '../../src/cli/program.ts';
import { validateConfig } from '../../src/config/load.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { readCheckpoint } from '../../src/train/checkpoint.ts';
import { train } from '../../src/run/loop.ts';
import { RunDir } from '../../src/io/run_dir.ts';
import { decodePng } from '../../src/viz/index.ts';
import { checkpointWeights, randInt, rng } from '../helpers.ts';
import { captureOutput } from './capture_output.ts';
import { ganforge } from '../studio/cli_process.ts';

before(async () => { await useBackend(); });

const ring = { source: 'toy', name: 'ring', count: 1024 };
const output = { logEvery: 1, sampleEvery: 60, checkpointEvery: 6 };

/** Small runs of three families on the ring; kills in each and the seed of their moments. */
const FAMILIES = {
  gan: { kills: 20, config: { model: { architecture: 'mlp', latent: { dim: 4 }, generator: { hidden: [16] }, discriminator: { hidden: [16], dropout: 0 } }, train: { steps: 240, batchSize: 32 } } },
  vae: { kills: 4, config: { family: 'vae', model: { architecture: 'vae', latent: { dim: 2 }, hidden: [16], likelihood: 'gaussian' }, train: { steps: 60, batchSize: 32, gLr: 1e-3 } } },
  diffusion: { kills: 4, config: { family: 'diffusion', model: { architecture: 'denoiser-mlp', hidden: [16], timeEmbeddingDim: 8, timesteps: 10, sampler: { method: 'ancestral' } }, train: { steps: 60, batchSize: 32, gLr: 1e-3 } } },
};

// One thread, so that the interrupted and the uninterrupted runs compute alike; passive waits, to share the machine.
const ENV = { OMP_NUM_THREADS: '1', OMP_WAIT_POLICY: 'passive' };
const SLOW_CHECKPOINT_MS = 300;

function writeConfig(root: string, family: keyof typeof FAMILIES): string {
  const file = join(root, `${family}.json`);
  writeFileSync(file, JSON.stringify({ name: family, seed: 4, data: ring, output, ...FAMILIES[family].config }));
  return file;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lastLoggedStep = (file: string) => {
  if (!existsSync(file)) return 0;
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  try { return JSON.parse(lines.at(-1)!).step as number; } catch { return lines.length > 1 ? JSON.parse(lines.at(-2)!).step : 0; }
};
const checkpointInFlight = (out: string) => existsSync(join(out, 'checkpoints')) && readdirSync(join(out, 'checkpoints')).some((f) => f.startsWith('.last.ckpt.'));

type Moment = 'starting' | 'training' | 'checkpoint write';

/**
 * Starts (or resumes) the run and SIGKILLs it at the moment `random` picks; resolves with what
 * the moment was, or 'finished' when the run ended first.
 */
async function killOnce(args: string[], out: string, moment: Moment, random: () => number): Promise<string> {
  const run = ganforge(args, { ...ENV, ...(moment === 'checkpoint write' ? { GANFORGE_TEST_SLOW_WRITE: `last.ckpt:${SLOW_CHECKPOINT_MS}` } : {}) });
  let ended = false;
  void run.exited.then(() => { ended = true; });
  const from = lastLoggedStep(join(out, 'metrics.jsonl'));
  const target = from + randInt(random, 1, 12);
  const started = Date.now();
  const startDelay = randInt(random, 0, 4000);
  for (;;) {
    if (ended) break;
    // Still starting: before the run logs a step of its own (on a fast machine 4 s would be many steps).
    if (moment === 'starting' && (Date.now() - started >= startDelay || lastLoggedStep(join(out, 'metrics.jsonl')) > from)) break;
    if (moment === 'training' && lastLoggedStep(join(out, 'metrics.jsonl')) >= target) break;
    if (moment === 'checkpoint write' && checkpointInFlight(out)) { await sleep(randInt(random, 0, SLOW_CHECKPOINT_MS)); break; }
    await sleep(moment === 'starting' ? 5 : 2);
  }
  if (ended) {
    assert.equal(await run.exited, 0, run.output());
    return 'finished';
  }
  run.child.kill('SIGKILL');
  await run.exited;
  return moment;
}

/** Asserts that every file of the run directory parses, by its kind, and that no temporary file is left. */
async function assertEveryFileParses(root: string): Promise<number> {
  let files = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = readFileSync(path);
    files++;
    assert.ok(!entry.name.endsWith('.tmp'), `a temporary file is left: ${path}`);
    if (entry.name.endsWith('.jsonl')) {
      assert.ok(bytes.length === 0 || bytes.at(-1) === 0x0a, `${path} ends in a cut line`);
      for (const line of bytes.toString('utf8').split('\n').filter(Boolean)) assert.doesNotThrow(() => JSON.parse(line), `${path}: ${line}`);
    } else if (entry.name.endsWith('.json')) {
      assert.doesNotThrow(() => JSON.parse(bytes.toString('utf8')), path);
    } else if (entry.name.endsWith('.png')) {
      await decodePng(bytes);
    } else if (entry.name.endsWith('.gif')) {
      assert.equal(bytes.toString('latin1', 0, 6), 'GIF89a', path);
      assert.equal(bytes.at(-1), 0x3b, `${path} lacks its trailer`);
    } else if (entry.name.endsWith('.ckpt')) {
      checkpointWeights(path);
    } else if (entry.name === 'weights.bin') {
      const manifest = JSON.parse(readFileSync(join(entry.parentPath, 'model.json'), 'utf8')).weightsManifest[0].weights as { shape: number[] }[];
      assert.equal(bytes.length, 4 * manifest.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0), path);
    } else {
      assert.fail(`a file of unknown kind: ${path}`);
    }
  }
  return files;
}

const withoutTime = (records: Record<string, number>[]) => records.map(({ time: _, ...r }) => r);

for (const [family, { kills }] of Object.entries(FAMILIES) as [keyof typeof FAMILIES, { kills: number }][]) {
  test(`${family}: killed ${kills} times with SIGKILL and resumed, the run ends as an uninterrupted one`, async () => {
    const root = mkdtempSync(join(tmpdir(), `ganforge-crash-${family}-`));
    const config = writeConfig(root, family);
    const whole = join(root, 'whole'), killed = join(root, 'killed');
    const reference = ganforge(['train', config, '--out', whole], ENV);
    assert.equal(await reference.exited, 0, reference.output());

    const random = rng(21 + kills);
    const moments: string[] = [];
    while (moments.length < kills) {
      // The first start is a new run; every later one resumes (a run killed before its first checkpoint starts over).
      const args = existsSync(join(killed, 'checkpoints', 'last.ckpt')) ? ['train', '--resume', killed] : ['train', config, '--out', killed];
      if (args[1] === config) rmSync(killed, { recursive: true, force: true });
      const moment: Moment = moments.length % 4 === 3 ? 'checkpoint write' : random() < 0.3 ? 'starting' : 'training';
      const what = await killOnce(args, killed, moment, random);
      assert.notEqual(what, 'finished', `the run finished after only ${moments.length} kills (${moments.join(', ')}): give it more steps`);
      moments.push(what);
    }
    const finish = ganforge(['train', '--resume', killed], ENV);
    assert.equal(await finish.exited, 0, finish.output());

    assert.ok(moments.filter((m) => m === 'checkpoint write').length >= Math.floor(kills / 4));
    assert.deepEqual(checkpointWeights(new RunDir(killed).checkpoint), checkpointWeights(new RunDir(whole).checkpoint));
    const metrics = new RunDir(killed).readMetrics();
    const steps = (FAMILIES[family].config.train as { steps: number }).steps;
    assert.deepEqual(metrics.map((r) => r.step), Array.from({ length: steps }, (_, i) => i + 1), 'metrics.jsonl has a duplicate or missing step');
    assert.deepEqual(withoutTime(metrics), withoutTime(new RunDir(whole).readMetrics()));
    assert.deepEqual(withoutTime(new RunDir(killed).readEvaluation()), withoutTime(new RunDir(whole).readEvaluation()));
    assert.deepEqual(readdirSync(join(killed, 'samples')), readdirSync(join(whole, 'samples')));
    assert.ok(await assertEveryFileParses(killed) > 5);
  });
}

test('a full disk stops the run with one sentence and keeps the last good checkpoint', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ganforge-full-disk-'));
  const config = writeConfig(root, 'gan');
  // Budgets that run out in different writes (after the first grid's 110 kB): a checkpoint's, the exported model's.
  for (const bytes of [125_000, 137_000]) {
    const out = join(root, `run-${bytes}`);
    process.env.GANFORGE_TEST_FULL_DISK_AFTER = String(bytes);
    const r = await captureOutput(() => runCli(['train', config, '--out', out, '--steps', '60']));
    delete process.env.GANFORGE_TEST_FULL_DISK_AFTER;
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('ganforge:'));
    assert.equal(lines.length, 1, r.stderr);
    const m = /^ganforge: training stopped: cannot write (\S+): the disk is full; the last good checkpoint \(step (\d+)\) is kept in \S+; make room, then continue with --resume \S+\.$/.exec(lines[0]);
    assert.ok(m, lines[0]);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const ckpt = readCheckpoint<{ step: number }>(new RunDir(out).checkpoint);
    assert.equal(ckpt.state.step, Number(m[2]), `${basename(m[1])}: the checkpoint kept is not the one named`);
    checkpointWeights(new RunDir(out).checkpoint);
    await assertEveryFileParses(out);
    // Room made, the run continues to its end.
    const resumed = await captureOutput(() => runCli(['train', '--resume', out]));
    assert.equal(resumed.code, 0, resumed.stderr);
  }
});

test('a run directory removed while the run trains stops it with one sentence', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ganforge-removed-'));
  const out = join(root, 'run');
  const config = validateConfig({ name: 'gan', seed: 4, data: ring, output, ...FAMILIES.gan.config }, 'test');
  await assert.rejects(train(config, { out, onProgress: (p) => { if (p.step === 9) rmSync(out, { recursive: true }); } }),
    /^Error: the run directory \S+ was removed \(or lost its config\.json\) while the run trained, so the run cannot go on; train it again\.$/);
  assert.ok(!existsSync(out), 'the removed run directory was made again');
});
