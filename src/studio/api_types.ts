// What the studio server sends the studio app: the shapes of its JSON answers and live events,
// and the names of its headers. No Node code, so the browser app imports this file too.
import type { GeneratorManifest } from '../io/manifest.ts';

/** One run directory as the runs dashboard lists it. */
export interface RunSummary {
  /** The run's folder relative to the runs folder, '/'-separated (e.g. "mnist-dcgan", "compare-x/gan"). */
  id: string;
  name: string;
  family?: string;
  architecture?: string;
  /** The training data in a few words, e.g. "mnist, 512 images". */
  data?: string;
  /** The last logged step (or the exported model's step when nothing is logged). */
  step: number;
  /** The steps the config asks for. */
  total?: number;
  lastMetrics?: Record<string, number>;
  /** 'training': not at its last step and written to in the last two minutes (src/studio/runs_api.ts). */
  status: 'training' | 'finished' | 'stopped';
  /** When the run last wrote anything, in ms since the epoch. */
  updated: number;
  /** Whether an exported model (model/: manifest.json, model.json, weights.bin) is there for the explorer. */
  model: boolean;
  /** What is missing or damaged, one sentence each; empty for a whole run. */
  problems: string[];
}

/** Everything the run page shows besides the live records. */
export interface RunDetail extends RunSummary {
  config?: Record<string, unknown>;
  manifest?: GeneratorManifest;
  /** Steps with a sample grid (samples/step-N.png). */
  samples: number[];
  files: {
    gif: boolean;
    /** report.html, written by `ganforge eval`. */
    report: boolean;
    /** The family's own pictures in figures/ (e.g. a VAE's reconstructions), by name. */
    figures: string[];
  };
  /** Whether training-images can send the images the run trained on (image data only). */
  trainingImages: boolean;
}

export interface RunList {
  /** The runs folder, absolute. */
  root: string;
  runs: RunSummary[];
}

/** Server-sent events of a run's stream: each carries its records since the last event; reset: replace what came before. */
export interface RecordsEvent { records: Record<string, number>[]; reset: boolean }
export interface SamplesEvent { steps: number[]; reset: boolean }

/** The names of the stream's events and what each carries. */
export interface RunEvents {
  metrics: RecordsEvent;
  evaluation: RecordsEvent;
  samples: SamplesEvent;
  detail: RunDetail;
}

/** Every error answer: one sentence saying what is wrong and what to do. */
export interface ApiError { error: string }

/** Headers of the training-images answer, whose body is count × prod(shape) pixel bytes, then count label bytes when labelled. */
export const TRAINING_IMAGES_HEADERS = { shape: 'x-ganforge-shape', count: 'x-ganforge-count', labelled: 'x-ganforge-labelled' } as const;
