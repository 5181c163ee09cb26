// `ganforge classifier train|eval <mnist|fashion-mnist>`: trains the evaluation classifiers
// stored in models/classifiers/, and measures a stored one on its held-out split.
import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { useBackend } from '../engine/backend.ts';
import { loadDataset } from '../data/index.ts';
import { saveLayersModel } from '../io/model_files.ts';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { CLASSIFIER_DATASETS, classifierDir, evaluate, loadClassifier, trainClassifier, type ClassifierDataset } from '../eval/classifier.ts';

// Chosen to clear the bars (MNIST >= 98%, Fashion-MNIST >= 90%) with a margin in a few minutes.
const DEFAULT_EPOCHS: Record<ClassifierDataset, number> = { mnist: 15, 'fashion-mnist': 10 };
const BATCH_SIZE = 64;

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

export function classifierCommand(): Command {
  const command = new Command('classifier').description('train or evaluate the classifiers the evaluation metrics use');

  command.command('train')
    .description('train a classifier and store it with its held-out accuracy (metrics.json)')
    .argument('<dataset>', 'mnist | fashion-mnist', datasetArg)
    .option('--epochs <n>', 'epochs over the training split (default: 15 for mnist, 10 for fashion-mnist)', intArg)
    .option('--seed <s>', 'seed of the initial weights, shuffling, augmentation and dropout', intArg, 1)
    .option('--out <dir>', 'folder for model.json, weights.bin and metrics.json (default: models/classifiers/<dataset>)')
    .action(async (dataset: ClassifierDataset, opts: { epochs?: number; seed: number; out?: string }, cmd: Command) => {
      const backend = await useBackend(cmd.optsWithGlobals().backend);
      const epochs = opts.epochs ?? DEFAULT_EPOCHS[dataset];
      const out = opts.out ?? classifierDir(dataset);
      const train = await loadDataset({ source: dataset, split: 'train' });
      const test = await loadDataset({ source: dataset, split: 'test' });
      console.log(`training on ${train.count} ${dataset} images, measuring on the ${test.count} held out (backend ${backend})`);
      const start = performance.now();
      const model = trainClassifier(train, {
        epochs, seed: opts.seed, batchSize: BATCH_SIZE, heldOut: test,
        onEpoch: (e) => console.log(`epoch ${e.epoch}/${epochs}  loss ${e.loss.toFixed(4)}  held-out accuracy ${percent(e.heldOutAccuracy!)}  (${e.seconds.toFixed(1)} s)`),
      });
      const seconds = (performance.now() - start) / 1000;
      const { accuracy, perClass } = evaluate(model, test);
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
        trainSeconds: Math.round(seconds),
        backend,
        command: `ganforge classifier train ${dataset} --epochs ${epochs} --seed ${opts.seed}`,
      };
      writeFileAtomic(join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
      model.dispose();
      console.log(`held-out accuracy ${percent(accuracy)} after ${seconds.toFixed(0)} s; saved to ${out}`);
      printPerClass(perClass, labelNames);
    });

  command.command('eval')
    .description('measure the stored classifier on the held-out split')
    .argument('<dataset>', 'mnist | fashion-mnist', datasetArg)
    .action(async (dataset: ClassifierDataset, _opts: object, cmd: Command) => {
      await useBackend(cmd.optsWithGlobals().backend);
      const model = await loadClassifier(dataset);
      const test = await loadDataset({ source: dataset, split: 'test' });
      const { accuracy, perClass } = evaluate(model, test);
      model.dispose();
      console.log(`${dataset}: held-out accuracy ${percent(accuracy)} on ${test.count} images`);
      printPerClass(perClass, test.labelNames!);
    });

  return command;
}
