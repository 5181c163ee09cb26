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
    .option('--host <address>', 'address to serve on (default 127.0.0.1: this machine only; 0.0.0.0 shows your runs to every machine that can reach this one)', '127.0.0.1')
    .option('--data <folders...>', 'folders outside the runs folder whose images the explorer may show as a run\'s training images')
    .option('--open', 'open the studio in the default browser')
    .action(async (runs: string, o: { port: number; host: string; data?: string[]; open?: boolean }) => {
      if (existsSync(runs) && !statSync(runs).isDirectory()) throw new Error(`${runs} is a file; pass the folder that holds your run directories (default: runs).`);
      if (existsSync(join(runs, 'config.json'))) {
        throw new Error(`${runs} is itself a run directory; pass the folder that holds it instead (ganforge studio ${join(runs, '..')}).`);
      }
      if (!existsSync(runs)) console.error(`ganforge studio: ${runs} does not exist yet; runs appear as soon as training writes them there.`);
      for (const d of o.data ?? []) if (!existsSync(d)) throw new Error(`--data ${d} does not exist; pass a folder (or CSV file) runs trained on.`);
      if (!['127.0.0.1', 'localhost', '::1'].includes(o.host)) {
        console.error(`ganforge studio: serving on ${o.host}: anyone who can reach this machine there can read every run in ${runs} (it has no login); use the default 127.0.0.1 to keep them to yourself.`);
      }
      const studio = await startStudio({ runsDir: runs, port: o.port, host: o.host, dataDirs: o.data });
      console.log(`ganforge studio: ${studio.url} (runs in ${runs}; Ctrl-C to stop)`);
      if (o.open) await open(studio.url);
    });
}
