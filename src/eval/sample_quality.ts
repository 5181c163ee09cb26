// Sample quality as ganforge measures it for MNIST-like data: generated images and held-out real
// images pass through ganforge's classifier for that data, and the metrics of image_metrics.ts
// compare what it sees. The reference (held-out images, their features and statistics) is built
// once per run and reused at every snapshot.
import * as tf from '@tensorflow/tfjs';
import type { DataSpec } from '../data/schema.ts';
import { loadDataset } from '../data/spec.ts';
import type { Dataset } from '../data/dataset.ts';
import { classifierOutputs, loadClassifier, type ClassifierDataset } from './classifier.ts';
import {
  classHistogram, densityCoverage, featureStatistics, frechetDistance, inceptionScore, kernelInceptionDistance,
  klToUniform, labelAccuracy, missingClasses, precisionRecall, type FeatureMatrix, type FeatureStatistics,
} from './image_metrics.ts';

export interface QualityReference {
  dataset: ClassifierDataset;
  classifier: tf.LayersModel;
  /** Held-out real images (never trained on), values in [-1, 1]. */
  heldOut: Dataset;
  features: FeatureMatrix;
  probs: FeatureMatrix;
  statistics: FeatureStatistics;
  /** The classifier's class of each of the run's labels (a run may train on a subset of the classes). */
  classOf: Int32Array;
  /** The metrics of the held-out images against themselves where that is meaningful: what a perfect generator would score. */
  realInceptionScore: number;
  realMeanMaxProbability: number;
}

/** Loads the held-out split of the run's data (same classes) and what the classifier sees of it; null without a classifier. */
export async function qualityReference(spec: DataSpec, maxImages = 2000): Promise<QualityReference | null> {
  if (spec.source !== 'mnist' && spec.source !== 'fashion-mnist') return null;
  const dataset: ClassifierDataset = spec.source;
  const heldOut = await loadDataset({ source: spec.source, split: 'test', ...(spec.classes ? { classes: spec.classes } : {}), limit: maxImages });
  const classifier = await loadClassifier(dataset);
  const { features, probs } = classifierView(classifier, heldOut.x);
  return {
    dataset, classifier, heldOut, features, probs,
    classOf: Int32Array.from(spec.classes ? [...new Set(spec.classes)].sort((a, b) => a - b) : heldOut.labelNames!.map((_, c) => c)),
    statistics: featureStatistics(features),
    realInceptionScore: inceptionScore(probs, { splits: 1 }).mean,
    realMeanMaxProbability: meanMaxProbability(probs),
  };
}

/** Frees the reference's classifier (its other parts are plain arrays). */
export function disposeQualityReference(ref: QualityReference): void {
  ref.classifier.dispose();
}

/** The classifier's features and probabilities of n images, as plain matrices. */
export function classifierView(classifier: tf.LayersModel, images: Float32Array): { features: FeatureMatrix; probs: FeatureMatrix } {
  const { features, probs } = classifierOutputs(classifier, images);
  const out = {
    features: { data: features.dataSync() as Float32Array, n: features.shape[0], dim: features.shape[1] },
    probs: { data: probs.dataSync() as Float32Array, n: probs.shape[0], dim: probs.shape[1] },
  };
  tf.dispose([features, probs]);
  return out;
}

function meanMaxProbability(probs: FeatureMatrix): number {
  let sum = 0;
  for (let i = 0; i < probs.n; i++) sum += Math.max(...probs.data.subarray(i * probs.dim, (i + 1) * probs.dim));
  return sum / probs.n;
}

export interface QualityOptions {
  /** Also the k-NN and kernel metrics (KID, precision/recall, density/coverage): slower, for `ganforge eval`. */
  full?: boolean;
  /** Requested classes of conditional samples, for label accuracy. */
  labels?: Int32Array;
  seed?: number;
}

/**
 * The metrics of generated images (n x 784 in [-1, 1]) against the reference, flat for JSON lines:
 * fid, inception_score, class_kl (KL of the class histogram to uniform), missing_classes,
 * mean_max_prob, label_accuracy (conditional), and with `full` kid, kid_std, precision, recall,
 * density, coverage; with the class histogram they come from.
 */
export function sampleQuality(ref: QualityReference, images: Float32Array, opts: QualityOptions = {}): { metrics: Record<string, number>; histogram: Int32Array } {
  const { features, probs } = classifierView(ref.classifier, images);
  // Over the run's classes only: a run on a subset should not be blamed for the other classes.
  const all = classHistogram(probs);
  const histogram = Int32Array.from(ref.classOf, (c) => all[c]);
  const m: Record<string, number> = {
    fid: frechetDistance(ref.statistics, features),
    inception_score: inceptionScore(probs, { splits: 1 }).mean,
    class_kl: klToUniform(histogram),
    missing_classes: missingClasses(histogram).length,
    mean_max_prob: meanMaxProbability(probs),
  };
  if (opts.labels) m.label_accuracy = labelAccuracy(probs, opts.labels.map((l) => ref.classOf[l]));
  if (opts.full) {
    const kid = kernelInceptionDistance(ref.features, features, { rng: opts.seed ?? 0 });
    const pr = precisionRecall(ref.features, features);
    const dc = densityCoverage(ref.features, features);
    Object.assign(m, { kid: kid.mean, kid_std: kid.std, precision: pr.precision, recall: pr.recall, density: dc.density, coverage: dc.coverage });
  }
  return { metrics: m, histogram };
}
