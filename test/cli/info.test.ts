// `ganforge info` reports whether the processor computes bf16 natively, as oneDNN sees it:
// ONEDNN_MAX_CPU_ISA caps what oneDNN may use, standing in for a processor without bf16.
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nativeBf16Isa } from '../../src/engine/precision.ts';
import { loadNativeAddon } from '../../src/engine/native_addon.ts';

const info = (env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'info'], { encoding: 'utf8', env: { ...process.env, ...env } });

test('info names the native bf16 instructions, and says fp32 where oneDNN may not use them', { skip: loadNativeAddon() ? false : 'the native addon is not built' }, () => {
  const isa = nativeBf16Isa();
  assert.match(info().stdout, isa ? new RegExp(`^bf16: native \\(${isa}\\)`, 'm') : /^bf16: no native instructions/m);
  const capped = info({ ONEDNN_MAX_CPU_ISA: 'AVX2' });
  assert.equal(capped.status, 0, capped.stderr);
  assert.match(capped.stdout, /^bf16: no native instructions on this processor; train.precision "auto" computes in fp32, "bf16" is refused$/m);
});
