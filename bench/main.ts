// Speed benchmark: ganforge's GAN iteration against the PyTorch peer (../shared/bench/), both
// measured in the same run. Absolute times on shared machines drift, so what counts is the ratio,
// and the two are interleaved round by round so that machine noise hits both.
//   npm run bench -- dcgan [--batch 64] [--steps 20] [--warmup 3] [--rounds 3] [--precision fp32|bf16|auto]
//                          [--json] [--no-peer]
// The peer always computes in fp32 (PyTorch's CPU default).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Argument, Command, Option } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { useBackend } from '../src/engine/backend.ts';
import { usePrecision } from '../src/engine/precision.ts';
import { PRECISIONS, type Precision } from '../src/engine/precision_names.ts';
import { buildNetworks, iterationFlops, MODELS, type ModelName } from './networks.ts';
import { createGan, ganIteration, type Gan } from './gan_iteration.ts';
import { int, PEER_SCRIPT, PYTHON } from './peer.ts';


const PeerLine = z.object({ version: z.string(), ms_per_iter: z.number(), ms_min: z.number() });
type PeerRound = z.infer<typeof PeerLine>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const round2 = (x: number | null) => (x == null ? null : Math.round(x * 100) / 100);

const program = new Command()
  .name('bench')
  .description('Times one GAN iteration (D step + G step) in ganforge and in the PyTorch peer.')
  .addArgument(new Argument('<model>', 'network pair of reference_torch.py').choices(MODELS))
  .option('--batch <n>', 'batch size', int(1), 64)
  .option('--steps <n>', 'timed iterations per round', int(1), 20)
  .option('--warmup <n>', 'untimed iterations before each round', int(0), 3)
  .option('--rounds <n>', 'rounds, each timing ganforge and the peer', int(1), 3)
  .option('--backend <name>', 'TensorFlow.js backend for ganforge', 'native')
  .addOption(new Option('--precision <p>', "ganforge's convolutions and matrix products (train.precision)").choices(PRECISIONS).default('fp32'))
  .option('--threads <n>', "the peer's thread count (ganforge's backend keeps its own)", int(1), 2)
  .option('--json', 'print one JSON object line instead of the table')
  .option('--no-peer', 'time ganforge alone')
  .parse();

const model = program.args[0] as ModelName;
const opts = program.opts<{
  batch: number; steps: number; warmup: number; rounds: number; backend: string;
  threads: number; json?: boolean; peer: boolean; precision: Precision;
}>();
const log = (line: string) => { if (!opts.json) console.error(line); };

/** Why the peer cannot run, or null when it can. */
function peerProblem(): string | null {
  if (!existsSync(PEER_SCRIPT)) return `the PyTorch peer ${PEER_SCRIPT} is missing`;
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import torch']).status !== 0) {
    return `${PYTHON} with torch is missing (fix: apt-get install -y python3-torch libopenblas0-pthread)`;
  }
  return null;
}

function timePeer(): PeerRound {
  const args = [PEER_SCRIPT, '--model', model, '--batch', `${opts.batch}`, '--steps', `${opts.steps}`,
    '--warmup', `${opts.warmup}`, '--threads', `${opts.threads}`];
  const res = spawnSync(PYTHON, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`PyTorch peer failed (exit ${res.status}): ${res.stderr.trim()}`);
  const line = res.stdout.trim().split('\n').pop() ?? '';
  return PeerLine.parse(JSON.parse(line));
}

function timeGanforge(gan: Gan, real: tf.Tensor): number[] {
  for (let i = 0; i < opts.warmup; i++) ganIteration(gan, real);
  const times: number[] = [];
  for (let i = 0; i < opts.steps; i++) {
    const t = performance.now();
    ganIteration(gan, real); // returns after reading the losses back: the work is done
    times.push(performance.now() - t);
  }
  return times;
}

const backend = await useBackend(opts.backend);
const precision = usePrecision(opts.precision);
let peer = opts.peer;
const problem = peer ? peerProblem() : null;
if (problem) {
  console.error(`No PyTorch peer: ${problem}; reporting ganforge alone.`);
  peer = false;
}

