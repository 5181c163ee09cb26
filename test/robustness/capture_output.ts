// Runs a command line in this process with its stdout and stderr captured, as a terminal sees them.

export interface Captured { code: number; stdout: string; stderr: string }

export async function captureOutput(run: () => Promise<number>): Promise<Captured> {
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (which: 'stdout' | 'stderr') => ((chunk: string | Uint8Array) => {
    out[which] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await run();
    return { code, ...out };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}
