// The benchmark networks of ../shared/bench/reference_torch.py, rebuilt with tfjs-layers in NHWC:
// the same layer shapes and parameter counts as the PyTorch peer's, so the timings compare the
// same work.
import * as tfl from '@tensorflow/tfjs-layers';

export const MODELS = ['dcgan', 'mlp'] as const;
export type ModelName = (typeof MODELS)[number];
export const LATENT = 100;

export interface Networks {
  g: tfl.Sequential;
  d: tfl.Sequential;
  /** One real or generated sample, without the batch axis. */
  imageShape: number[];
}

// PyTorch's default initialisation (kaiming_uniform with a=sqrt(5)): weights and biases
// U(+-1/sqrt(fan_in)). Speed does not depend on it; it keeps the networks interchangeable with the
// peer's for learning-quality comparisons. tfjs-layers derives a Conv2DTranspose kernel's fan_in
// from [k, k, out, in] as out*k*k, which is what PyTorch derives from its [in, out, k, k] weight.
function torchInit(fanIn: number) {
  const bound = 1 / Math.sqrt(fanIn);
  return {
    kernelInitializer: tfl.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform' }),
    biasInitializer: tfl.initializers.randomUniform({ minval: -bound, maxval: bound }),
  };
}

// PyTorch's BatchNorm defaults: its momentum 0.1 is the weight of the new batch, tfjs-layers'
// momentum the weight of the running average, hence 0.9.
const batchNorm = () => tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
const leaky = () => tfl.layers.leakyReLU({ alpha: 0.2 });

// 'same' padding with k5 s2 gives PyTorch's shapes (28 -> 14 -> 7 and back) but pads 1 before and
// 2 after where PyTorch pads 2 before and, in effect, 1 after (convT: padding 2, output_padding 1),
// so the sampling grid is shifted by one pixel. The timings use 'same' (the same cost); the
// learning-quality comparison asks for PyTorch's grid: explicit padding before a 'valid' conv,
// cropping after a 'valid' convT.
export type Padding = 'same' | 'torch';

function dcgan(padding: Padding): Networks {
  const torch = padding === 'torch';
  const pytorchPad: [[number, number], [number, number]] = [[2, 1], [2, 1]];
  const conv = ({ inputShape, ...args }: { filters: number; useBias?: boolean; inputShape?: number[] }, fanIn: number) => {
    const first = inputShape ? { inputShape } : {};
    const layer = (extra: object) => tfl.layers.conv2d({ ...args, ...extra, kernelSize: 5, strides: 2, ...torchInit(fanIn) });
    return torch ? [tfl.layers.zeroPadding2d({ padding: pytorchPad, ...first }), layer({ padding: 'valid' })] : [layer({ ...first, padding: 'same' })];
  };
  const convT = (args: { filters: number; useBias?: boolean; activation?: 'tanh' }, fanIn: number) => [
    tfl.layers.conv2dTranspose({ ...args, kernelSize: 5, strides: 2, padding: torch ? 'valid' : 'same', ...torchInit(fanIn) }),
    ...(torch ? [tfl.layers.cropping2D({ cropping: pytorchPad })] : []),
  ];
  const g = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [LATENT], units: 7 * 7 * 128, useBias: false, ...torchInit(LATENT) }),
      batchNorm(),
      tfl.layers.reLU(),
      tfl.layers.reshape({ targetShape: [7, 7, 128] }),
      ...convT({ filters: 64, useBias: false }, 64 * 25),
      batchNorm(),
      tfl.layers.reLU(),
      // tanh before the crop is the same as after it.
      ...convT({ filters: 1, activation: 'tanh' }, 1 * 25),
    ],
  });
  const d = tfl.sequential({
    layers: [
      ...conv({ inputShape: [28, 28, 1], filters: 64 }, 1 * 25),
      leaky(),
      ...conv({ filters: 128, useBias: false }, 64 * 25),
      batchNorm(),
      leaky(),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1, ...torchInit(7 * 7 * 128) }),
    ],
  });
  return { g, d, imageShape: [28, 28, 1] };
}

