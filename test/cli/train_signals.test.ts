// `ganforge train` as a person stops it: the first Ctrl-C (or SIGTERM) stops after the step in
// progress with a checkpoint, however far the next sample or checkpoint step is; a second Ctrl-C
// quits at once, even while that checkpoint is being written.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCheckpoint } from '../../src/train/checkpoint.ts';
import { ganforge } from '../studio/cli_process.ts';

const STEPS = 1_000_000;

/** A ring GAN whose next sample grid and checkpoint are far beyond the test's patience. */
function longRun(): { config: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'ganforge-signal-'));
  const config = join(root, 'ring.json');
  writeFileSync(config, JSON.stringify({
    name: 'ring', data: { source: 'toy', name: 'ring' },
    model: { architecture: 'mlp', latent: { dim: 4 }, generator: { hidden: [16] }, discriminator: { hidden: [16], dropout: 0 } },
    train: { steps: STEPS, batchSize: 32 },
    output: { sampleEvery: STEPS, checkpointEvery: STEPS },
  }));
  return { config, out: join(root, 'run') };
}

const checkpointStep = (out: string) => (readCheckpoint<{ step: number }>(join(out, 'checkpoints', 'last.ckpt')).state.step);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} stops a run within moments, with a checkpoint of the step reached`, async () => {
    const { config, out } = longRun();
    const run = ganforge(['train', config, '--out', out]);
    await run.waitFor(/step \d+\/1000000/);
    run.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([run.exited, new Promise((done) => { timer = setTimeout(() => done('still running'), 60_000); })]);
    clearTimeout(timer);
    if (code === 'still running') run.child.kill('SIGKILL');
    assert.equal(code, 0, run.output());
    const stopped = /stopped at step (\d+); run directory: .* \(continue with: ganforge train --resume /.exec(run.output());
    assert.ok(stopped, run.output());
    assert.ok(Number(stopped[1]) < STEPS);
    assert.equal(checkpointStep(out), Number(stopped[1]));
  });
}

test('a second Ctrl-C quits at once, while the first one\'s checkpoint is being written', async () => {
  const { config, out } = longRun();
  // The checkpoint's write lingers 30 s, so the stop outlasts the test's second Ctrl-C.
  const run = ganforge(['train', config, '--out', out], { GANFORGE_TEST_SLOW_WRITE: 'last.ckpt:30000' });
  await run.waitFor(/step \d+\/1000000/);
  run.child.kill('SIGINT');
  await run.waitFor(/stopping after this step/);
  // Inside the checkpoint's write: its temporary file is there.
  const checkpoints = join(out, 'checkpoints');
  while (!(existsSync(checkpoints) && readdirSync(checkpoints).some((f) => f.startsWith('.last.ckpt.')))) await new Promise((r) => setTimeout(r, 50));
  run.child.kill('SIGINT');
  await run.exited;
  // Ended by the signal itself, as a program that does not handle Ctrl-C is (a shell says 130).
  assert.equal(run.child.signalCode, 'SIGINT', run.output());
  // It quit before the lingering write was done: the checkpoint it had begun is not there.
  assert.ok(!existsSync(join(out, 'checkpoints', 'last.ckpt')));
});
