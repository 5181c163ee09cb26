// The `ganforge` command line: one subcommand per file in this folder as they arrive.
import { Command } from 'commander';
import { classifierCommand } from './classifier.ts';
import { compareCommand } from './compare.ts';
import { evalCommand } from './eval.ts';
import { infoCommand } from './info.ts';
import { interpolateCommand } from './interpolate.ts';
import { randomCommand } from './random.ts';
import { sampleCommand } from './sample.ts';
import { studioCommand } from './studio.ts';
import { trainCommand } from './train.ts';

const program = new Command()
  .name('ganforge')
  .description('Generative models centred on GANs: train, watch, evaluate, compare and use them.')
  .option('--backend <name>', 'TensorFlow.js backend: native | cpu | wasm | tensorflow (default: native when built, else cpu; or GANFORGE_BACKEND)')
  .showHelpAfterError();

program.addCommand(trainCommand());
program.addCommand(sampleCommand());
program.addCommand(evalCommand());
program.addCommand(interpolateCommand());
program.addCommand(compareCommand());
program.addCommand(studioCommand());
program.addCommand(randomCommand());
program.addCommand(classifierCommand());
program.addCommand(infoCommand());

program.parseAsync().catch((e: Error) => {
  console.error(`ganforge: ${e.message}`);
  process.exitCode = 1;
});
