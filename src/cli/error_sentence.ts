// Every error the command line ends on becomes one sentence naming the problem and the fix.
import { CommanderError } from 'commander';
import { fileProblem, isSystemError } from '../util/file_errors.ts';

/** The sentence `ganforge: ...` prints for `e`, thrown while running `command` (if known). */
export function errorSentence(e: unknown, command?: string): string {
  const help = `ganforge${command ? ` ${command}` : ''} --help`;
  if (e instanceof CommanderError) {
    // A value our own parser refused already names the option and the fix (arguments.ts).
    const refused = /^error: (?:option|command-argument value) .*? is invalid(?: for argument '[^']*')?\. (.*)$/s.exec(e.message);
    if (refused) return refused[1].trim();
    const text = e.message.replace(/^error: /, '').replace(/\n\(Did you mean/, ' (did you mean').replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
    return `${text}; see ${help} for what it takes.`;
  }
  if (isSystemError(e)) {
    const path = e.path ? ` ${e.path}` : '';
    return `cannot ${e.syscall ?? 'use'}${path}: ${fileProblem(e)}; check the path and try again.`;
  }
  if (e instanceof Error) {
    // Our own errors are written as one sentence; a programming error is not, and says how to report it.
    if (e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || e instanceof SyntaxError) {
      return `internal error (${e.name}: ${e.message.split('\n')[0]}); run the command again with --debug and report its stack trace.`;
    }
    return e.message.split('\n')[0].trim();
  }
  return String(e);
}