const nets = buildNetworks(model);
const gan = createGan(nets);
const real = tf.randomUniform([opts.batch, ...nets.imageShape], -1, 1); // like the peer's real batch

const ganforgeTimes: number[] = [];
const peerRounds: PeerRound[] = [];
let tensorsAfterFirstRound = 0;
for (let r = 0; r < opts.rounds; r++) {
  // Alternate which side goes first, so neither always runs on the machine the other warmed.
  const order = r % 2 === 0 ? ['ganforge', 'peer'] : ['peer', 'ganforge'];
  for (const side of order) {
    if (side === 'ganforge') {
      const times = timeGanforge(gan, real);
      ganforgeTimes.push(...times);
      log(`round ${r + 1}/${opts.rounds}: ganforge (${backend} ${precision}) median ${median(times).toFixed(1)} ms`);
    } else if (peer) {
      const res = timePeer();
      peerRounds.push(res);
      log(`round ${r + 1}/${opts.rounds}: pytorch ${res.version} median ${res.ms_per_iter} ms`);
    }
  }
  if (r === 0) tensorsAfterFirstRound = tf.memory().numTensors;
}
if (tf.memory().numTensors !== tensorsAfterFirstRound) {
  console.error(`warning: ganforge leaks tensors (${tensorsAfterFirstRound} after round 1, ${tf.memory().numTensors} at the end)`);
}

const ganforgeMs = median(ganforgeTimes);
const peerMs = peer ? median(peerRounds.map((p) => p.ms_per_iter)) : null;
const ganforgeFlop = iterationFlops(nets, opts.batch, 'ganforge');
const peerFlop = iterationFlops(nets, opts.batch, 'pytorch');
const result = {
  model, batch: opts.batch, backend, precision,
  ganforge_ms: round2(ganforgeMs),
  ganforge_min_ms: round2(Math.min(...ganforgeTimes)),
  peer: peer ? `pytorch ${peerRounds[0].version}` : null,
  peer_ms: round2(peerMs),
  peer_min_ms: peer ? round2(Math.min(...peerRounds.map((p) => p.ms_min))) : null,
  ratio: peerMs == null ? null : round2(ganforgeMs / peerMs),
  // Each side's GFLOP/s on the FLOPs it executes (networks.ts, iterationFlops): the two differ
  // slightly, so the GFLOP/s ratio is not exactly the inverse of the time ratio.
  ganforge_gflop: round2(ganforgeFlop / 1e9),
  peer_gflop: peer ? round2(peerFlop / 1e9) : null,
  ganforge_gflops: round2(ganforgeFlop / 1e9 / (ganforgeMs / 1e3)),
  peer_gflops: peerMs == null ? null : round2(peerFlop / 1e9 / (peerMs / 1e3)),
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), // maxRSS is in KiB
  threads: opts.threads, steps: opts.steps, warmup: opts.warmup, rounds: opts.rounds,
};

if (opts.json) {
  console.log(JSON.stringify(result));
} else {
  const row = (name: string, ms: number | null, min: number | null, gflop: number | null, gflops: number | null) =>
    `${name.padEnd(22)}${String(ms ?? '-').padStart(10)}${String(min ?? '-').padStart(10)}` +
    `${String(gflop ?? '-').padStart(12)}${String(gflops ?? '-').padStart(10)}`;
  console.log(`${model}, batch ${opts.batch}, ${opts.rounds} rounds x ${opts.steps} steps (warmup ${opts.warmup}), peer threads ${opts.threads}`);
  console.log(''.padEnd(22) + 'median ms'.padStart(10) + 'min ms'.padStart(10) + 'GFLOP/iter'.padStart(12) + 'GFLOP/s'.padStart(10));
  console.log(row(`ganforge (${backend} ${precision})`, result.ganforge_ms, result.ganforge_min_ms, result.ganforge_gflop, result.ganforge_gflops));
  console.log(row(result.peer ?? 'pytorch (not run)', result.peer_ms, result.peer_min_ms, result.peer_gflop, result.peer_gflops));
  console.log(`ratio ganforge/peer: ${result.ratio ?? '-'}`);
  console.log(`peak RSS (node): ${result.peak_rss_mb} MB`);
}
