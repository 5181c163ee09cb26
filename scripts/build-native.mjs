// Builds the oneDNN addon (native/) at install time. A failed build is not fatal: ganforge then
// runs on TensorFlow.js's cpu backend and says once how to get the native one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// npm hands its own node-gyp to install scripts; outside npm, use the one bundled with npm.
const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const gypScript = process.env.npm_config_node_gyp || (existsSync(bundled) ? bundled : null);
const [cmd, args] = gypScript ? [process.execPath, [gypScript]] : ['node-gyp', []];

// Build against this Node's own headers: node-gyp would otherwise download them, which fails offline.
const prefix = join(dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir || (existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null);
const build = spawnSync(cmd, [...args, 'rebuild', '--directory=native', ...(nodedir ? [`--nodedir=${nodedir}`] : [])],
  { stdio: 'inherit' });
if (build.status !== 0) {
  console.warn('ganforge: the native oneDNN backend did not build; install its system packages with ' +
    '`apt-get install -y libdnnl-dev g++ make` and run `npm rebuild` (until then ganforge runs on the slow cpu backend).');
}
