// `ganforge eval`'s measurements of one run at its last checkpoint: sample quality through the
// data's classifier, the memorisation check, the wrong-label experiment for conditional models,
// the exact metrics for toy data; plus the pictures the report shows.
import { LOSS_PROPERTIES, type RunConfig } from '../config/schema.ts';
import { sampleSize } from '../data/dataset.ts';
import { gridLabels, type Session } from '../train/session.ts';
import { Rng } from '../random/prng.ts';
import { openRun } from './loop.ts';
import { isImageShape } from '../io/manifest.ts';
import type { RunDir } from '../io/run_dir.ts';
import { runToy, toySnapshot } from './toy_snapshot.ts';
import { encodePng, imageGrid } from '../viz/index.ts';
import { vegaLiteSvg } from '../viz/plot.ts';
import { memorisationCheck, memorisationRows } from '../eval/memorisation.ts';
import { disposeQualityReference, qualityReference, sampleQuality, type QualityReference } from '../eval/sample_quality.ts';
import { wrongLabelExperiment, type WrongLabelReport } from '../eval/wrong_label.ts';
import { drawLatent, generate, loadGenerator, textCondition, type Generator } from './generator_file.ts';
import { measureListening, type ListeningReport } from './listening.ts';

export interface EvalOptions {
  /** Generated samples to measure (default 2000). */
  samples?: number;
  seed?: number;
}

/** What eval.json holds. */
export interface EvalResult {
  run: string;
  step: number;
  data: string;
  family: string;
  architecture: string;
  /** The GAN loss, or the objective of the other families. */
  loss: string;
  samples: number;
  /** Image metrics through ganforge's classifier (data with one). */
  quality?: Record<string, number>;
  /** The same measurements of held-out real images: what a perfect generator would score. */
  realReference?: { images: number; inception_score: number; mean_max_prob: number };
  classHistogram?: { names: string[]; counts: number[] };
  memorisation?: { median_generated: number; median_held_out: number | null; ratio: number | null; near_copies: number | null; rows: Array<{ sample: number; distance: number }> };
  wrongLabel?: WrongLabelReport;
  /** Exact metrics against the known density (toy data). */
  toy?: Record<string, number>;
  /** Text-to-image runs: whether samples show the class and attributes their sentences ask for. */
  listening?: ListeningReport;
}

/** Pictures for the report (PNG bytes or SVG text). */
export interface EvalPictures {
  samples?: Buffer;
  memorisation?: Buffer;
  distances?: string;
  classes?: string;
  toy?: Buffer;
  /** Text-to-image runs: a row of samples for each sentence of listening.heldOut.examples. */
  text?: Buffer;
}

const NEIGHBOURS = 3;

export async function evaluateRun(path: string, opts: EvalOptions = {}): Promise<{ dir: RunDir; result: EvalResult; pictures: EvalPictures }> {
  const n = opts.samples ?? 2000, seed = opts.seed ?? 0;
  if (!(Number.isInteger(n) && n >= 10)) throw new Error(`evaluation needs at least 10 samples, not ${n}; raise --samples.`);
  const { dir, session } = await openRun(path);
  let ref: QualityReference | null = null;
  try {
    const { config, data } = session;
    const result: EvalResult = {
      run: path, step: session.step, data: data.name, family: config.family, architecture: config.model.architecture, loss: objectiveName(config), samples: n,
    };
    const pictures: EvalPictures = {};
    const toy = runToy(config);
    if (toy) {
      const { record, png } = await toySnapshot(session, toy);
      result.toy = record;
      pictures.toy = png;
      return { dir, result, pictures };
    }
    const labels = session.conditional ? gridLabels(n, session.numClasses) : undefined;
    const generated = session.generate(n, new Rng(seed), labels);
    ref = await qualityReference(config.data);
    if (ref) {
      const { metrics, histogram } = sampleQuality(ref, generated, { labels, full: true, seed });
      result.quality = metrics;
      result.realReference = { images: ref.heldOut.count, inception_score: ref.realInceptionScore, mean_max_prob: ref.realMeanMaxProbability };
      const names = data.labelNames ?? ref.heldOut.labelNames!;
      const counts = Array.from(histogram);
      result.classHistogram = { names, counts };
      pictures.classes = await classBars(names, counts);
    }
    if (isImageShape(data.shape)) {
      // Only MNIST-like data has a held-out split; others are measured on the generated side alone.
      Object.assign(result, await memorisation(session, generated, ref?.heldOut.x ?? null, pictures));
      pictures.samples = await encodePng(imageGrid(generated, data.shape as [number, number, number], Math.min(100, n),
        { cols: session.conditional ? session.numClasses : 10 }));
    }
    if (config.model.architecture === 'text-dcgan') {
      const g = await loadGenerator(path);
      try {
        result.listening = await measureListening(g, { seed });
        pictures.text = await sentenceGrid(g, result.listening.heldOut.examples, 10, new Rng(seed));
      } finally {
        g.model.dispose();
      }
    }
    if (session.discriminator && ref) {
      const held = ref.heldOut;
      result.wrongLabel = wrongLabelExperiment(session.discriminator, held.x, held.shape, held.labels!, session.numClasses, LOSS_PROPERTIES[config.loss.type].logits);
    }
    return { dir, result, pictures };
  } finally {
    if (ref) disposeQualityReference(ref);
    session.dispose();
  }
}

