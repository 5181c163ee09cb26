// `ganforge train`'s bad arguments: one sentence naming the option and the fix, exit code 1, and
// nothing written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ganforge = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', env: process.env });

test('--steps 0 is blamed on --steps, not on the preset', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ganforge-args-')), 'run');
  const r = ganforge('train', 'ring2d', '--steps', '0', '--out', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--steps must be a whole number of at least 1, not "0"\./);
  assert.doesNotMatch(r.stderr, /presets|    at /);
  assert.ok(!existsSync(out));
});

test('--seed with --resume is refused: a resumed run keeps its own seed', () => {
  const r = ganforge('train', '--resume', 'runs/anything', '--seed', '3');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^ganforge: --seed cannot change a resumed run, which continues with its own seed exactly; leave out --seed, or train a new run with it\.\n$/);
});
