// `ganforge studio`'s refusals, each one sentence with the fix (the dashboard test starts it for real).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { studioCommand } from '../../src/cli/studio.ts';
import { startStudio } from '../../src/studio/server.ts';
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
