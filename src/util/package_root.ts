// The package's root folder (where package.json, presets/ and models/ live), found from this
// file's location so it works from src/ under tsx and from dist/src/ after a build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'presets'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('ganforge cannot find its package folder (package.json beside presets/); reinstall the package.');
    dir = up;
  }
  return (root = dir);
}
