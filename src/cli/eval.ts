// `ganforge eval <run>`: measures a trained run and writes eval.json and report.html into it.
import { Command } from 'commander';
import { join } from 'node:path';
import { useBackend } from '../engine/backend.ts';
import { evaluateAndReport } from '../run/report.ts';
import { integer } from './arguments.ts';

export function evalCommand(): Command {
  return new Command('eval')
    .description('measure a run at its last checkpoint (FID, KID, precision/recall, density/coverage, Inception score, classes, memorisation, wrong labels; exact metrics for toy data; for text-to-image runs whether samples follow their sentences) into eval.json and report.html')
    .argument('<run>', 'run directory written by ganforge train')
    .option('--samples <n>', 'generated samples to measure', integer('--samples'), 2000)
    .option('--seed <s>', 'seed of the noise and of KID\'s subsets', integer('--seed'), 0)
    .option('--json', 'print the metrics as one JSON object instead of a summary')
    .action(async (run: string, o: { samples: number; seed: number; json?: boolean }, command: Command) => {
      await useBackend(command.optsWithGlobals().backend);
      const { dir, result } = await evaluateAndReport(run, { samples: o.samples, seed: o.seed });
      if (o.json) {
        process.stdout.write(JSON.stringify(result) + '\n');
        return;
      }
      const lines = Object.entries({ ...result.quality, ...result.toy })
        .filter(([k]) => k !== 'step').map(([k, v]) => `  ${k.padEnd(16)} ${Number(v.toPrecision(4))}`);
      if (result.memorisation?.ratio != null) lines.push(`  ${'memorisation'.padEnd(16)} nearest-training distance ratio ${result.memorisation.ratio.toFixed(3)} (samples / held-out)`);
      const l = result.listening;
      if (l) {
        lines.push(`  ${'text → class'.padEnd(16)} ${(100 * l.training.accuracy).toFixed(1)}% (training phrasings), ${(100 * l.heldOut.accuracy).toFixed(1)}% (held-out phrasings)`);
        for (const a of l.attributes) lines.push(`  ${a.attribute.padEnd(16)} ${a.low} → ${a.high}: ${a.meanLow.toFixed(3)} → ${a.meanHigh.toFixed(3)}, effect size ${a.effectSize.toFixed(2)}, ${(100 * a.pairsMoved).toFixed(0)}% of pairs moved`);
      }
      if (result.wrongLabel) lines.push(`  ${'wrong labels'.padEnd(16)} D prefers the true label for ${(100 * result.wrongLabel.trueAboveWrong).toFixed(1)}% of real images`);
      console.log(`${run} at step ${result.step}:\n${lines.join('\n')}\nwrote ${join(dir.root, 'eval.json')} and ${join(dir.root, 'report.html')}`);
    });
}
