// The `ganforge` command line as a function of its arguments: one subcommand per file in this
// folder. `main.ts` runs it for the process; tests run it in-process with captured output.
import { Command, CommanderError } from 'commander';
import { classifierCommand } from './classifier.ts';
import { compareCommand } from './compare.ts';
import { errorSentence } from './error_sentence.ts';
import { evalCommand } from './eval.ts';
import { infoCommand } from './info.ts';
import { interpolateCommand } from './interpolate.ts';
import { randomCommand } from './random.ts';
import { sampleCommand } from './sample.ts';
import { studioCommand } from './studio.ts';
import { sweepCommand } from './sweep.ts';
import { trainCommand } from './train.ts';

function program(): Command {
  const root = new Command()
    .name('ganforge')
    .description('Generative models centred on GANs: train, watch, evaluate, compare and use them.')
    .option('--backend <name>', 'TensorFlow.js backend: native | cpu | wasm | tensorflow (default: native when built, else cpu; or GANFORGE_BACKEND)')
    .option('--debug', 'on an error, print its stack trace too');
  for (const command of [trainCommand(), sampleCommand(), evalCommand(), interpolateCommand(), compareCommand(), sweepCommand(),
    studioCommand(), randomCommand(), classifierCommand(), infoCommand()]) root.addCommand(command);
  // Commander's own errors (unknown option, bad value) are thrown, not printed and exited on, so
  // that every error leaves through runCli as one sentence.
  for (const c of [root, ...root.commands]) c.exitOverride().configureOutput({ outputError: () => {} });
  return root;
}

/**
 * Runs `ganforge ARGS...` and resolves with its exit code: 0, or 1 after one sentence on stderr
 * naming the problem and the fix (with the stack trace too under --debug).
 */
export async function runCli(args: string[]): Promise<number> {
  const cli = program();
  try {
    await cli.parseAsync(args, { from: 'user' });
    return 0;
  } catch (e) {
    // --help and a bare `ganforge` print their text and are not errors.
    if (e instanceof CommanderError && (e.exitCode === 0 || e.code === 'commander.help' || e.code === 'commander.helpDisplayed')) return e.exitCode;
    const command = args.find((a) => cli.commands.some((c) => c.name() === a));
    process.stderr.write(`ganforge: ${errorSentence(e, command)}\n`);
    if (args.includes('--debug') && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
