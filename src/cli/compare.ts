// `ganforge compare <config> --families gan,vae,gmn,diffusion --budget MINUTES`: trains each
// family on the same data for the same wall-clock time and writes a table and a report.
import { Command } from 'commander';
import { join } from 'node:path';
import { comparisonHtml, comparisonMarkdown, compareFamilies, parseFamilies } from '../run/compare.ts';
import { loadConfig } from '../config/load.ts';
import { useBackend } from '../engine/backend.ts';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { integer } from './arguments.ts';

export function compareCommand(): Command {
  return new Command('compare')
    .description('train each generative family on the same data for the same wall-clock budget; write a table (compare.md, compare.json) and report.html')
    .argument('<config>', 'preset name or config.json: its data (and, for its own family, its model) are used')
    .option('--families <list>', 'comma-separated families', 'gan,vae,gmn,diffusion')
    .requiredOption('--budget <minutes>', 'training minutes per family', (v: string) => {
      const n = Number(v);
      if (!(n > 0)) throw new Error(`--budget must be a positive number of minutes, not "${v}".`);
      return n;
    })
    .option('--out <dir>', 'output folder (default: runs/compare-<config name>)')
    .option('--samples <n>', 'generated samples each evaluation measures', integer('--samples'), 1000)
    .option('--seed <s>', 'random seed of every run', integer('--seed'))
    .action(async (configArg: string, o: { families: string; budget: number; out?: string; samples: number; seed?: number }, command: Command) => {
      await useBackend(command.optsWithGlobals().backend);
      const families = parseFamilies(o.families);
      const base = loadConfig(configArg, { seed: o.seed });
      const out = o.out ?? join('runs', `compare-${base.name}`);
      let lastLine = 0;
      const comparison = await compareFamilies(base, {
        families, budgetMinutes: o.budget, out, samples: o.samples,
        onProgress: (family, p) => {
          if (Date.now() - lastLine < 10_000) return;
          lastLine = Date.now();
          process.stderr.write(`${family}: step ${p.step}, ${p.stepsPerSecond.toFixed(1)} steps/s\n`);
        },
      });
      const md = comparisonMarkdown(comparison);
      writeFileAtomic(join(out, 'compare.md'), md);
      writeFileAtomic(join(out, 'compare.json'), JSON.stringify({ ...comparison, pictures: undefined }, null, 2) + '\n');
      writeFileAtomic(join(out, 'report.html'), comparisonHtml(comparison));
      console.log(md + `\nwrote ${join(out, 'compare.md')}, compare.json and report.html; each family's run and eval report are in ${out}/<family>/`);
    });
}
