// `ganforge sample <run>`: draws samples from a trained generator into a PNG grid or a .npy.
import { Command } from 'commander';
import { fromUnitRange } from '../data/dataset.ts';
import { loadGenerator, parseLabel, sampleModel, textCondition } from '../run/generator_file.ts';
import { useBackend } from '../engine/backend.ts';
import { Rng } from '../random/prng.ts';
import { writeSamples } from './sample_output.ts';
import { integer } from './arguments.ts';

export function sampleCommand(): Command {
  return new Command('sample')
    .description('draw samples from a trained model (.png grid, or .npy float32: images in [-1, 1], tables and toy data in their own units)')
    .argument('<run>', 'run directory (or its model/ folder)')
    .option('--n <count>', 'number of samples', integer('--n'), 64)
    .option('--label <class>', 'class index or name, for conditional models (default: every class in turn)')
    .option('--text <sentence>', 'for text-to-image models: what to draw, e.g. "a thick seven leaning right"')
    .option('--seed <s>', 'noise seed', integer('--seed'), 0)
    .requiredOption('--out <file>', 'output file: .png (grid) or .npy (raw samples)')
    .action(async (run: string, o: { n: number; label?: string; text?: string; seed: number; out: string }, command: Command) => {
      await useBackend(command.optsWithGlobals().backend);
      if (o.n < 1) throw new Error('--n must be at least 1.');
      const g = await loadGenerator(run);
      const m = g.manifest;
      const label = parseLabel(m, o.label);
      const condition = m.text || o.text !== undefined
        ? await textCondition(g, Array(o.n).fill(o.text))
        : m.conditional ? Int32Array.from({ length: o.n }, (_, i) => label ?? i % m.numClasses) : undefined;
      const raw = sampleModel(g, o.n, new Rng(o.seed), condition);
      // Tables and toy data go back to their own units; images stay in [-1, 1].
      const x = m.valueRange ? fromUnitRange(raw, m.valueRange) : raw;
      const cols = m.conditional && !m.text && label === undefined ? m.numClasses : undefined;
      await writeSamples(o.out, x, m.sampleShape, o.n, cols);
      console.log(`wrote ${o.n} samples to ${o.out}`);
    });
}
