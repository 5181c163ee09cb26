// Quality per minute of a preset: trains it from scratch (one fresh run per seed, on this machine,
// with the default threads), times the training, and measures the last checkpoint as `ganforge
// eval` does: FID and class balance on ganforge's classifier for images, modes covered and the
// share of high-quality samples for the toy mixtures. It prints a row per seed and their mean.
//   npm run bench:quality -- mnist-dcgan [--seeds 0,1,2] [--samples 2000] [--steps N] [--out runs/quality]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../src/config/load.ts';
import { useBackend } from '../src/engine/backend.ts';
import { evaluateRun } from '../src/run/evaluate_run.ts';
import { train } from '../src/run/loop.ts';
import { int } from './peer.ts';

const program = new Command()
  .name('bench:quality')
  .description('Trains a preset per seed, timed, and measures its samples.')
  .argument('<preset>', 'preset name or config file')
  .option('--seeds <list>', 'comma-separated seeds', '0')
  .option('--samples <n>', 'samples measured', int(10), 2000)
  .option('--steps <n>', 'training steps instead of the preset\'s', int(1))
  .option('--out <dir>', 'folder for the runs (each replaced)', join('runs', 'quality'))
  .parse();

const [preset] = program.args;
const o = program.opts<{ seeds: string; samples: number; steps?: number; out: string }>();
const seeds = o.seeds.split(',').map(Number);
if (seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`--seeds must list whole numbers, not "${o.seeds}".`);
await useBackend();

type Row = Record<string, number | string>;
const rows: Row[] = [];
for (const seed of seeds) {
  const config = loadConfig(preset, { seed, steps: o.steps });
  const out = join(o.out, `${config.name}-s${seed}`);
  rmSync(out, { recursive: true, force: true });
  const started = performance.now();
  await train(config, { out });
  const minutes = (performance.now() - started) / 60000;
  const { result } = await evaluateRun(out, { samples: o.samples, seed });
  const row: Row = { preset: config.name, seed, steps: config.train.steps, minutes: +minutes.toFixed(2) };
  if (result.toy) {
    Object.assign(row, { modes: result.toy.modes_covered, high_quality: +result.toy.high_quality.toFixed(4) });
  } else if (result.quality) {
    const counts = result.classHistogram!.counts, n = counts.reduce((a, b) => a + b, 0);
    Object.assign(row, {
      fid: +result.quality.fid.toFixed(2), precision: +result.quality.precision.toFixed(3), recall: +result.quality.recall.toFixed(3),
      class_min: +(Math.min(...counts) / n).toFixed(3), class_max: +(Math.max(...counts) / n).toFixed(3),
    });
  }
  rows.push(row);
  console.log(JSON.stringify(row));
}
const numeric = Object.keys(rows[0]).filter((k) => k !== 'preset' && k !== 'seed' && typeof rows[0][k] === 'number');
const mean = Object.fromEntries(numeric.map((k) => [k, +(rows.reduce((a, r) => a + (r[k] as number), 0) / rows.length).toFixed(3)]));
console.log(`mean over seeds ${seeds.join(', ')}: ${JSON.stringify(mean)}`);