/** `perRow` samples of each sentence, a row each. */
async function sentenceGrid(g: Generator, sentences: string[], perRow: number, rng: Rng): Promise<Buffer> {
  const rows = await textCondition(g, sentences.flatMap((s) => Array<string>(perRow).fill(s)));
  const x = generate(g, drawLatent(g.manifest, sentences.length * perRow, rng), rows);
  return encodePng(imageGrid(x, g.manifest.sampleShape as [number, number, number], sentences.length * perRow, { cols: perRow }));
}

function objectiveName(c: RunConfig): string {
  if (c.family === 'gan') return c.loss.type;
  if (c.family === 'gmn') return c.gmn?.loss ?? 'mmd';
  return c.family === 'vae' ? 'elbo' : 'denoising (DDPM simple loss)';
}

async function memorisation(session: Session, generated: Float32Array, heldOut: Float32Array | null, pictures: EvalPictures): Promise<Pick<EvalResult, 'memorisation'>> {
  const { data } = session;
  const dim = sampleSize(data);
  const report = memorisationCheck(generated, data.x, heldOut, dim, NEIGHBOURS);
  const rows = memorisationRows(report);
  // Each row: the generated sample, then its nearest training images.
  const tiles = new Float32Array(rows.length * (NEIGHBOURS + 1) * dim);
  rows.forEach(([i], r) => {
    tiles.set(generated.subarray(i * dim, (i + 1) * dim), r * (NEIGHBOURS + 1) * dim);
    for (let j = 0; j < NEIGHBOURS; j++) {
      const t = report.generated.index[i * NEIGHBOURS + j];
      tiles.set(data.x.subarray(t * dim, (t + 1) * dim), (r * (NEIGHBOURS + 1) + 1 + j) * dim);
    }
  });
  pictures.memorisation = await encodePng(imageGrid(tiles, data.shape as [number, number, number], rows.length * (NEIGHBOURS + 1), { cols: NEIGHBOURS + 1 }));
  pictures.distances = await distanceDensities(report.generatedDistances, report.heldOutDistances);
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    memorisation: {
      median_generated: report.medianGenerated, median_held_out: finite(report.medianHeldOut), ratio: finite(report.ratio),
      near_copies: finite(report.nearCopies), rows: rows.map(([sample, distance]) => ({ sample, distance })),
    },
  };
}

/** The two distributions of nearest-training-image distances, as densities. */
function distanceDensities(generated: Float32Array, heldOut: Float32Array | null): Promise<string> {
  const values = [
    ...Array.from(generated, (d) => ({ set: 'generated → nearest training image', d })),
    ...Array.from(heldOut ?? [], (d) => ({ set: 'held-out real → nearest training image', d })),
  ];
  return vegaLiteSvg({
    width: 560, height: 240, background: 'white', title: 'Distance to the nearest training image (pixels, values in [-1, 1])',
    data: { values },
    transform: [{ density: 'd', groupby: ['set'] }],
    mark: { type: 'area', opacity: 0.5 },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: 'Euclidean distance' },
      y: { field: 'density', type: 'quantitative', title: 'density' },
      color: { field: 'set', type: 'nominal', title: null, legend: { orient: 'bottom' } },
    },
    config: { font: 'DejaVu Sans' },
  });
}

function classBars(names: string[], counts: number[]): Promise<string> {
  return vegaLiteSvg({
    width: 560, height: 220, background: 'white', title: 'Classes the classifier sees in the samples',
    data: { values: names.map((name, i) => ({ name, count: counts[i] })) },
    mark: 'bar',
    encoding: {
      x: { field: 'name', type: 'nominal', sort: null, title: null, axis: { labelAngle: 0 } },
      y: { field: 'count', type: 'quantitative', title: 'samples' },
    },
    config: { font: 'DejaVu Sans' },
  });
}
