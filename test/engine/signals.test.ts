// Signals arriving while a native kernel runs: oneDNN 2.6's JIT GEMM kernels point rsp into the
// heap, so a signal handled inside one wrote its frame over heap memory (oneDNN issue #4845).
// The addon holds signals back during kernels; a V8 CPU profile, which interrupts the main thread
// with SIGPROF every 50 us, must now leave the heap whole. Before the fix this run aborted with
// "corrupted size vs. prev_size" on AVX-512 machines within its first matrix products.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WORK = `
import * as tf from '@tensorflow/tfjs';
import { useBackend } from './src/engine/backend.ts';
if (await useBackend('native') !== 'native') throw new Error('the native addon is not built');
const a = tf.randomNormal([64, 100]), b = tf.randomNormal([100, 6272]);
const x = tf.randomNormal([64, 28, 28, 1]), k = tf.randomNormal([5, 5, 1, 32]);
for (let i = 0; i < 150; i++) {
  tf.tidy(() => tf.matMul(a, b).sum().dataSync());
  tf.tidy(() => tf.conv2d(x, k, 2, 'same').sum().dataSync());
}
console.log('kernels done');
`;

test('native kernels interrupted by a CPU profiler\'s signals leave the heap whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-profile-'));
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '50', '--cpu-prof-dir', dir, '--import', 'tsx', '--input-type=module', '-e', WORK], {
    encoding: 'utf8', timeout: 300_000,
  });
  assert.equal(run.status, 0, `exit ${run.status} (signal ${run.signal}): ${run.stderr.slice(-500)}`);
  assert.match(run.stdout, /kernels done/);
});
