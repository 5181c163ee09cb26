// A checkpoint is one binary file holding everything a run needs to continue exactly: the
// weights of every network, the optimizers' state, the random generators' state and the data
// position. It is written atomically, so a run killed at any moment keeps its last one.
//
// Layout: "GFCK" | u32 version | u32 header bytes | JSON header | tensor bytes (4-byte aligned).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../util/atomic_write.ts';

/** A tensor with a name, as optimizers' getWeights returns them. */
export interface NamedTensor { name: string; tensor: tf.Tensor }

const MAGIC = 'GFCK';
const VERSION = 1;

export interface TensorSpec { name: string; shape: number[]; dtype: 'float32' | 'int32'; offset: number }

/** Named groups of tensors (e.g. "g", "d", "gOpt") plus any JSON-serialisable state. */
export interface CheckpointContents<S> {
  state: S;
  groups: Record<string, NamedTensor[]>;
}

export async function writeCheckpoint<S>(path: string, contents: CheckpointContents<S>): Promise<void> {
  const specs: Record<string, TensorSpec[]> = {};
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [group, tensors] of Object.entries(contents.groups)) {
    specs[group] = [];
    for (const { name, tensor } of tensors) {
      const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
      const values = await tensor.data();
      const typed = dtype === 'int32' ? Int32Array.from(values as Int32Array) : Float32Array.from(values as Float32Array);
      specs[group].push({ name, shape: tensor.shape, dtype, offset });
      chunks.push(new Uint8Array(typed.buffer));
      offset += typed.byteLength;
    }
  }
  const header = Buffer.from(JSON.stringify({ state: contents.state, specs, dataBytes: offset }));
  const padded = Math.ceil((12 + header.length) / 4) * 4;
  const out = Buffer.alloc(padded + offset, 0x20);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(VERSION, 4);
  out.writeUInt32LE(padded - 12, 8);
  header.copy(out, 12);
  let at = padded;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  writeFileAtomic(path, out);
}

/** Reads a checkpoint; the caller disposes the returned tensors. */
export function readCheckpoint<S>(path: string): CheckpointContents<S> {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    throw new Error(`checkpoint ${path} cannot be read; check that the run directory holds checkpoints/ from an earlier run.`);
  }
  const corrupt = (why: string) => new Error(`checkpoint ${path} is corrupt (${why}); resume from an earlier copy or start the run again.`);
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) throw corrupt('not a ganforge checkpoint');
  if (buf.readUInt32LE(4) !== VERSION) throw corrupt(`format version ${buf.readUInt32LE(4)}, expected ${VERSION}`);
  const headerBytes = buf.readUInt32LE(8);
  let header: { state: S; specs: Record<string, TensorSpec[]>; dataBytes: number };
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerBytes));
  } catch {
    throw corrupt('unreadable header');
  }
  const base = 12 + headerBytes;
  if (buf.length !== base + header.dataBytes) throw corrupt(`${buf.length} bytes, expected ${base + header.dataBytes}`);
  const sizeOf = (s: TensorSpec) => (Array.isArray(s.shape) && s.shape.every((d) => Number.isInteger(d) && d >= 0) ? tf.util.sizeFromShape(s.shape) : NaN);
  for (const [group, specs] of Object.entries(header.specs ?? {})) {
    // An edited header must fail here, in a sentence, not in a typed array or a tensor's constructor.
    const bad = specs.find((s) => !Number.isInteger(s.offset) || s.offset < 0 || s.offset % 4 !== 0 || !(s.offset + sizeOf(s) * 4 <= header.dataBytes) || (s.dtype !== 'float32' && s.dtype !== 'int32'));
    if (bad) throw corrupt(`tensor ${group}/${bad.name} has shape ${JSON.stringify(bad.shape)} at byte ${bad.offset}, which does not fit its ${header.dataBytes} data bytes`);
  }
  const groups: Record<string, NamedTensor[]> = {};
  for (const [group, specs] of Object.entries(header.specs)) {
    groups[group] = specs.map((s) => {
      const size = sizeOf(s);
      const bytes = buf.buffer.slice(buf.byteOffset + base + s.offset, buf.byteOffset + base + s.offset + size * 4);
      const values = s.dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes);
      return { name: s.name, tensor: tf.tensor(values, s.shape, s.dtype) };
    });
  }
  return { state: header.state, groups };
}

/** Disposes the tensors of checkpoint contents that are copies, keeping the variables they may name. */
export function disposeCopies(c: CheckpointContents<unknown>): void {
  tf.dispose(Object.values(c.groups).flatMap((g) => g.map((t) => t.tensor)).filter((t) => !(t instanceof tf.Variable)));
}

/** A model's weights (trainable and running statistics) as named tensors, in order. */
export const modelWeights = (model: tf.LayersModel): NamedTensor[] =>
  model.weights.map((w) => ({ name: w.originalName, tensor: w.read() }));

export function setModelWeights(model: tf.LayersModel, tensors: NamedTensor[], what: string): void {
  const expected = model.weights;
  if (expected.length !== tensors.length || expected.some((w, i) => !tf.util.arraysEqual(w.shape as number[], tensors[i].tensor.shape))) {
    throw new Error(`the checkpoint's ${what} weights do not match the model built from config.json; resume with the run's own config.`);
  }
  model.setWeights(tensors.map((t) => t.tensor));
}
