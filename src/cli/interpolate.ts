// `ganforge interpolate <run>`: a latent walk grid, and latent vector arithmetic with an
// attribute direction measured on samples (the `003` document's vector arithmetic).
import { Command } from 'commander';
import { join, dirname, basename, extname } from 'node:path';
import { drawLatent, generate, latentOf, loadGenerator, parseLabel, textCondition, type Generator, type TextRows } from '../run/generator_file.ts';
import { attributeDirection, inkAmount, latentWalk } from '../gan/latent_space.ts';
import { useBackend } from '../engine/backend.ts';
import { Rng } from '../random/prng.ts';
import { writeSamples } from './sample_output.ts';
import { CLASSIFIER_DATASETS, classifierOutputs, loadClassifier, type ClassifierDataset } from '../eval/classifier.ts';
import * as tf from '@tensorflow/tfjs';
import { integer } from './arguments.ts';

export function interpolateCommand(): Command {
  return new Command('interpolate')
    .description('latent walks between random points, and vector arithmetic along a measured attribute; for text-to-image models also a walk from one sentence to another')
    .argument('<run>', 'run directory (or its model/ folder)')
    .option('--rows <n>', 'walks (rows)', integer('--rows'), 8)
    .option('--steps <n>', 'points per walk (columns)', integer('--steps'), 10)
    .option('--label <class>', 'class for conditional models (default: row r shows class r)')
    .option('--text <sentence>', 'text-to-image models: the sentence to draw (the walk starts from it)')
    .option('--to <sentence>', 'text-to-image models: walk from --text to this sentence instead of through the latent space')
    .option('--seed <s>', 'noise seed', integer('--seed'), 0)
    .option('--out <file>', 'walk grid (.png or .npy); the arithmetic grid goes beside it with "-arithmetic"', 'interpolate.png')
    .action(async (run: string, o: { rows: number; steps: number; label?: string; text?: string; to?: string; seed: number; out: string }, command: Command) => {
      await useBackend(command.optsWithGlobals().backend);
      if (o.rows < 1 || o.steps < 2) throw new Error('--rows must be at least 1 and --steps at least 2.');
      const g = await loadGenerator(run);
      const m = g.manifest, latent = latentOf(m), dim = latent.dim, rng = new Rng(o.seed);
      const label = parseLabel(m, o.label);
      if (o.to !== undefined && o.text === undefined) throw new Error('--to names where a sentence walk ends; give where it starts with --text.');
      // Every sample of a text model draws from the --text sentence (checked and embedded once).
      const text = m.text || o.text !== undefined ? await textCondition(g, [o.text]) : null;
      const condition = (rows: number, per: number): Int32Array | TextRows | undefined => {
        if (text) return { embeddings: repeatRows(text.embeddings, rows * per) };
        return m.conditional ? Int32Array.from({ length: rows * per }, (_, i) => label ?? Math.floor(i / per) % m.numClasses) : undefined;
      };

      if (text && o.to !== undefined) {
        // Row r keeps its noise; columns move the sentence embedding from --text to --to (GAN-INT's interpolation).
        const end = (await textCondition(g, [o.to])).embeddings;
        const width = end.length, rowsZ = drawLatent(m, o.rows, rng);
        const z = new Float32Array(o.rows * o.steps * dim), e = new Float32Array(o.rows * o.steps * width);
        for (let r = 0; r < o.rows; r++) {
          for (let s = 0; s < o.steps; s++) {
            const i = r * o.steps + s, t = s / (o.steps - 1);
            z.set(rowsZ.subarray(r * dim, (r + 1) * dim), i * dim);
            for (let j = 0; j < width; j++) e[i * width + j] = (1 - t) * text.embeddings[j] + t * end[j];
          }
        }
        await writeSamples(o.out, generate(g, z, { embeddings: e }), m.sampleShape, o.rows * o.steps, o.steps);
        console.log(`wrote the walk from "${o.text}" to "${o.to}" to ${o.out}`);
        return;
      }
      const walk = latentWalk(drawLatent(m, 2 * o.rows, rng), dim, o.rows, o.steps, latent.distribution === 'normal');
      await writeSamples(o.out, generate(g, walk, condition(o.rows, o.steps)), m.sampleShape, o.rows * o.steps, o.steps);
      const arithmeticFile = join(dirname(o.out), `${basename(o.out, extname(o.out))}-arithmetic${extname(o.out)}`);
      await arithmetic(g, rng, o.rows, o.steps, condition, arithmeticFile);
      console.log(`wrote the latent walk to ${o.out} and the vector arithmetic to ${arithmeticFile}`);
    });
}

/**
 * Finds the latent direction of "more ink" (thicker, bolder strokes) from 3 + 3 exemplars per
 * class among 512 samples (the class: the label of a conditional model, else what ganforge's
 * classifier for the data says), then adds t * direction to `rows` fresh
 * latents (t from -1 to 1): each row should go from thinner to thicker while keeping its class.
 */
async function arithmetic(g: Generator, rng: Rng, rows: number, steps: number, condition: (rows: number, per: number) => Int32Array | TextRows | undefined, file: string): Promise<void> {
  const m = g.manifest, dim = latentOf(m).dim, size = tf.util.sizeFromShape(m.sampleShape);
  const pool = 512;
  const poolCondition = condition(pool, 1);
  const z = drawLatent(m, pool, rng);
  const x = generate(g, z, poolCondition);
  const classes = poolCondition instanceof Int32Array ? poolCondition : await predictedClasses(m.data, x);
  const direction = attributeDirection(z, dim, inkAmount(x, size), 3, classes);
  const base = drawLatent(m, rows, rng);
  const moved = new Float32Array(rows * steps * dim);
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < steps; s++) {
      const t = -1 + (2 * s) / (steps - 1);
      for (let j = 0; j < dim; j++) moved[(r * steps + s) * dim + j] = base[r * dim + j] + t * direction[j];
    }
  }
  await writeSamples(file, generate(g, moved, condition(rows, steps)), m.sampleShape, rows * steps, steps);
}

/** `row` (one row of values) repeated n times. */
function repeatRows(row: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * row.length);
  for (let i = 0; i < n; i++) out.set(row, i * row.length);
  return out;
}

/** Classes of unlabelled samples by ganforge's classifier, when one exists for the data. */
async function predictedClasses(data: string, x: Float32Array): Promise<Int32Array | undefined> {
  if (!(CLASSIFIER_DATASETS as readonly string[]).includes(data)) return undefined;
  const model = await loadClassifier(data as ClassifierDataset);
  const { features, probs } = classifierOutputs(model, x);
  const classes = tf.tidy(() => probs.argMax(1).dataSync() as Int32Array);
  tf.dispose([features, probs]);
  model.dispose();
  return classes;
}
