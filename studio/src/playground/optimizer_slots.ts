// What a TensorFlow.js optimiser keeps between updates, read and written synchronously, so that a
// timeline snapshot taken between two steps holds that step's state and training from it goes on
// as it would have. tfjs 4 keeps one slot per trained variable in arrays of { originalName,
// variable } (Adam's moments, RMSProp's mean squares and moments, momentum's accumulations), Adam's
// running beta powers in accBeta1 and accBeta2, and its update count in iterations_. Its own
// getWeights and setWeights are async, and setWeights leaves the slots it replaces undisposed.
import * as tf from '@tensorflow/tfjs';

type Slot = { originalName: string; variable: tf.Variable } | null | undefined;
type Fields = Record<string, unknown> & { iterations_?: number };

/** Where each slot sits, and the shapes that the saved values are cut into again. */
export interface SlotLayout {
  arrays: { field: string; slots: ({ name: string; shape: number[] } | null)[] }[];
  /** Scalar variables kept by name (Adam's accBeta1, accBeta2). */
  scalars: string[];
  iterations?: number;
}

const isSlot = (v: unknown) => v == null || (typeof v === 'object' && 'originalName' in v && 'variable' in v);
const slotArrays = (o: Fields) => Object.keys(o).filter((k) => Array.isArray(o[k]) && (o[k] as unknown[]).every(isSlot));
const BETA_POWERS = ['accBeta1', 'accBeta2'];

/** The optimiser's layout and its tensors, in the order loadSlots takes them back. */
export function slotTensors(opt: tf.Optimizer): { layout: SlotLayout; tensors: tf.Tensor[] } {
  const o = opt as unknown as Fields, tensors: tf.Tensor[] = [];
  const arrays = slotArrays(o).map((field) => ({
    field,
    slots: (o[field] as Slot[]).map((s) => {
      if (!s) return null;
      tensors.push(s.variable);
      return { name: s.originalName, shape: s.variable.shape };
    }),
  }));
  const scalars = BETA_POWERS.filter((k) => o[k] instanceof tf.Variable);
  for (const k of scalars) tensors.push(o[k] as tf.Variable);
  return { layout: { arrays, scalars, iterations: o.iterations_ }, tensors };
}

/** Puts saved slots into an optimiser of the same kind, disposing the slots they replace; `take` cuts the next values off the saved ones. */
export function loadSlots(opt: tf.Optimizer, layout: SlotLayout, take: (shape: number[]) => tf.Tensor): void {
  const o = opt as unknown as Fields;
  tf.tidy(() => {
    for (const { field, slots } of layout.arrays) {
      for (const s of (o[field] as Slot[] | undefined) ?? []) s?.variable.dispose();
      // A missing slot (a variable not yet updated) is made afresh, as zeros, by the next update.
      o[field] = slots.map((s) => (s ? { originalName: s.name, variable: tf.variable(take(s.shape), false) } : undefined));
    }
    for (const k of layout.scalars) (o[k] as tf.Variable).assign(take([]));
  });
  o.iterations_ = layout.iterations;
}
