// NumPy .npy files (format spec: numpy.org/doc/stable/reference/generated/numpy.lib.format.html),
// so generated samples can be loaded with np.load.
import * as tf from '@tensorflow/tfjs';

const MAGIC = '\x93NUMPY';

/** Writes a C-order little-endian float32 array, format version 1.0. */
export function encodeNpy(data: Float32Array, shape: number[]): Buffer {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`an array shape is whole numbers >= 0, not [${shape.join(', ')}].`);
  const n = tf.util.sizeFromShape(shape);
  if (n !== data.length) throw new Error(`shape [${shape.join(', ')}] holds ${n} values, but the data has ${data.length}.`);
  // Python's tuple syntax: a one-element tuple needs its trailing comma.
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  // Laid out byte for byte as np.save does: spare spaces so the first dimension can grow to 21
  // digits in place, then padding so that the data starts at a multiple of 64 bytes (a whole
  // 64 more when it already would), the 10 bytes of magic, version and length included.
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  if (shape.length > 0) header += ' '.repeat(21 - String(shape[0]).length);
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  if (header.length > 0xffff) throw new Error(`array of ${shape.length} dimensions has too long a .npy header for version 1.0.`);
  const buf = Buffer.alloc(10 + header.length + 4 * n);
  buf.write(MAGIC, 0, 'latin1');
  buf[6] = 1;
  buf[7] = 0;
  buf.writeUInt16LE(header.length, 8);
  buf.write(header, 10, 'latin1');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  for (let i = 0; i < n; i++) view.setFloat32(10 + header.length + 4 * i, data[i], true);
  return buf;
}

/** Reads a C-order '<f4' or '<f8' array (any format version); float64 values are rounded to float32. */
export function decodeNpy(buf: Uint8Array): { data: Float32Array; shape: number[] } {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  if (b.length < 10 || b.toString('latin1', 0, 6) !== MAGIC) throw new Error('not a .npy file: it does not start with "\\x93NUMPY".');
  const major = b[6];
  if (major < 1 || major > 3) throw new Error(`unsupported .npy format version ${major}.${b[7]}.`);
  const lenBytes = major === 1 ? 2 : 4;
  const headerLen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = 8 + lenBytes + headerLen;
  const header = b.toString(major === 3 ? 'utf8' : 'latin1', 8 + lenBytes, start);
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const dims = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || dims === undefined) throw new Error(`malformed .npy header: ${header.trim()}`);
  if (descr !== '<f4' && descr !== '<f8') throw new Error(`.npy data type '${descr}' is not supported: only '<f4' (float32) and '<f8' (float64) are.`);
  if (fortran === 'True') throw new Error('.npy arrays in Fortran order are not supported: save a C-order array (np.ascontiguousarray).');
  const shape = dims.split(',').map((d) => d.trim()).filter((d) => d !== '').map(Number);
  const n = tf.util.sizeFromShape(shape);
  const width = descr === '<f4' ? 4 : 8;
  if (b.length < start + n * width) throw new Error(`.npy file is truncated: shape (${shape.join(', ')}) needs ${n * width} bytes of data, it has ${b.length - start}.`);
  const view = new DataView(b.buffer, b.byteOffset + start, n * width);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = width === 4 ? view.getFloat32(4 * i, true) : view.getFloat64(8 * i, true);
  return { data, shape };
}
