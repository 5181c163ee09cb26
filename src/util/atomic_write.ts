// Files a run writes are replaced atomically: the new content goes to a temporary file in the
// same folder, is flushed, and is renamed over the old one, so a run killed at any moment
// leaves either the old file or the new one, never half of one.
import { closeSync, fsyncSync, openSync, renameSync, writeSync, mkdirSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

// Test hook: GANFORGE_TEST_SLOW_WRITE="NAME:MS" makes each write of a file named NAME linger MS
// before its rename, so that tests can signal or kill a run in the middle of one.
const [slowName, slowMs] = (process.env.GANFORGE_TEST_SLOW_WRITE ?? ':0').split(':');

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (basename(path) === slowName) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(slowMs));
  renameSync(tmp, path);
}
