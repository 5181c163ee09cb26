// Sample quality over a run's history: at the start and at each checkpoint of a run on data ganforge has a
// classifier for, the same 1000 noise vectors are drawn and scored (FID, Inception score, class
// balance, label accuracy) into evaluation.jsonl, and plotted.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../config/schema.ts';
import { qualityReference, sampleQuality, type QualityReference } from '../eval/sample_quality.ts';
import { gridLabels, type Session } from '../train/session.ts';
import { Rng } from '../random/prng.ts';
import { appendLine, writeFileAtomic } from '../util/atomic_write.ts';
import { metricsPlots, type MetricsFigure } from '../viz/plot.ts';
import type { RunDir } from '../io/run_dir.ts';
import { inFp32 } from '../engine/precision.ts';

const SAMPLES = 1000;

export const QUALITY_FIGURES: MetricsFigure[] = [
  { file: 'fid.png', title: 'Fréchet distance to held-out images (classifier features)', yLabel: 'FID', keys: ['fid'], logY: true },
  { file: 'classes.png', title: 'What the classifier sees in the samples', yLabel: 'value', keys: ['inception_score', 'class_kl', 'mean_max_prob', 'label_accuracy'],
    labels: { inception_score: 'Inception score', class_kl: 'KL(classes || uniform)', mean_max_prob: 'mean top probability', label_accuracy: 'label accuracy' } },
];

/** The reference for a run's quality snapshots, or null when it has none (no classifier, or turned off). */
export async function qualityTracker(config: RunConfig): Promise<QualityReference | null> {
  return config.output.evaluate ? qualityReference(config.data) : null;
}

export async function writeQualitySnapshot(session: Session, dir: RunDir, ref: QualityReference): Promise<Record<string, number>> {
  const n = session.qualitySamples ?? SAMPLES;
  const labels = session.conditional ? gridLabels(n, session.numClasses) : undefined;
  // Scored in fp32 whatever the run computes in, so that FIDs of fp32 and bf16 runs compare.
  const metrics = inFp32(() => sampleQuality(ref, session.generate(n, new Rng(0x5eed), labels), { labels }).metrics);
  const record = { step: session.step, ...metrics };
  appendLine(dir.evaluation, JSON.stringify(record));
  const records = dir.readEvaluation();
  if (records.length >= 2) {
    mkdirSync(dir.plots, { recursive: true });
    for (const { file, png } of await metricsPlots(records, 'step', QUALITY_FIGURES)) writeFileAtomic(join(dir.plots, file), png);
  }
  return record;
}
