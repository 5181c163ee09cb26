import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeNpy, encodeNpy } from '../../src/viz/index.ts';

/** The header np.save (NumPy 1.24) writes for a float32 array of shape (2, 3), 128 bytes in all. */
const NUMPY_HEADER_2x3 = "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + ' '.repeat(58) + '\n';

/** A .npy file with the given header dict and raw data, laid out as format version 1.0. */
function npyWith(dict: string, data: Uint8Array): Buffer {
  const header = dict.padEnd(Math.ceil((dict.length + 11) / 64) * 64 - 11) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY\x01\x00', 'latin1');
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]);
}

test('the header bytes are those NumPy writes', () => {
  const buf = encodeNpy(Float32Array.from([0, 1, 2, 3, 4, 5]), [2, 3]);
  assert.equal(buf.toString('latin1', 0, 128), NUMPY_HEADER_2x3);
  assert.equal(buf.length, 128 + 24);
  assert.equal(buf.readFloatLE(128 + 4 * 5), 5);
});

test('every header ends on a multiple of 64 bytes with a newline', () => {
  for (const shape of [[], [7], [6, 28, 28, 1], [123456789012, 0]]) {
    const buf = encodeNpy(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
    const end = 10 + buf.readUInt16LE(8);
    assert.equal(end % 64, 0);
    assert.equal(buf[end - 1], 0x0a);
    assert.deepEqual(decodeNpy(buf).shape, shape);
  }
});

test('round trip keeps shape and values, and <f8 is read as float32', () => {
  const data = Float32Array.from([-1, 0.5, 1e-30, 3.25, -0, 7, NaN, Infinity]);
  const back = decodeNpy(encodeNpy(data, [2, 2, 2]));
  assert.deepEqual(back.shape, [2, 2, 2]);
  assert.deepEqual(back.data, data);
  const f8 = npyWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", new Uint8Array(Float64Array.from([0.1, -2, 1e300]).buffer));
  const r = decodeNpy(f8);
  assert.deepEqual(r.shape, [3]);
  assert.deepEqual(r.data, Float32Array.from([0.1, -2, Infinity]));
});

test('unsupported files get a clear error', () => {
  const four = new Uint8Array(16);
  assert.throws(() => decodeNpy(npyWith("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", four)), /'<i4' is not supported/);
  assert.throws(() => decodeNpy(npyWith("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", four)), /Fortran order/);
  assert.throws(() => decodeNpy(npyWith("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", four)), /truncated/);
  assert.throws(() => decodeNpy(Buffer.from('PK\x03\x04 not an npy')), /not a \.npy file/);
  assert.throws(() => encodeNpy(new Float32Array(5), [2, 3]), /holds 6 values, but the data has 5/);
});

const hasNumpy = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

test('NumPy reads our files byte for byte as it writes them, and we read its float64 files', { skip: !hasNumpy && 'numpy is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-npy-'));
  const ours = join(dir, 'ours.npy');
  writeFileSync(ours, encodeNpy(Float32Array.from({ length: 24 }, (_, i) => i / 4 - 3), [2, 3, 4]));
  const py = `
import numpy as np, sys, io
a = np.load(sys.argv[1])
assert a.dtype == np.float32 and a.shape == (2, 3, 4), (a.dtype, a.shape)
assert (a.ravel() == np.arange(24, dtype=np.float32) / 4 - 3).all()
b = io.BytesIO(); np.save(b, a)
assert b.getvalue() == open(sys.argv[1], 'rb').read(), 'np.save writes different bytes'
np.save(sys.argv[2], np.linspace(-1, 1, 6).reshape(3, 2))
`;
  const theirs = join(dir, 'theirs.npy');
  const r = spawnSync('/usr/bin/python3', ['-c', py, ours, theirs], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const back = decodeNpy(readFileSync(theirs));
  assert.deepEqual(back.shape, [3, 2]);
  assert.deepEqual(back.data, Float32Array.from([-1, -0.6, -0.2, 0.2, 0.6, 1]));
});
