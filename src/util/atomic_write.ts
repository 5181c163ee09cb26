// Files a run writes are replaced atomically: the new content goes to a temporary file in the
// same folder, is flushed, and is renamed over the old one, so a run killed at any moment
// leaves either the old file or the new one, never half of one. A write that fails (a full
// disk, a removed folder) removes its temporary file and leaves the old file as it was.
import { closeSync, fsyncSync, openSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { fileProblem } from './file_errors.ts';
import { writeBytes } from './write_hooks.ts';

/** A file that could not be written, with why in words ("the disk is full"). */
export class WriteError extends Error {
  constructor(readonly path: string, readonly problem: string, cause: unknown) {
    super(`cannot write ${path}: ${problem}; make room or fix the folder, then run the command again.`, { cause });
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      writeBytes(fd, typeof data === 'string' ? Buffer.from(data) : data, path);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new WriteError(path, fileProblem(e), e);
  }
}

/**
 * Appends one line to a JSON-lines file. Not atomic: a kill can cut the last line short, which
 * readers drop and a resumed run rewrites (RunDir.truncateAfter).
 */
export function appendLine(path: string, line: string): void {
  try {
    const fd = openSync(path, 'a');
    try {
      writeBytes(fd, Buffer.from(line + '\n'), path);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new WriteError(path, fileProblem(e), e);
  }
}
