// What a failed file operation means to a person, from Node's error code: the words that follow
// "cannot write PATH:" in the one sentence an error gets.

/** Why a file operation failed ("the disk is full", ...), from the error Node threw. */
export function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC': return 'the disk is full';
    case 'EDQUOT': return 'the disk quota is used up';
    case 'EACCES': case 'EPERM': return 'permission is denied';
    case 'EROFS': return 'the file system is read-only';
    case 'ENOENT': return 'it or its folder does not exist (was it removed?)';
    case 'EEXIST': case 'ENOTDIR': return 'a file (not a folder) is in the way';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'EMFILE': case 'ENFILE': return 'too many files are open';
    case 'EIO': return 'the device reported an input/output error';
    default: return ((e as Error)?.message ?? String(e)).split('\n')[0].replace(/\.$/, '');
  }
}

/** Whether `e` is an error of the operating system (it carries an errno code such as ENOSPC). */
export const isSystemError = (e: unknown): e is NodeJS.ErrnoException =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!);
