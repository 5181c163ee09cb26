// Learning-quality parity with the PyTorch peer: the `dcgan` (or `mlp`) network of
// ../shared/bench/reference_torch.py trained in ganforge and in PyTorch on the same MNIST images
// for the same steps and hyperparameters, with several seeds each; both sample sets are scored by
// the same ganforge FID (and Inception score) against held-out digits. The two agree when the
// difference of their means lies within the run-to-run spread measured here.
//   npm run bench:parity -- [--model dcgan] [--steps 1000] [--seeds 2] [--samples 2000] [--precision fp32|bf16|auto]
// ganforge trains in --precision; samples are scored in fp32, and the peer computes in fp32.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import * as tf from '@tensorflow/tfjs';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadDataset } from '../src/data/spec.ts';
import { useBackend } from '../src/engine/backend.ts';
import { inFp32, usePrecision } from '../src/engine/precision.ts';
import { PRECISIONS, type Precision } from '../src/engine/precision_names.ts';
import { qualityReference, sampleQuality, type QualityReference } from '../src/eval/sample_quality.ts';
import { Rng } from '../src/random/prng.ts';
import { decodeNpy, encodeNpy } from '../src/viz/index.ts';
import { createGan, ganIteration } from './gan_iteration.ts';
import { buildNetworks, LATENT, MODELS, type ModelName } from './networks.ts';
import { int, PEER_SCRIPT, PYTHON } from './peer.ts';

const BATCH = 64;

const opts = new Command()
  .name('bench:parity')
  .addOption(new Option('--model <name>', 'network pair of reference_torch.py').choices(MODELS).default('dcgan'))
  .option('--steps <n>', 'training iterations (batch 64) on each side', int(1), 1000)
  .option('--seeds <n>', 'runs on each side, seeds 0..n-1', int(2), 2)
  .option('--samples <n>', 'generated images scored per run', int(100), 2000)
  .option('--threads <n>', "the peer's thread count", int(1), 2)
  .addOption(new Option('--precision <p>', "ganforge's convolutions and matrix products while training (train.precision)").choices(PRECISIONS).default('fp32'))
  .parse()
  .opts<{ model: ModelName; steps: number; seeds: number; samples: number; threads: number; precision: Precision }>();

await useBackend();
const precision = usePrecision(opts.precision);
const train = await loadDataset({ source: 'mnist' });
const ref = (await qualityReference({ source: 'mnist' }))!;
const work = mkdtempSync(path.join(tmpdir(), 'ganforge-parity-'));
const dataFile = path.join(work, 'mnist-train.npy');
writeFileSync(dataFile, encodeNpy(train.x, [train.count, 28, 28, 1]));
console.error(`ganforge in ${precision}; ${train.count} training digits, ${ref.heldOut.count} held out; ${opts.steps} steps of batch ${BATCH}, ${opts.seeds} seeds per side`);

interface Run { side: 'ganforge' | 'pytorch'; seed: number; seconds: number; fid: number; inception_score: number }

function ganforgeRun(seed: number): Run {
  const rng = new Rng(seed);
  const gan = createGan(buildNetworks(opts.model, 'torch'));
  const size = 784, shape = opts.model === 'dcgan' ? [28, 28, 1] : [784];
  let order = rng.permutation(train.count);
  const t = performance.now();
  for (let step = 0, pos = 0; step < opts.steps; step++, pos += BATCH) {
    if (pos + BATCH > train.count) { order = rng.permutation(train.count); pos = 0; }
    const batch = new Float32Array(BATCH * size);
    for (let i = 0; i < BATCH; i++) batch.set(train.x.subarray(order[pos + i] * size, (order[pos + i] + 1) * size), i * size);
    const real = tf.tensor(batch, [BATCH, ...shape]);
    const z = tf.tensor2d(rng.fill(BATCH * LATENT, (r) => r.normal()), [BATCH, LATENT]);
    ganIteration(gan, real, z);
    tf.dispose([real, z]);
  }
  const seconds = (performance.now() - t) / 1000;
  toUnbiasedRunningVariance(gan.g);
  // Inference mode (BatchNorm's running statistics), as the peer's G.eval().
  const samples = inFp32(() => tf.tidy(() => (gan.g.predict(tf.tensor2d(rng.fill(opts.samples * LATENT, (r) => r.normal()), [opts.samples, LATENT])) as tf.Tensor).dataSync() as Float32Array));
  gan.g.dispose(); gan.d.dispose(); gan.gOpt.dispose(); gan.dOpt.dispose();
  return { side: 'ganforge', seed, seconds, ...inFp32(() => score(ref, samples)) };
}

