// Everything a playground session trains on from, copied out of its tensors into one plain array
// (issue 23, item 2): G's and D's weights, both optimisers' slots, the training draws' state and
// the step counters. Plain data holds no tensor, so kept snapshots never change the tensor count,
// and their memory is their bytes.
import * as tf from '@tensorflow/tfjs';
import type { Networks } from './gan.ts';
import { loadSlots, slotTensors, type SlotLayout } from './optimizer_slots.ts';
import type { Setup } from './setup.ts';

export interface SessionState {
  /** The set-up it trained under: the optimisers are made for it again before their slots are loaded. */
  setup: Setup;
  step: number;
  dUpdates: number;
  rng: number[];
  /** The last update's losses (NaN before the first), for the model graph. */
  losses: { d: number; g: number };
  /** Every tensor's values end to end: G's weights, D's, D's optimiser slots, G's. */
  values: Float32Array;
  dOpt: SlotLayout;
  gOpt: SlotLayout;
}

export interface Trained { nets: Networks; dOpt: tf.Optimizer; gOpt: tf.Optimizer }

const weights = (m: tf.Sequential) => m.weights.map((w) => w.read());

/** The tensors' values, read back in one transfer (one GPU stall on WebGL, not one per tensor). */
function readAll(tensors: tf.Tensor[]): Float32Array {
  if (tensors.length === 0) return new Float32Array(0);
  const flat = tf.tidy(() => tf.concat(tensors.map((t) => t.reshape([-1]))));
  const values = flat.dataSync() as Float32Array;
  flat.dispose();
  return values;
}

export function saveState(t: Trained, rest: Omit<SessionState, 'values' | 'dOpt' | 'gOpt'>): SessionState {
  const d = slotTensors(t.dOpt), g = slotTensors(t.gOpt);
  const values = readAll([...weights(t.nets.generator), ...weights(t.nets.discriminator), ...d.tensors, ...g.tensors]);
  return { ...rest, values, dOpt: d.layout, gOpt: g.layout };
}

/** Writes the saved weights and slots into networks of the same shapes and optimisers of the same kind. */
export function loadState(t: Trained, state: SessionState): void {
  let at = 0;
  const take = (shape: number[]) => {
    const size = tf.util.sizeFromShape(shape);
    // A copy: the CPU backend keeps the array it is given, and the kept state must stay as it was.
    return tf.tensor(state.values.slice(at, (at += size)), shape);
  };
  tf.tidy(() => {
    for (const w of [...t.nets.generator.weights, ...t.nets.discriminator.weights]) w.write(take(w.shape as number[]));
  });
  loadSlots(t.dOpt, state.dOpt, take);
  loadSlots(t.gOpt, state.gOpt, take);
}

/** The memory a kept state takes, nearly all of it its values. */
export const stateBytes = (s: SessionState) => s.values.byteLength;
