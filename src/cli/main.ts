// The `ganforge` command: runs the command line on this process's arguments.
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2));
