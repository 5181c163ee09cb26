// WGAN-GP and R1 differentiate a gradient: the penalty's own gradient with respect to D's
// weights must match finite differences, and the LeakyReLU discriminators of the presets
// (whose backward pass holds comparisons) must differentiate the same on native and cpu.
import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerHigherOrderGradients } from '../../src/engine/higher_order_gradients.ts';
import { useBackend } from '../../src/engine/backend.ts';
import { clipWeights, r1Penalty, wganGradientPenalty, withPenalties } from '../../src/gan/penalties.ts';

before(registerHigherOrderGradients);

function critic(activation: () => tf.layers.Layer): tf.Sequential {
  const init = (seed: number) => ({
    kernelInitializer: tf.initializers.glorotNormal({ seed }),
    biasInitializer: tf.initializers.randomNormal({ seed: seed + 100, stddev: 0.1 }),
  });
  return tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, strides: 2, padding: 'same', ...init(3) }),
    activation(),
    tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', ...init(5) }),
    activation(),
    tf.layers.flatten(), tf.layers.dense({ units: 1, ...init(6) })] });
}

const PENALTIES = {
  // Real and fake both x: the penalty E(||grad_x D(x)|| - 1)^2 at x itself.
  'WGAN-GP': (d: tf.Sequential, x: tf.Tensor) => wganGradientPenalty((v) => d.apply(v) as tf.Tensor, x, x, tf.scalar(1)),
  R1: (d: tf.Sequential, x: tf.Tensor) => r1Penalty((v) => d.apply(v) as tf.Tensor, x),
};

/** A penalty of src/gan/penalties.ts and its gradient with respect to D's first kernel. */
function penaltyAndGradient(d: tf.Sequential, x: tf.Tensor, which: keyof typeof PENALTIES = 'WGAN-GP') {
  const penalty = () => tf.tidy(() => PENALTIES[which](d, x));
  const kernel = d.trainableWeights[0].read() as tf.Variable;
  const { value, grads } = tf.variableGrads(penalty, [kernel]);
  const out = { value: value.dataSync()[0], gradient: grads[kernel.name].dataSync().slice(), penalty, kernel };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

test('the gradients of the gradient penalties match central finite differences (smooth critic)', async () => {
  for (const [backend, which] of [['native', 'WGAN-GP'], ['cpu', 'WGAN-GP'], ['native', 'R1']] as const) {
    await useBackend(backend);
    const d = critic(() => tf.layers.activation({ activation: 'tanh' }));
    const x = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 7);
    const { gradient, penalty, kernel } = penaltyAndGradient(d, x, which);
    const base = kernel.dataSync().slice();
    for (const i of [0, 7, 20, 33]) {
      const at = (delta: number) => {
        const w = base.slice(); w[i] += delta;
        kernel.assign(tf.tensor(w, kernel.shape));
        return penalty().dataSync()[0];
      };
      // Central differences in float32: eps 1e-2 leaves an O(eps^2) error well under 2%.
      const fd = (at(1e-2) - at(-1e-2)) / 2e-2;
      assert.ok(Math.abs(fd - gradient[i]) <= 0.02 * Math.abs(fd) + 1e-3, `${which} on ${backend}, kernel[${i}]: analytic ${gradient[i]}, finite difference ${fd}`);
    }
    x.dispose();
    d.dispose();
  }
});

test('a LeakyReLU critic\'s penalty gradient is the same on native and cpu', async () => {
  const run = async (backend: string) => {
    await useBackend(backend);
    const d = critic(() => tf.layers.leakyReLU({ alpha: 0.2 }));
    const x = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 7);
    const r = penaltyAndGradient(d, x);
    x.dispose();
    d.dispose();
    return r;
  };
  const [native, cpu] = [await run('native'), await run('cpu')];
  assert.ok(Math.abs(native.value - cpu.value) < 1e-5);
  native.gradient.forEach((g, i) => assert.ok(Math.abs(g - cpu.gradient[i]) < 1e-4 + 1e-4 * Math.abs(g), `kernel[${i}]: ${g} vs ${cpu.gradient[i]}`));
  assert.ok(native.gradient.some((g) => Math.abs(g) > 1e-3), 'the penalty gradient vanished');
});

test('second derivatives of the activations whose tfjs gradients use saved outputs match finite differences', async () => {
  await useBackend('native');
  const x = tf.tensor([0.3, -0.7, 1.2]);
  const activations: Record<string, (t: tf.Tensor) => tf.Tensor> = { tanh: tf.tanh, sigmoid: tf.sigmoid, elu: tf.elu, exp: tf.exp };
  for (const [name, f] of Object.entries(activations)) {
    // d/dw sum((d/dx sum f(w x))^2) at w = 0.8.
    const penalty = (w: tf.Tensor) => tf.sum(tf.square(tf.grad((v: tf.Tensor) => tf.sum(f(tf.mul(v, w))))(x)));
    const analytic = tf.grad(penalty)(tf.scalar(0.8)).dataSync()[0];
    const fd = (penalty(tf.scalar(0.801)).dataSync()[0] - penalty(tf.scalar(0.799)).dataSync()[0]) / 2e-3;
    assert.ok(Math.abs(analytic - fd) < 0.01 * Math.abs(fd) + 1e-3, `${name}: analytic ${analytic}, finite difference ${fd}`);
  }
});

test('withPenalties adds each penalty with its weight (lambda, gamma / 2) and names it; clipWeights clips', async () => {
  await useBackend();
  const d = critic(() => tf.layers.leakyReLU({ alpha: 0.2 }));
  const critique = (v: tf.Tensor) => d.apply(v) as tf.Tensor;
  const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 1), fake = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 2);
  const mix = tf.tensor([0.1, 0.5, 0.9, 0.3], [4, 1, 1, 1]);
  const base = tf.scalar(0.25);
  const { loss, terms } = withPenalties(base, { gradientPenalty: 10, r1: 4 }, critique, x, fake, mix);
  const gp = wganGradientPenalty(critique, x, fake, mix).dataSync()[0], r1 = r1Penalty(critique, x).dataSync()[0];
  assert.ok(Math.abs(terms.gp!.dataSync()[0] - gp) < 1e-6 && Math.abs(terms.r1!.dataSync()[0] - r1) < 1e-6);
  assert.ok(Math.abs(loss.dataSync()[0] - (0.25 + 10 * gp + 2 * r1)) < 1e-4 * (1 + 10 * gp + 2 * r1));
  const off = withPenalties(base, { gradientPenalty: 0, r1: 0 }, critique, x, fake, null);
  assert.deepEqual(off.terms, {});
  assert.equal(off.loss, base);
  const v = tf.variable(tf.tensor1d([-1, -0.005, 0.003, 2]));
  clipWeights([v], 0.01);
  assert.deepEqual(Array.from(v.dataSync()).map((a) => Math.round(a * 1e6) / 1e6), [-0.01, -0.005, 0.003, 0.01]);
  clipWeights([v], null);
  tf.dispose([x, fake, mix, base, loss, v, ...Object.values(terms)]);
  d.dispose();
});
