// `ganforge sweep <sweep.json>`: trains and evaluates every point of a sweep on this machine, a
// few at a time, and ranks the settings (sweep.md, sweep.json).
import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { loadSweepSpec } from '../sweep/spec.ts';
import { runSweepLocally } from '../sweep/local_runner.ts';
import { integer } from './arguments.ts';

export function sweepCommand(): Command {
  return new Command('sweep')
    .description('train and evaluate every point of a sweep file (axes of config values, grid or random search) and rank its settings over their seeds into sweep.md and sweep.json')
    .argument('<sweep>', 'the sweep file (JSON: name, base, axes, fixed, search, metric)')
    .option('--out <dir>', 'the sweep folder, one run directory per point (default: runs/<sweep name>)')
    .option('--parallel <n>', 'points trained at once (default: the cores divided by --threads)', integer('--parallel'))
    .option('--threads <n>', 'threads of each point\'s run', integer('--threads'), 1)
    .option('--samples <n>', 'generated samples each evaluation measures', integer('--samples'), 2000)
    .option('--resume', 'finish the sweep in --out: keep finished points, resume unfinished ones from their checkpoints')
    .action(async (file: string, o: { out?: string; parallel?: number; threads: number; samples: number; resume?: boolean }) => {
      const spec = loadSweepSpec(file);
      const out = o.out ?? join('runs', spec.name);
      const parallel = o.parallel ?? Math.max(1, Math.floor(availableParallelism() / o.threads));
      let stopRequested = false;
      const onSignal = () => { stopRequested = true; process.stderr.write('\nstopping: the points running stop at their next step; continue with --resume\n'); };
      process.on('SIGINT', onSignal);
      const bar = new cliProgress.SingleBar({ format: 'sweep [{bar}] {value}/{total} points | ETA {eta_formatted} | {last}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
      try {
        bar.start(1, 0, { last: '' });
        const outcome = await runSweepLocally(spec, {
          out, parallel, threads: o.threads, resume: !!o.resume, samples: o.samples, shouldStop: () => stopRequested,
          onPoint: (done, total, r) => { bar.setTotal(total); bar.update(done, { last: `${r.id}: ${r.status === 'done' ? `${spec.metric.name} ${r.metric!.toPrecision(4)}` : r.status}` }); },
        });
        bar.stop();
        const best = outcome.rows[0];
        const failed = outcome.results.filter((r) => r.status === 'failed');
        console.log(`${outcome.results.filter((r) => r.status === 'done').length}/${outcome.results.length} points done in ${out}` +
          (best ? `; best ${JSON.stringify(best.values)}: ${spec.metric.name} ${best.mean.toPrecision(4)} ± ${best.spread.toPrecision(2)} over ${best.n} seed(s)` : '') +
          `; table in ${join(out, 'sweep.md')}` + (outcome.stopped ? ` (stopped: continue with ganforge sweep ${file} --out ${out} --resume)` : ''));
        for (const r of failed) console.error(`${r.id} failed: ${r.error}`);
        if (failed.length) process.exitCode = 1;
      } finally {
        bar.stop();
        process.off('SIGINT', onSignal);
      }
    });
}