// PyTorch's running variance averages the unbiased batch variances, tfjs-layers' the biased ones;
// the averages are linear, so after training they differ by the factor n / (n - 1), n being the
// values per channel in a batch (64 for G's first BatchNorm, 64 * 14 * 14 for its second).
function toUnbiasedRunningVariance(g: tfl.LayersModel) {
  for (const layer of g.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const n = BATCH * ((layer.input as tfl.SymbolicTensor).shape as number[]).slice(1, -1).reduce((a, b) => a * b, 1);
    const variance = layer.weights.find((w) => w.name.includes('moving_variance'))!;
    const scaled = tf.mul(variance.read(), n / (n - 1));
    variance.write(scaled);
    scaled.dispose();
  }
}

function peerRun(seed: number): Run {
  const out = path.join(work, `peer-${seed}.npy`);
  const res = spawnSync(PYTHON, [PEER_SCRIPT, '--model', opts.model, '--train', dataFile, '--steps', `${opts.steps}`, '--batch', `${BATCH}`,
    '--samples', out, '--n-samples', `${opts.samples}`, '--seed', `${seed}`, '--threads', `${opts.threads}`], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`the PyTorch peer failed (exit ${res.status}): ${res.stderr.trim()}; install it with apt-get install -y python3-torch libopenblas0-pthread`);
  const line = JSON.parse(res.stdout.trim().split('\n').pop()!);
  return { side: 'pytorch', seed, seconds: line.seconds, ...score(ref, decodeNpy(readFileSync(out)).data) };
}

function score(r: QualityReference, samples: Float32Array) {
  const q = sampleQuality(r, samples).metrics;
  return { fid: q.fid, inception_score: q.inception_score };
}

const runs: Run[] = [];
for (let seed = 0; seed < opts.seeds; seed++) {
  // Alternate which side goes first, so that machine noise hits both.
  for (const side of seed % 2 === 0 ? ['ganforge', 'pytorch'] : ['pytorch', 'ganforge']) {
    const run = side === 'ganforge' ? ganforgeRun(seed) : peerRun(seed);
    runs.push(run);
    console.error(`${run.side.padEnd(8)} seed ${seed}: FID ${run.fid.toFixed(2)}, Inception score ${run.inception_score.toFixed(2)}, ${run.seconds.toFixed(0)} s`);
  }
}

const stats = (side: Run['side']) => {
  const fids = runs.filter((r) => r.side === side).map((r) => r.fid);
  const mean = fids.reduce((a, b) => a + b, 0) / fids.length;
  const std = Math.sqrt(fids.reduce((a, b) => a + (b - mean) ** 2, 0) / (fids.length - 1));
  return { mean, std, min: Math.min(...fids), max: Math.max(...fids) };
};
const g = stats('ganforge'), p = stats('pytorch');
// The spread of one side's runs: the difference of two means is within it when it is below
// twice the pooled standard error of that difference.
const pooled = Math.sqrt((g.std ** 2 + p.std ** 2) / opts.seeds);
const diff = g.mean - p.mean;
console.log(`${opts.model}, ganforge in ${precision}, ${opts.steps} steps of batch ${BATCH}, ${opts.seeds} seeds each, FID of ${opts.samples} samples (ganforge's MNIST classifier features, ${ref.heldOut.count} held-out digits)`);
console.log(`                    mean FID     std     min     max`);
for (const [name, s] of [['ganforge', g], ['pytorch', p]] as const) {
  console.log(`${name.padEnd(18)} ${s.mean.toFixed(2).padStart(9)} ${s.std.toFixed(2).padStart(7)} ${s.min.toFixed(2).padStart(7)} ${s.max.toFixed(2).padStart(7)}`);
}
console.log(`difference ganforge - pytorch: ${diff.toFixed(2)}; twice its standard error from the seeds' spread: ${(2 * pooled).toFixed(2)} -> ${Math.abs(diff) <= 2 * pooled ? 'agree' : 'DIFFER'}`);
