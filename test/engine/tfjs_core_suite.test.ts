// tfjs-core's own op and kernel suite (scripts/tfjs-core-suite.ts) on the native backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { registerNativeBackend } from '../../src/engine/native_backend.ts';
import { nativeAddonError } from '../../src/engine/native_addon.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('tfjs-core op suite passes on the native backend', (t) => {
  if (!registerNativeBackend()) {
    const why = `the native addon is not built (${nativeAddonError()})`;
    // CI builds the addon, so there a missing addon is a failure, not a reason to skip.
    if (process.env.CI) assert.fail(`${why}; the native backend cannot be tested`);
    t.skip(why);
    return;
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/tfjs-core-suite.ts', 'native'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 300_000,
  });
  const output = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-120).join('\n');
  assert.equal(run.status, 0, `tfjs-core suite failed on native (exit ${run.status ?? run.signal}):\n${output}`);
});
