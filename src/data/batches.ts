// Shuffled mini-batches over a Dataset: each epoch walks a fresh permutation drawn from the
// sampler's Rng and drops the last, incomplete batch. The state is small (the Rng state at the
// start of the current epoch plus the position in it): restoring it redraws the same permutation,
// so a resumed run continues with exactly the batches it would have seen.
import type { Rng } from '../random/prng.ts';
import { sampleSize, type Dataset } from './dataset.ts';

export interface Batch {
  /** batchSize × sampleSize values, copied out of the dataset. */
  x: Float32Array;
  labels?: Int32Array;
  /** The samples' rows in the dataset (e.g. to look up their captions). */
  indices: Int32Array;
}

export interface BatchSamplerState {
  /** Epochs completed. */
  epoch: number;
  /** Samples of the current permutation already handed out (0: the next batch starts a new epoch). */
  position: number;
  /** The Rng's four state words when the current permutation was drawn (or now, at position 0). */
  rngState: number[];
  /** Checked on restore, so a state is not applied to another dataset or batch size. */
  count: number;
  batchSize: number;
}

export class BatchSampler {
  private perm: Int32Array | null = null;
  private position = 0;
  private epochsDone = 0;
  private epochRngState: number[] = [];

  /** The sampler draws from `rng` and nothing else may: give it its own (e.g. `rng.fork()`). */
  constructor(private readonly dataset: Dataset, readonly batchSize: number, private readonly rng: Rng) {
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > dataset.count) {
      throw new Error(`Batch size ${batchSize} does not fit a dataset of ${dataset.count} samples; use 1..${dataset.count}.`);
    }
  }

  /** Epochs completed: the first epoch ends when its last full batch has been returned. */
  get epoch(): number {
    return this.epochsDone;
  }

  get batchesPerEpoch(): number {
    return Math.floor(this.dataset.count / this.batchSize);
  }

  next(): Batch {
    const { dataset, batchSize } = this;
    if (this.perm === null) {
      this.epochRngState = this.rngWords();
      this.perm = this.rng.permutation(dataset.count);
      this.position = 0;
    }
    const size = sampleSize(dataset);
    const x = new Float32Array(batchSize * size);
    const labels = dataset.labels ? new Int32Array(batchSize) : undefined;
    const indices = this.perm.slice(this.position, this.position + batchSize);
    for (let i = 0; i < batchSize; i++) {
      const j = indices[i];
      x.set(dataset.x.subarray(j * size, (j + 1) * size), i * size);
      if (labels) labels[i] = dataset.labels![j];
    }
    this.position += batchSize;
    if (this.position + batchSize > dataset.count) {
      this.epochsDone++;
      this.perm = null;
      this.position = 0;
    }
    return labels ? { x, labels, indices } : { x, indices };
  }

  getState(): BatchSamplerState {
    const rngState = this.perm === null ? this.rngWords() : this.epochRngState;
    return { epoch: this.epochsDone, position: this.position, rngState: [...rngState], count: this.dataset.count, batchSize: this.batchSize };
  }

  setState(state: BatchSamplerState): void {
    if (state.count !== this.dataset.count || state.batchSize !== this.batchSize) {
      throw new Error(`This sampler state is for ${state.count} samples in batches of ${state.batchSize}, not ${this.dataset.count} in batches of ${this.batchSize}; resume with the same data and batch size.`);
    }
    this.rng.setState(state.rngState);
    this.epochsDone = state.epoch;
    this.position = state.position;
    this.epochRngState = [...state.rngState];
    this.perm = state.position > 0 ? this.rng.permutation(this.dataset.count) : null;
  }

  // Permutations draw only uniforms, so the pending spare normal (a fifth, possibly NaN, state
  // entry that JSON would turn into null) plays no part.
  private rngWords(): number[] {
    return this.rng.getState().slice(0, 4);
  }
}
