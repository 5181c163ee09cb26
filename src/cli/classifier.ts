// `ganforge classifier train|eval <mnist|fashion-mnist>`: trains the evaluation classifiers
// stored in models/classifiers/, and measures a stored one on its held-out split.
import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { useBackend } from '../engine/backend.ts';
import { loadDataset } from '../data/index.ts';
import { saveLayersModel } from '../io/model_files.ts';
import { writeFileAtomic } from '../util/atomic_write.ts';
import {
  CLASSIFIER_DATASETS, OUTLIER_EVAL_SEED, TRAINING_OUTLIER_KINDS, calibrationReport, classifierDir, evaluate, loadClassifier, trainClassifier,
  type ClassifierDataset,
} from '../eval/classifier.ts';

// Chosen to clear the bars (MNIST >= 98%, Fashion-MNIST >= 90%) with a margin in a few minutes.
const DEFAULT_EPOCHS: Record<ClassifierDataset, number> = { mnist: 15, 'fashion-mnist': 10 };
const BATCH_SIZE = 64;
const OUTLIER_WEIGHT = 0.5;
/** Held-out outliers of each kind that metrics.json's mean max-probabilities are measured on. */
const OUTLIER_EVAL_COUNT = 1000;

function datasetArg(value: string): ClassifierDataset {
  if (!(CLASSIFIER_DATASETS as readonly string[]).includes(value)) throw new InvalidArgumentError(`choose ${CLASSIFIER_DATASETS.join(' or ')}.`);
  return value as ClassifierDataset;
}

function intArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer.');
  return n;
}

const percent = (v: number) => `${(100 * v).toFixed(2)}%`;

function printPerClass(perClass: number[], labelNames: string[]): void {
  for (const [c, acc] of perClass.entries()) console.log(`  ${labelNames[c].padEnd(12)} ${percent(acc)}`);
}

function printCalibration(report: Record<string, number>): void {
  console.log('mean max-probability (1/classes = unsure, 1 = sure):');
  for (const [kind, p] of Object.entries(report)) console.log(`  ${(kind === 'real' ? 'held-out' : kind).padEnd(12)} ${p.toFixed(3)}`);
}

export function classifierCommand(): Command {
  const command = new Command('classifier').description('train or evaluate the classifiers the evaluation metrics use');

  command.command('train')
    .description('train a classifier and store it with its held-out accuracy (metrics.json)')
    .argument('<dataset>', 'mnist | fashion-mnist', datasetArg)
    .option('--epochs <n>', 'epochs over the training split (default: 15 for mnist, 10 for fashion-mnist)', intArg)
    .option('--seed <s>', 'seed of the initial weights, shuffling, augmentation and dropout', intArg, 1)
    .option('--out <dir>', 'folder for model.json, weights.bin and metrics.json (default: models/classifiers/<dataset>)')
    .option('--no-outlier-exposure', 'train on the data alone, without synthetic outliers (the classifier is then confident on noise too)')
    .action(async (dataset: ClassifierDataset, opts: { epochs?: number; seed: number; out?: string; outlierExposure: boolean }, cmd: Command) => {
      const backend = await useBackend(cmd.optsWithGlobals().backend);
      const epochs = opts.epochs ?? DEFAULT_EPOCHS[dataset];
      const out = opts.out ?? classifierDir(dataset);
      const train = await loadDataset({ source: dataset, split: 'train' });
      const test = await loadDataset({ source: dataset, split: 'test' });
      console.log(`training on ${train.count} ${dataset} images, measuring on the ${test.count} held out (backend ${backend})`);
      const start = performance.now();
      const outlierExposure = opts.outlierExposure;
      const model = trainClassifier(train, {
        epochs, seed: opts.seed, batchSize: BATCH_SIZE, heldOut: test, outlierExposure, outlierWeight: OUTLIER_WEIGHT, outlierBatchSize: BATCH_SIZE,
        onEpoch: (e) => {
          const outliers = e.outlierConfidence
            ? `  outlier loss ${e.outlierLoss!.toFixed(4)}  max-prob held-out ${e.heldOutConfidence!.toFixed(3)}, ${Object.entries(e.outlierConfidence).map(([k, v]) => `${k} ${v!.toFixed(3)}`).join(', ')}`
            : '';
          console.log(`epoch ${e.epoch}/${epochs}  loss ${e.loss.toFixed(4)}  held-out accuracy ${percent(e.heldOutAccuracy!)}${outliers}  (${e.seconds.toFixed(1)} s)`);
        },
      });
      const seconds = (performance.now() - start) / 1000;
      const { accuracy, perClass } = evaluate(model, test);
      const calibration = calibrationReport(model, test, OUTLIER_EVAL_COUNT);
      const labelNames = test.labelNames!;
      await saveLayersModel(model, out, { userDefinedMetadata: { dataset, labelNames } });
      const metrics = {
        dataset,
        heldOutAccuracy: accuracy,
        heldOutSplit: 'test',
        heldOutCount: test.count,
        perClass: Object.fromEntries(labelNames.map((name, c) => [name, perClass[c]])),
        trainCount: train.count,
        epochs,
        batchSize: BATCH_SIZE,
        seed: opts.seed,
        augment: 'random shifts of up to ±2 px',
        outlierExposure,
        ...(outlierExposure && {
          outliers: {
            method: 'Outlier Exposure (Hendrycks, Mazeika & Dietterich, ICLR 2019): loss += weight · cross-entropy(uniform, p(outlier))',
            weight: OUTLIER_WEIGHT,
            perStep: BATCH_SIZE,
            kinds: [...TRAINING_OUTLIER_KINDS],
            degrade: 'half the real images blurred, faded or noised (see degrade), so that imperfect samples still count as real',
          },
        }),
        meanMaxProbability: {
          note: `mean of the largest class probability on the ${test.count} held-out images (real) and on ${OUTLIER_EVAL_COUNT} held-out outliers of each kind drawn from seed ${OUTLIER_EVAL_SEED} (shuffled and mixes from held-out images); see OUTLIER_KINDS in src/eval/classifier.ts`,
          ...Object.fromEntries(Object.entries(calibration).map(([k, v]) => [k, Number(v.toFixed(4))])),
        },
        trainSeconds: Math.round(seconds),
        backend,
        command: `ganforge classifier train ${dataset} --epochs ${epochs} --seed ${opts.seed}${outlierExposure ? '' : ' --no-outlier-exposure'}`,
      };
      writeFileAtomic(join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
      model.dispose();
      console.log(`held-out accuracy ${percent(accuracy)} after ${seconds.toFixed(0)} s; saved to ${out}`);
      printPerClass(perClass, labelNames);
      printCalibration(calibration);
    });

  command.command('eval')
    .description('measure the stored classifier on the held-out split, and how sure it is on held-out outliers')
    .argument('<dataset>', 'mnist | fashion-mnist', datasetArg)
    .action(async (dataset: ClassifierDataset, _opts: object, cmd: Command) => {
      await useBackend(cmd.optsWithGlobals().backend);
      const model = await loadClassifier(dataset);
      const test = await loadDataset({ source: dataset, split: 'test' });
      const { accuracy, perClass } = evaluate(model, test);
      const calibration = calibrationReport(model, test, OUTLIER_EVAL_COUNT);
      model.dispose();
      console.log(`${dataset}: held-out accuracy ${percent(accuracy)} on ${test.count} images`);
      printPerClass(perClass, test.labelNames!);
      printCalibration(calibration);
    });

  return command;
}
