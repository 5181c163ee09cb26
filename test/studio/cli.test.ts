// `ganforge studio`'s refusals, each one sentence with the fix (the dashboard test starts it for real).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { studioCommand } from '../../src/cli/studio.ts';
import { startStudio } from '../../src/studio/server.ts';
import { ganforge } from './cli_process.ts';
import { ganConfig, writeRun } from './fake_runs.ts';

const studio = (...args: string[]) => studioCommand().exitOverride().parseAsync(args, { from: 'user' });

test('a file, or a run directory itself, is refused as the runs folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-studio-cli-'));
  writeFileSync(join(dir, 'notes.txt'), 'x');
  await assert.rejects(studio(join(dir, 'notes.txt')), /notes\.txt is a file; pass the folder that holds your run directories \(default: runs\)\.$/);
  await writeRun(dir, 'a-run', { config: ganConfig('a-run', 4) });
  await assert.rejects(studio(join(dir, 'a-run')), new RegExp(`a-run is itself a run directory; pass the folder that holds it instead \\(ganforge studio ${dir}\\)\\.$`));
});

test('a port in use is refused with the fix', async () => {
  const first = await startStudio({ runsDir: tmpdir(), port: 0 });
  const port = Number(new URL(first.url).port);
  try {
    await assert.rejects(startStudio({ runsDir: tmpdir(), port }), new RegExp(`^Error: port ${port} is in use; pass another --port \\(or --port 0 for any free one\\)\\.$`));
  } finally {
    await first.close();
  }
});

test('--host with another address than this machine\'s own says who can then read the runs', async () => {
  const runs = mkdtempSync(join(tmpdir(), 'ganforge-studio-cli-'));
  // 127.0.0.2 is still loopback on Linux, so the test exposes nothing.
  const served = ganforge(['studio', runs, '--host', '127.0.0.2', '--port', '0']);
  try {
    await served.waitFor(/ganforge studio: http:\/\/127\.0\.0\.2:\d+\//);
    assert.match(served.output(), new RegExp(`ganforge studio: serving on 127\\.0\\.0\\.2: anyone who can reach this machine there can read every run in ${runs} \\(it has no login\\); use the default 127\\.0\\.0\\.1 to keep them to yourself\\.`));
  } finally {
    served.child.kill();
  }
  assert.match(studioCommand().options.find((o) => o.long === '--host')!.description, /^address to serve on \(default 127\.0\.0\.1: this machine only; 0\.0\.0\.0 shows your runs to every machine that can reach this one\)/);
});
