// `ganforge studio [runs]`: serves the studio (runs dashboard and model explorer) over a folder of
// run directories, until Ctrl-C.
import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import open from 'open';
import { startStudio } from '../studio/server.ts';
import { integer } from './arguments.ts';

export function studioCommand(): Command {
  return new Command('studio')
    .description('open the studio in a browser: runs with live curves and sample grids, runs side by side, and the model explorer')
    .argument('[runs]', 'the folder holding run directories', 'runs')
    .option('--port <n>', 'port to serve on (0: any free port)', integer('--port'), 5170)
    .option('--open', 'open the studio in the default browser')
    .action(async (runs: string, o: { port: number; open?: boolean }) => {
      if (existsSync(runs) && !statSync(runs).isDirectory()) throw new Error(`${runs} is a file; pass the folder that holds your run directories (default: runs).`);
      if (existsSync(join(runs, 'config.json'))) {
        throw new Error(`${runs} is itself a run directory; pass the folder that holds it instead (ganforge studio ${join(runs, '..')}).`);
      }
      if (!existsSync(runs)) console.error(`ganforge studio: ${runs} does not exist yet; runs appear as soon as training writes them there.`);
      const studio = await startStudio({ runsDir: runs, port: o.port });
      console.log(`ganforge studio: ${studio.url} (runs in ${runs}; Ctrl-C to stop)`);
      if (o.open) await open(studio.url);
    });
}
