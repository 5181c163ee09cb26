// The only way a request path becomes a file path: it must stay inside the folder it is served
// from, by its name and, through symbolic links, by where it really points.
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

const inside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The absolute path of `request` (a '/'-separated path relative to `root`), or null when it would
 * leave `root`: "..", an absolute path, a NUL byte, or a link that resolves outside.
 */
export function pathInside(root: string, request: string): string | null {
  if (request.includes('\0') || isAbsolute(request) || request.split(/[/\\]/).includes('..')) return null;
  const base = resolve(root);
  const full = resolve(base, request);
  if (!inside(base, full)) return null;
  if (!existsSync(full)) return full;
  const real = realpathSync(full), realBase = realpathSync(base);
  return inside(realBase, real) ? full : null;
}

/** Whether the absolute `path` lies in `root` (or is it), where both really point through links. */
export function realInside(root: string, path: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  return inside(real(root), real(path));
}

/** `path` relative to `root` with '/' separators (the form run ids and URLs use). */
export const relativeId = (root: string, path: string) => relative(root, path).split(sep).join('/');
