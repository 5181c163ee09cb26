// Whole training iterations on the native backend: the same losses as on cpu from the same
// weights and noise, and no growth in tensors or memory over 500 iterations.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildNetworks, LATENT } from '../../bench/networks.ts';
import { createGan, ganIteration } from '../../bench/gan_iteration.ts';
import { randomArray, requireNative, rng } from '../helpers.ts';

before(requireNative);

// Memory is compared after full collections: garbage that V8 has not yet collected is not a leak.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
// What JS holds after a full collection: the heap and the ArrayBuffers behind tensors (pooled
// or not). RSS is not used: the allocator keeps freed pages as it likes, which is not a leak.
const heldAfterGc = () => {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

test('two DCGAN iterations give the same losses on native and cpu (batch 2)', async () => {
  const random = rng(31);
  const real = randomArray(2 * 28 * 28, random), z = randomArray(2 * LATENT, random);
  await tf.setBackend('cpu');
  const initial = buildNetworks('dcgan');
  const gWeights = initial.g.getWeights().map((w) => w.arraySync());
  const dWeights = initial.d.getWeights().map((w) => w.arraySync());
  const lossesOn = async (backend: string) => {
    await tf.setBackend(backend);
    const nets = buildNetworks('dcgan');
    nets.g.setWeights(gWeights.map((w) => tf.tensor(w as number[])));
    nets.d.setWeights(dWeights.map((w) => tf.tensor(w as number[])));
    const gan = createGan(nets);
    // Two iterations: the second starts from weights the first updated on this backend.
    const [x, noise] = [tf.tensor(real, [2, 28, 28, 1]), tf.tensor(z, [2, LATENT])];
    const losses = [0, 1].map(() => ganIteration(gan, x, noise));
    tf.dispose([x, noise]);
    return losses.flatMap((l) => [l.dLoss, l.gLoss]);
  };
  const cpu = await lossesOn('cpu');
  const native = await lossesOn('native');
  // The first iteration starts from identical weights: only summation order differs.
  // The second starts from weights after one Adam step, which moves every weight by about
  // +-lr whatever its gradient's size: a gradient near zero whose sign flips with rounding
  // moves that weight by 2 * lr = 4e-4, so the losses may differ by ~1e-3.
  const tolerance = [1e-4, 1e-4, 2e-3, 2e-3];
  cpu.forEach((c, i) => assert.ok(Math.abs(native[i] - c) < tolerance[i], `loss ${i}: native ${native[i]}, cpu ${c}`));
});

test('500 DCGAN iterations on native keep the tensor count and the memory flat', async () => {
  await tf.setBackend('native');
  const gan = createGan(buildNetworks('dcgan'));
  const real = tf.randomUniform([4, 28, 28, 1], -1, 1);
  let tensorsAt10 = 0, heldAt100 = 0;
  for (let i = 1; i <= 500; i++) {
    const { dLoss, gLoss } = ganIteration(gan, real);
    assert.ok(Number.isFinite(dLoss) && Number.isFinite(gLoss));
    if (i === 10) tensorsAt10 = tf.memory().numTensors;
    if (i === 100) heldAt100 = heldAfterGc();
  }
  assert.equal(tf.memory().numTensors, tensorsAt10, 'tensors leaked between iterations 10 and 500');
  const growthMb = (heldAfterGc() - heldAt100) / 2 ** 20;
  // An iteration allocates ~10 MB of tensors: leaking any of them 400 times would exceed this by far.
  assert.ok(growthMb < 20, `memory held grew by ${growthMb.toFixed(1)} MB between iterations 100 and 500`);
});
