// What a run on 1-D or 2-D toy data shows at each snapshot: the exact metrics against the known
// density (appended to evaluation.jsonl) and the picture of the documents (samples/step-N.png,
// hence also a frame of progress.gif).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hasLatent, type RunConfig } from '../config/schema.ts';
import { fromUnitRange } from '../data/dataset.ts';
import { toyDistribution, toUnitBox, type ToyDistribution } from '../data/toy.ts';
import { curves1d, metrics1d, modeCoverage } from '../eval/toy_metrics.ts';
import type { Session } from '../train/session.ts';
import { Rng } from '../random/prng.ts';
import { appendLine, writeFileAtomic } from '../util/atomic_write.ts';
import { gan1dPanels, gan2dPanel, stackedFigurePng } from '../viz/density_charts.ts';
import { metricsPlots, type MetricsFigure } from '../viz/plot.ts';
import type { RunDir } from '../io/run_dir.ts';

/** The toy distribution a run trains on, or null for other data. */
export function runToy(config: RunConfig): ToyDistribution | null {
  const d = config.data;
  return d.source === 'toy' ? toyDistribution(d.name, d.distribution) : null;
}

const SAMPLES_1D = 5000;
const SAMPLES_2D = 2500; // as the Unrolled-GAN / VEEGAN counts
const HEAT_CELLS = 60;

/** Measures the generator against the true density, writes the picture, and returns the record. */
export async function writeToySnapshot(session: Session, dir: RunDir, toy: ToyDistribution): Promise<Record<string, number>> {
  const { record, png } = await toySnapshot(session, toy);
  mkdirSync(dir.samples, { recursive: true });
  writeFileAtomic(dir.samplePath(session.step), png);
  appendLine(dir.evaluation, JSON.stringify(record));
  return record;
}

/** The exact metrics of the generator against the true density, and the picture of the documents (PNG). */
export async function toySnapshot(session: Session, toy: ToyDistribution): Promise<{ record: Record<string, number>; png: Buffer }> {
  const range = session.data.valueRange!;
  // The same noise at every snapshot, so that pictures and figures change only with the model.
  const n = toy.dim === 1 ? SAMPLES_1D : SAMPLES_2D;
  const fakeUnit = session.generate(n, new Rng(0x5eed));
  const fake = fromUnitRange(fakeUnit, range);
  const realUnit = session.data.x.subarray(0, Math.min(n, session.data.count) * toy.dim);
  const step = session.step;
  let record: Record<string, number>;
  let png: Buffer;
  if (toy.dim === 1) {
    const dist = toy.distribution1d!;
    const box: [number, number] = [toy.box.min[0], toy.box.max[0]];
    const curves = curves1d(dist, fake, box);
    const dGrid = session.discriminatorProbability(toUnitBox(curves.grid.x, toy.box));
    const dReal = session.discriminatorProbability(Float32Array.from(realUnit));
    const dFake = session.discriminatorProbability(fakeUnit);
    const m = metrics1d(dist, fake, curves, dGrid && dReal && dFake ? { grid: dGrid, real: dReal, fake: dFake } : undefined);
    record = { step, ...m };
    const mapping = latentMapping(session);
    png = await stackedFigurePng(gan1dPanels({
      title: `step ${step}: JSD ${m.jsd.toFixed(4)}, W₁ ${m.w1.toFixed(3)}${m.dStarError !== undefined ? `, |D − D*| ${m.dStarError.toFixed(3)}` : ''}`,
      x: curves.grid.x, pData: curves.pData, pG: curves.pG, d: dGrid ?? undefined, dStar: dGrid ? curves.dStar : undefined,
      mapping, range: box,
    }), { width: 700, height: mapping ? 500 : 400 });
  } else {
    const coverage = toy.modes ? modeCoverage(fake, toy.modes) : null;
    record = { step, ...(coverage ? { modes_covered: coverage.modesCovered, high_quality: coverage.highQuality } : {}) };
    const cells = Array.from({ length: HEAT_CELLS * HEAT_CELLS }, (_, c) => [
      -1 + (2 * ((c % HEAT_CELLS) + 0.5)) / HEAT_CELLS, -1 + (2 * (Math.floor(c / HEAT_CELLS) + 0.5)) / HEAT_CELLS]).flat();
    const heat = session.discriminatorProbability(Float32Array.from(cells));
    png = await stackedFigurePng([gan2dPanel({
      title: `step ${step}` + (coverage ? `: ${coverage.modesCovered}/${coverage.modes} modes, ${(100 * coverage.highQuality).toFixed(1)}% high quality` : ''),
      box: toy.box, real: fromUnitRange(Float32Array.from(realUnit.subarray(0, 2000)), range), fake: fake.subarray(0, 2000),
      heat: heat ? { cells: HEAT_CELLS, values: heat } : undefined,
    })], { width: 560, height: 520 });
  }
  return { record, png };
}

/** For 1-D noise: 41 evenly spaced z over the prior's bulk, and G(z) in data units. */
function latentMapping(session: Session): Array<{ z: number; x: number }> | undefined {
  const m = session.config.model;
  if (!hasLatent(m) || m.latent.dim !== 1) return undefined;
  const { distribution, scale } = m.latent;
  const half = distribution === 'normal' ? 2.5 * scale : scale;
  const z = Float32Array.from({ length: 41 }, (_, i) => -half + (2 * half * i) / 40);
  const generated = session.generateFrom(z);
  if (!generated) return undefined;
  const x = fromUnitRange(generated, session.data.valueRange!);
  return Array.from(z, (v, i) => ({ z: v, x: x[i] }));
}

export const TOY_FIGURES: MetricsFigure[] = [
  { file: 'divergences.png', title: 'Distance to the data distribution', yLabel: 'nats / data units', keys: ['jsd', 'kl', 'w1'], labels: { jsd: 'JSD', kl: 'KL(data || model)', w1: 'Wasserstein-1' }, logY: true },
  { file: 'optimal-discriminator.png', title: 'The discriminator against the optimal D*', yLabel: 'value', keys: ['dStarError', 'value', 'valueBound'], labels: { dStarError: 'mean |D − D*|', value: 'V(G, D)', valueBound: '−log 4 + 2 JSD' } },
  { file: 'modes.png', title: 'Modes covered', yLabel: 'modes', keys: ['modes_covered'] },
  { file: 'high-quality.png', title: 'Share of samples within 3 std of a mode', yLabel: 'share', keys: ['high_quality'] },
];

export async function writeToyPlots(dir: RunDir): Promise<void> {
  const records = dir.readEvaluation();
  if (records.length < 2) return;
  mkdirSync(dir.plots, { recursive: true });
  for (const { file, png } of await metricsPlots(records, 'step', TOY_FIGURES)) writeFileAtomic(join(dir.plots, file), png);
}
