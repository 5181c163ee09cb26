// The paths a model's own files name (model.json's weight files, the manifest's sentence encoder
// folder) stay inside the model folder: loading a model must never read anything else, in Node
// or in the browser, whatever a downloaded model.json says. Pure, so the studio shares it.

/**
 * Why `path`, named by `what` in a model folder's files, would leave that folder, or null when it
 * is a plain relative path: no absolute path, drive letter, backslash, NUL, "." or ".." segment.
 */
export function modelPathProblem(path: unknown, what: string): string | null {
  if (typeof path !== 'string' || path === '') return `${what} is not a file name`;
  if (path.includes('\0') || path.includes('\\')) return `${what} "${escape(path)}" holds a NUL byte or a backslash`;
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return `${what} "${escape(path)}" is an absolute path`;
  if (path.split('/').some((s) => s === '..' || s === '.' || s === '')) return `${what} "${escape(path)}" leaves the model folder`;
  return null;
}

/** Throws one sentence when `path` would leave the model folder; `remedy` says what to do. */
export function checkModelPath(path: unknown, what: string, folder: string, remedy: string): string {
  const problem = modelPathProblem(path, what);
  if (problem) throw new Error(`${problem}: a model may only name files inside its own folder (${folder}), so it is not loaded; ${remedy}.`);
  return path as string;
}

const escape = (s: string) => JSON.stringify(s).slice(1, -1);