function mlp(): Networks {
  // The first layer of each net declares its input shape; the others infer theirs.
  const dense = (inputs: number, units: number, first = false) =>
    tfl.layers.dense({ ...(first ? { inputShape: [inputs] } : {}), units, ...torchInit(inputs) });
  const g = tfl.sequential({
    layers: [
      dense(LATENT, 256, true), leaky(), dense(256, 512), leaky(), dense(512, 1024), leaky(),
      dense(1024, 784), tfl.layers.activation({ activation: 'tanh' }),
    ],
  });
  const d = tfl.sequential({
    layers: [dense(784, 1024, true), leaky(), dense(1024, 512), leaky(), dense(512, 256), leaky(), dense(256, 1)],
  });
  return { g, d, imageShape: [784] };
}

export function buildNetworks(model: ModelName, padding: Padding = 'same'): Networks {
  return model === 'dcgan' ? dcgan(padding) : mlp();
}

// Product of a shape's known dimensions (the batch dimension of layer shapes is null).
const product = (shape: (number | null)[]) => shape.reduce<number>((a, b) => a * (b ?? 1), 1);

/** Trainable parameters: what PyTorch's parameters() counts (BatchNorm's running stats are buffers there). */
export function parameterCount(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + product(w.shape), 0);
}

/** Multiply-accumulates per sample of the forward pass of each dense/conv/convT layer, in order. */
export function layerMacs(model: tfl.LayersModel): number[] {
  const macs: number[] = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind !== 'Dense' && kind !== 'Conv2D' && kind !== 'Conv2DTranspose') continue;
    // The kernel is applied once per output position (conv), once per input position (convT:
    // each input pixel scatters a k*k*out patch), once per sample (dense on [B, n]).
    const spatial = (shape: (number | null)[]) => product(shape.slice(1, -1));
    const positions = kind === 'Conv2D' ? spatial(layer.outputShape as (number | null)[])
      : kind === 'Conv2DTranspose' ? spatial((layer.input as tfl.SymbolicTensor).shape) : 1;
    macs.push(product(layer.weights[0].shape) * positions);
  }
  return macs;
}

/**
 * FLOPs of one GAN iteration (2 FLOPs per multiply-accumulate of every dense, conv and convT
 * pass; BatchNorm, activations, losses and Adam are O(activations) and not counted). Each
 * backward pass of a layer, data (dX) or weights (dW), costs the same MACs as its forward.
 *
 * 'ganforge' counts what tfjs executes in gan_iteration.ts: G forward twice (the fake for the D
 * step, and again inside the G step's gradient function), D forward three times (real, fake,
 * G step), D dX+dW twice (D step) and once (G step), G dX+dW once. tfjs prunes gradients nobody
 * asked for only for ops with per-input gradients (Conv2DTranspose); tfjs-layers' Dense and
 * Conv2D run through tf.fused.matMul / tf.fused.conv2d, whose custom gradient computes dX and dW
 * together: so D's first-layer dX in the D step, D's dW in the G step and G's first-layer dX
 * (towards z) are all computed. G's first layer is a Dense in both models, hence "everything".
 *
 * 'pytorch' counts the peer's step(): G forward once, D forward three times, D dW three times
 * (its parameters require grad in the G step too), D dX in every layer but the first in the D
 * step's two passes and in every layer in the G step, G dW in every layer and dX in all but the
 * first.
 */
export function iterationFlops(nets: Networks, batch: number, side: 'ganforge' | 'pytorch' = 'ganforge'): number {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const gm = layerMacs(nets.g), dm = layerMacs(nets.d);
  const g = sum(gm), d = sum(dm), gTail = g - gm[0], dTail = d - dm[0];
  const macs = side === 'ganforge'
    ? 2 * g + 2 * g + 3 * d + 3 * 2 * d
    : g + g + gTail + 3 * d + 3 * d + 2 * dTail + d;
  return 2 * batch * macs;
}
