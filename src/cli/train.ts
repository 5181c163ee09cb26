// `ganforge train <preset | config.json>`: trains a model and writes its run directory, with a
// progress bar; Ctrl-C stops cleanly after writing a checkpoint.
import cliProgress from 'cli-progress';
import { join } from 'node:path';
import { loadConfig, presetNames } from '../config/load.ts';
import { useBackend } from '../engine/backend.ts';
import { resumeConfig, train, type Progress } from '../run/loop.ts';
import { integer, positiveInteger } from './arguments.ts';
import { Command, Option } from 'commander';
import { PRECISIONS } from '../engine/precision_names.ts';

export function trainCommand(): Command {
  return new Command('train')
    .description(`train a model from a preset (${presetNames().join(', ')}) or a config.json`)
    .argument('[config]', 'preset name or path to a JSON config (not needed with --resume)')
    .option('--steps <n>', 'training steps (generator updates)', positiveInteger('--steps'))
    .option('--out <dir>', 'run directory (default: runs/<config name>)')
    .option('--seed <s>', 'random seed: the same seed gives the same run', integer('--seed'))
    .option('--resume <dir>', 'continue the run in <dir> from its last checkpoint')
    .addOption(new Option('--precision <p>', 'arithmetic of convolutions and matrix products (train.precision): bf16 with fp32 accumulation, auto = bf16 where the processor has it').choices(PRECISIONS))
    .action(async (configArg: string | undefined, o: { steps?: number; out?: string; seed?: number; resume?: string; precision?: string }, command: Command) => {
      await useBackend(command.optsWithGlobals().backend);
      if (o.resume && configArg) throw new Error('give either a config or --resume <dir>, not both: a resumed run keeps its own config.');
      if (!o.resume && !configArg) throw new Error(`name a preset (${presetNames().join(', ')}) or a config.json to train.`);
      if (o.resume && o.seed !== undefined) throw new Error('--seed cannot change a resumed run, which continues with its own seed exactly; leave out --seed, or train a new run with it.');
      const config = o.resume ? resumeConfig(o.resume, { steps: o.steps, precision: o.precision }) : loadConfig(configArg!, { steps: o.steps, seed: o.seed, precision: o.precision });
      const out = o.resume ?? o.out ?? join('runs', config.name);
      // The first Ctrl-C (or SIGTERM) stops after the step in progress, with a checkpoint. The
      // handlers then go, so that a second one has the default effect: the process ends at once,
      // even in the middle of a write (which the atomic writes make harmless).
      let stopRequested = false;
      const onSignal = () => {
        stopRequested = true;
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.stderr.write('\nstopping after this step and writing a checkpoint (Ctrl-C again to quit now)\n');
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const bar = progressBar();
      try {
        const result = await train(config, { out, resume: !!o.resume, onProgress: bar.update, shouldStop: () => stopRequested });
        bar.stop();
        const verb = result.stopped ? 'stopped at' : 'finished';
        console.log(`${verb} step ${result.step}; run directory: ${result.dir.root}` +
          (result.stopped ? ` (continue with: ganforge train --resume ${result.dir.root})` : ''));
      } finally {
        bar.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

/** The figures a progress line shows: D and G for GANs, the family's own loss terms otherwise. */
function progressText(metrics: Record<string, number>): string {
  const fmt = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(3));
  if ('d_loss' in metrics) {
    return `D loss ${fmt(metrics.d_loss)}  G loss ${fmt(metrics.g_loss)}  D(x) ${fmt(metrics.d_real)}  D(G(z)) ${fmt(metrics.d_fake)}`;
  }
  return Object.entries(metrics).map(([k, v]) => `${k} ${fmt(v)}`).join('  ');
}

/** A progress bar on a terminal; a line every few seconds otherwise (logs, CI). */
function progressBar(): { update: (p: Progress) => void; stop: () => void } {
  const payload = (p: Progress) => ({ text: progressText(p.metrics), speed: p.stepsPerSecond.toFixed(1) });
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update: (p) => {
        if (Date.now() - last < 5000 && p.step !== p.total) return;
        last = Date.now();
        const s = payload(p);
        process.stderr.write(`step ${p.step}/${p.total}  ${s.text}  ${s.speed} steps/s\n`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar({
    format: '{bar} {value}/{total} | {text} | {speed} steps/s | ETA {eta_formatted}',
    barsize: 24, hideCursor: true, etaBuffer: 50, stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  let started = false, stopped = false;
  return {
    update: (p) => {
      if (!started) { bar.start(p.total, p.step - 1, payload(p)); started = true; }
      bar.update(p.step, payload(p));
    },
    stop: () => { if (started && !stopped) { bar.stop(); stopped = true; } },
  };
}
