// What the lab's four models have in common: the data they all learn (drawn once, with the fixed
// real points and the truth's histogram every measurement compares with), and the face each model
// shows the lab's scheduler: one training update, a measurement, its download, its disposal.
import * as tf from '@tensorflow/tfjs';
import { distancesToTruth, histogram2d, type Distances } from '../playground/metrics2d.ts';
import { makeTarget, rngFor, type Target } from '../playground/target.ts';
import type { LabFamily, LabSetup } from './lab_setup.ts';

/** Points each measurement compares; the truth's histogram comes from many more (as in the playground). */
export const PROBE_POINTS = 1500;
const TRUTH_POINTS = 50000;

export interface LabData {
  target: Target;
  /** Fixed real points, [PROBE_POINTS, 2] flat. */
  real: Float32Array;
  truthHistogram: Float64Array;
}

export function labData(setup: LabSetup): LabData {
  const target = makeTarget(setup.data, setup.drawn);
  const rng = rngFor(setup.seed, 3);
  return { target, real: target.sample(PROBE_POINTS, rng), truthHistogram: histogram2d(target.sample(TRUTH_POINTS, rng)) };
}

/** One measurement of a model: its samples, their distances to the truth, and its objective's terms. */
export interface Measured {
  fake: Float32Array;
  metrics: Distances;
  losses: Record<string, number>;
}

export interface LabModel {
  readonly family: LabFamily;
  /** Training updates so far. */
  readonly step: number;
  /** One update of the model's parameters (for the GAN, k D updates and one G update). */
  trainStep(): void;
  measure(): Measured;
  download(): Promise<void>;
  dispose(): void;
}

/** Distances of samples to the lab's truth. */
export const distancesOf = (data: LabData, fake: Float32Array) => distancesToTruth(data.truthHistogram, data.real, fake, data.target.scale);

/** The value of a scalar the last update kept (NaN before the first). */
export const valueOf = (t?: tf.Scalar) => (t ? t.dataSync()[0] : Number.NaN);

/** f's plain result, every tensor f made disposed (tf.tidy's own result must be tensors). */
export function tidied<T>(f: () => T): T {
  let value: T | undefined;
  tf.tidy(() => { value = f(); });
  return value!;
}
