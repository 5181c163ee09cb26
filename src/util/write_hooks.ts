// Every byte a run writes goes through writeBytes, where two test hooks reach it:
//
//   GANFORGE_TEST_SLOW_WRITE="NAME:MS"     each write of a file named NAME lingers MS/2 halfway
//                                          through its bytes and MS/2 after them, so that a test
//                                          can signal or kill a run in the middle of one;
//   GANFORGE_TEST_FULL_DISK_AFTER="BYTES"  once BYTES bytes have been written, every
//                                          further write fails with ENOSPC, as on a full disk.
import { writeSync } from 'node:fs';
import { basename } from 'node:path';

// Read at each write, so that a test in this process can set them; the byte count starts again
// whenever the full-disk budget changes.
let budget: { value: string | undefined; written: number } = { value: undefined, written: 0 };

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Writes all of `bytes` to the open file `fd` (of `path`), as the hooks allow. */
export function writeBytes(fd: number, bytes: Uint8Array, path: string): void {
  const [slowName, slowMs] = (process.env.GANFORGE_TEST_SLOW_WRITE ?? ':0').split(':');
  const slow = basename(path) === slowName ? Number(slowMs) / 2 : 0;
  const full = process.env.GANFORGE_TEST_FULL_DISK_AFTER;
  if (full !== budget.value) budget = { value: full, written: 0 };
  const fullDiskAfter = full === undefined ? Infinity : Number(full);
  const writeRange = (from: number, to: number) => {
    for (let off = from; off < to;) {
      if (budget.written + (to - off) > fullDiskAfter) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', syscall: 'write', path });
      }
      const n = writeSync(fd, bytes, off, to - off);
      budget.written += n;
      off += n;
    }
  };
  const half = bytes.length >> 1;
  writeRange(0, half);
  if (slow) sleep(slow);
  writeRange(half, bytes.length);
  if (slow) sleep(slow);
}
