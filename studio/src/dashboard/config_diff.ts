// The settings in which runs differ: their configs flattened to dotted paths (train.steps,
// model.generator.channels), keeping only the paths whose values are not the same in every run.

export type Flat = Record<string, string>;

/** Leaves of a config as path -> JSON text; arrays are one value (a list of layer sizes reads as one setting). */
export function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = JSON.stringify(value);
  }
  return out;
}

/** The paths whose values differ between the configs (a path one run lacks differs too), in sorted order. */
export function differingPaths(configs: Flat[]): string[] {
  const paths = new Set(configs.flatMap((c) => Object.keys(c)));
  return [...paths].filter((p) => new Set(configs.map((c) => c[p])).size > 1).sort();
}
