// What a conditional GAN's second input is made of. Class labels give a one-hot row; a
// text-conditioned GAN (src/text/text_conditioning.ts) gives the embedding of a caption. The
// trainer asks for conditions in four roles and does not care which kind it holds.
import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/prng.ts';
import { oneHot, type ExportedFields } from '../train/session.ts';

/** A batch of real samples with their classes and their rows in the dataset. */
export interface RealBatch { x: Float32Array; labels?: Int32Array; indices?: Int32Array }

export interface Conditioning {
  /** Width of the condition row G and D take as their second input. */
  readonly width: number;
  /** Conditions that describe these real samples (their class, or one of their captions). */
  real(batch: RealBatch, rng: Rng): tf.Tensor2D;
  /** Conditions that do not describe them (another class), for the matching-aware D. */
  wrong(batch: RealBatch, rng: Rng): tf.Tensor2D;
  /** Conditions asking for the given classes. */
  forLabels(labels: Int32Array, rng: Rng): tf.Tensor2D;
  /** Conditions of random training samples, for the generated samples D judges. */
  forFakes(n: number, rng: Rng): tf.Tensor2D;
  /** Conditions for G's update: forFakes', or more (GAN-INT's text midpoints, which D never sees). */
  forGenerator(n: number, rng: Rng): GeneratorConditions;
  /**
   * For D's minibatch stddev groups (sample i of a batch of n belongs to group i mod n / groupSize):
   * the batch with samples i >= n / groupSize replaced by others that their group's condition also
   * describes, and the conditions, one per group, repeated. Only conditionings that can group have it.
   */
  grouped?(batch: RealBatch, groupSize: number, rng: Rng): { batch: RealBatch; conditions: tf.Tensor2D };
  /**
   * What the exported generator needs besides a one-hot "y": the name of its second input, the
   * manifest fields that describe it, and the files saved beside model.json. Labels need none.
   */
  readonly export?: ConditioningExport;
  dispose?(): void;
}

export interface ConditioningExport {
  input: string;
  manifest: Partial<ExportedFields>;
  save(modelDir: string): Promise<void>;
}

/** G's conditions with the classes they ask for, for an auxiliary classifier's loss. */
export interface GeneratorConditions {
  conditions: tf.Tensor2D;
  /** [n, classes] probabilities: one-hot, or half each for a midpoint of two captions of different classes. */
  classes: tf.Tensor2D;
}

/** The first `m` samples of a batch: one per group of a grouped batch. */
export function leaders(batch: RealBatch, m: number, sampleSize: number): RealBatch {
  return { x: batch.x.subarray(0, m * sampleSize), labels: batch.labels?.subarray(0, m), indices: batch.indices?.subarray(0, m) };
}

/** One-hot class labels (Mirza & Osindero 2014). */
export class LabelConditioning implements Conditioning {
  constructor(readonly width: number) {}

  real(batch: RealBatch): tf.Tensor2D {
    return oneHot(batch.labels!, this.width);
  }

  wrong(batch: RealBatch, rng: Rng): tf.Tensor2D {
    return oneHot(otherClasses(batch.labels!, this.width, rng), this.width);
  }

  forLabels(labels: Int32Array): tf.Tensor2D {
    return oneHot(labels, this.width);
  }

  forFakes(n: number, rng: Rng): tf.Tensor2D {
    return oneHot(randomClasses(n, this.width, rng), this.width);
  }

  forGenerator(n: number, rng: Rng): GeneratorConditions {
    const conditions = this.forFakes(n, rng);
    return { conditions, classes: conditions };
  }
}

const randomClasses = (n: number, k: number, rng: Rng) => Int32Array.from({ length: n }, () => rng.int(k));

/** For each label, one of the other k - 1 classes, uniformly. */
const otherClasses = (labels: Int32Array, k: number, rng: Rng) => labels.map((l) => (l + 1 + rng.int(k - 1)) % k);
