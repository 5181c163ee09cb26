// The precisions a run can ask for (train.precision), in a file of its own so that the config
// schema, which the browser imports, does not bring the native addon's loader along.
/** bf16 where asked (or, for auto, where the processor computes it natively), else fp32. */
export const PRECISIONS = ['fp32', 'bf16', 'auto'] as const;
export type Precision = (typeof PRECISIONS)[number];
