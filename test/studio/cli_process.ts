// `ganforge` commands run as child processes, as a person runs them from a terminal.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package_root.ts';

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the process ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

export function ganforge(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src', 'cli', 'main.ts'), ...args], {
    cwd: packageRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners: (() => void)[] = [];
  const take = (chunk: Buffer) => { text += chunk.toString(); for (const l of listeners) l(); };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => { done(code); for (const l of listeners) l(); }));
  return {
    child,
    output: () => text,
    exited,
    waitFor: (pattern, timeoutMs = 60000) => new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`ganforge ${args.join(' ')} did not print ${pattern} within ${timeoutMs / 1000} s:\n${text}`)), timeoutMs);
      const check = () => {
        const m = pattern.exec(text);
        if (m) { clearTimeout(timer); done(m); } else if (child.exitCode !== null) { clearTimeout(timer); fail(new Error(`ganforge ${args.join(' ')} exited (${child.exitCode}) before printing ${pattern}:\n${text}`)); }
      };
      listeners.push(check);
      check();
    }),
  };
}
