// The benchmark's networks match the PyTorch peer's, and its GAN iteration trains both nets
// without leaking tensors. On the cpu backend: mlp only for training (a dcgan iteration takes
// seconds to minutes there), dcgan for shapes and parameter counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/engine/backend.ts';
import { buildNetworks, iterationFlops, parameterCount } from '../../bench/networks.ts';
import { createGan, ganIteration } from '../../bench/gan_iteration.ts';

// PyTorch's parameters() of reference_torch.py's networks, counted by hand (BatchNorm: weight
// and bias; its running stats are buffers, not parameters).
const MLP_G = (100 * 256 + 256) + (256 * 512 + 512) + (512 * 1024 + 1024) + (1024 * 784 + 784); // 1486352
const MLP_D = (784 * 1024 + 1024) + (1024 * 512 + 512) + (512 * 256 + 256) + (256 * 1 + 1); // 1460225
const DCGAN_G = 100 * 7 * 7 * 128 + 2 * 7 * 7 * 128 + 128 * 64 * 25 + 2 * 64 + (64 * 1 * 25 + 1); // 846273
const DCGAN_D = (1 * 64 * 25 + 64) + 64 * 128 * 25 + 2 * 128 + (128 * 7 * 7 + 1); // 212993

const snapshot = (vars: tf.Variable[]) => vars.map((v) => v.dataSync().slice());
const changed = (before: ReturnType<typeof snapshot>, vars: tf.Variable[]) =>
  vars.every((v, i) => v.dataSync().some((x, j) => x !== before[i][j]));

test('mlp networks: PyTorch parameter counts; an iteration trains both nets without leaks', async () => {
  await useBackend('cpu');
  const nets = buildNetworks('mlp');
  assert.equal(parameterCount(nets.g), MLP_G);
  assert.equal(parameterCount(nets.d), MLP_D);

  const gan = createGan(nets);
  const real = tf.randomUniform([2, 784], -1, 1);
  const g0 = snapshot(gan.gVars), d0 = snapshot(gan.dVars);
  const counts: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const { dLoss, gLoss } = ganIteration(gan, real);
    assert.ok(Number.isFinite(dLoss) && Number.isFinite(gLoss), `losses ${dLoss}, ${gLoss}`);
    if (i === 1) {
      // Every trainable tensor of each net moves (Adam's first step moves each weight by ~lr).
      assert.ok(changed(g0, gan.gVars), 'G weights unchanged');
      assert.ok(changed(d0, gan.dVars), 'D weights unchanged');
    }
    counts.push(tf.memory().numTensors);
  }
  // Iteration 1 creates Adam's moment variables; from then on the count must not grow.
  assert.equal(counts[4], counts[1]);
  real.dispose();
});

test('dcgan networks: PyTorch shapes and parameter counts', async () => {
  await useBackend('cpu');
  const nets = buildNetworks('dcgan');
  assert.equal(parameterCount(nets.g), DCGAN_G);
  assert.equal(parameterCount(nets.d), DCGAN_D);
  assert.deepEqual(nets.g.outputs[0].shape, [null, 28, 28, 1]);
  assert.deepEqual(nets.d.outputs[0].shape, [null, 1]);
  const out = tf.tidy(() => {
    const fake = nets.g.apply(tf.randomNormal([2, 100]), { training: true }) as tf.Tensor;
    return [fake.shape, (nets.d.apply(fake, { training: true }) as tf.Tensor).shape];
  });
  assert.deepEqual(out, [[2, 28, 28, 1], [2, 1]]);
  // ~16 GFLOP per iteration at batch 64 for the peer, as ../shared/bench/README.md says.
  assert.ok(Math.abs(iterationFlops(nets, 64, 'pytorch') / 1e9 - 16) < 0.5);
});
