// Backend selection: native by default, overrides by argument and environment, and a missing
// addon reported once in one sentence, with the run going on on cpu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(code: string, env: Record<string, string> = {}) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env },
  });
  return { status: child.status, stdout: child.stdout.trim(), stderr: child.stderr.trim() };
}

const choose = (arg = '') => `
  import { useBackend } from './src/engine/backend.ts';
  console.log(await useBackend(${arg}));
  console.log(await useBackend(${arg}));`;

test('native is the default when the addon is built', () => {
  const r = run(choose(), { GANFORGE_BACKEND: '' });
  assert.equal(r.stdout, 'native\nnative');
});

test('an argument or GANFORGE_BACKEND picks another backend', () => {
  assert.equal(run(choose("'cpu'")).stdout, 'cpu\ncpu');
  assert.equal(run(choose(), { GANFORGE_BACKEND: 'cpu' }).stdout, 'cpu\ncpu');
});

test('an unknown backend is refused with the valid names', () => {
  const r = run(choose("'cuda'"));
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Unknown backend "cuda"; choose one of native, cpu, wasm, tensorflow\./);
});

test('without the addon the program says so once, with the fix, and runs on cpu', () => {
  const r = run(choose(), { GANFORGE_NATIVE_ADDON: '/nonexistent/ganforge_native.node', GANFORGE_BACKEND: '' });
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'cpu\ncpu');
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('ganforge:'));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /native oneDNN backend is not built .*run `bash scripts\/setup\.sh`/);
});
