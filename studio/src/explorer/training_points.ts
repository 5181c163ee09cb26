// The points a toy run trained on, for the explorer's plots: toy data are not stored but drawn
// from a seeded generator, so the page draws them again from the run's data section with
// ganforge's own module (src/data/toy.ts), exactly as training did. Other point data (a CSV
// table) stays on the server.
import { loadToy } from '../../../src/data/toy.ts';
import { TOY_NAMES, type ToyName } from '../../../src/data/schema.ts';
import { getRun } from '../api.ts';

export interface TrainingPoints {
  /** count × dim values in the model's [-1, 1] units. */
  x: Float32Array;
  count: number;
  labels?: Int32Array;
}

const loaded = new Map<string, Promise<TrainingPoints | undefined>>();

type ToySection = { source?: unknown; name?: unknown; distribution?: string; count?: number; seed?: number };

/** Undefined when the run's data are not a toy distribution. */
export function trainingPoints(runId: string): Promise<TrainingPoints | undefined> {
  if (!loaded.has(runId)) {
    loaded.set(runId, getRun(runId).then((run) => {
      const data = run.config?.data as ToySection | undefined;
      if (data?.source !== 'toy' || !TOY_NAMES.includes(data.name as ToyName)) return undefined;
      const d = loadToy(data.name as ToyName, { distribution: data.distribution, count: data.count, seed: data.seed });
      return { x: d.x, count: d.count, labels: d.labels };
    }).catch((e) => { loaded.delete(runId); throw e; }));
  }
  return loaded.get(runId)!;
}
