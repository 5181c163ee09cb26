// The run configuration: one validated object from which a run is fully determined (with its
// seed). Every field has a default, so a preset or a config file names only what it changes;
// unknown keys are errors, so a typo never silently does nothing.
import * as z from 'zod';
import { dataSpecSchema } from '../data/schema.ts';
import { PRECISIONS } from '../engine/precision_names.ts';
import { MINIBATCH_STDDEV_GROUP } from '../nn/minibatch_stddev.ts';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
const probability = z.number().min(0).max(1);
const positive = z.number().positive();
// prefault({}): an omitted section is parsed as {} so that its own defaults fill it in.
const obj = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict().prefault({} as never);

export const PRIORS = ['normal', 'uniform'] as const;

/** The noise prior p(z) the generator transforms (the `001` document's question). */
export const latentSchema = obj({
  dim: int(1, 4096).default(100),
  distribution: z.enum(PRIORS).default('normal'),
  /** Standard deviation of the normal; half-width of the uniform on [-scale, scale]. */
  scale: positive.default(1),
});

/** Discriminator features against mode collapse, for every architecture. */
const collapseRemedies = {
  /** Salimans et al. 2016; null turns it off. */
  minibatchDiscrimination: z.object({ kernels: int(1, 1024).default(50), kernelDim: int(1, 256).default(5) })
    .strict().nullable().default(null),
  /** Karras et al. 2018: the batch's feature standard deviation as one more feature. */
  minibatchStddev: z.boolean().default(false),
  /** PacGAN (Lin et al. 2018): D judges this many samples at once, joined into one input, all real or all generated. */
  pack: int(1, 16).default(1),
};

/**
 * InfoGAN (Chen et al. 2016): a categorical code of this many equally likely categories, read from
 * the first noise coordinate and given to G one-hot, that a head Q on D's features must recover from
 * G's samples (the mutual-information term, weight lambda); null is off.
 */
const infoCode = z.object({ categories: int(2, 64).default(10), weight: positive.default(1) }).strict().nullable().default(null);

const mlpModel = z.object({
  architecture: z.literal('mlp'),
  latent: latentSchema,
  /** Feed a one-hot label to both nets by concatenation (a plain conditional MLP GAN). */
  conditional: z.boolean().default(false),
  code: infoCode,
  generator: obj({
    hidden: z.array(int(1, 65536)).min(1).default([256, 512, 1024]),
    activation: z.enum(['relu', 'leakyRelu']).default('leakyRelu'),
    batchNorm: z.boolean().default(false),
  }),
  discriminator: obj({
    hidden: z.array(int(1, 65536)).min(1).default([1024, 512, 256]),
    dropout: z.number().min(0).max(0.95).default(0.3),
    ...collapseRemedies,
  }),
}).strict();

const convNets = {
  generator: obj({
    /** Channels of the last hidden feature map; each earlier (smaller) map has twice as many. */
    channels: int(1, 4096).default(64),
    kernelSize: int(2, 9).default(5),
    /** tfjs-layers' meaning: the running average's weight (PyTorch's momentum 0.1 is 0.9 here). */
    batchNormMomentum: z.number().min(0).max(1).default(0.9),
  }),
  discriminator: obj({
    /** Channels of the first convolution; each later one has twice as many. */
    channels: int(1, 4096).default(64),
    kernelSize: int(2, 9).default(5),
    /** Batch norm in D (off for WGAN-GP and R1, whose penalties are per sample). */
    batchNorm: z.boolean().default(true),
    ...collapseRemedies,
  }),
};

const dcganModel = z.object({ architecture: z.literal('dcgan'), latent: latentSchema, code: infoCode, ...convNets }).strict();

const cdcganModel = z.object({
  architecture: z.literal('cdcgan'),
  latent: latentSchema,
  /** How D uses the label: an embedding map as an extra input channel, or a projection head (Miyato & Koyama 2018). */
  conditioning: z.enum(['embedding', 'projection']).default('projection'),
  embeddingDim: int(1, 1024).default(50),
  ...convNets,
}).strict();

/**
 * Text to image (Reed et al. 2016, GAN-INT-CLS): a DCGAN conditioned on the embedding of a
 * caption. Captions are written for every training image from its class and attributes measured
 * on it (src/text/captions.ts); a sentence encoder is trained on them first, as a joint embedding
 * with image features, and then held fixed.
 */
const textDcganModel = z.object({
  architecture: z.literal('text-dcgan'),
  latent: latentSchema,
  /** Width the sentence embedding is compressed to (a dense layer + LeakyReLU) in G and in D; 128 in the paper. */
  compressedDim: int(1, 4096).default(128),
  text: obj({
    /** Captions written per training image. */
    perImage: int(1, 64).default(5),
    /** Share of the phrasing templates kept out of training, to test unseen wording. */
    heldOutShare: z.number().min(0).max(0.8).default(0.2),
    /** GAN-INT: share of G's training conditions that are midpoints of two captions' embeddings. */
    interpolation: z.number().min(0).max(1).default(0.5),
    /**
     * With minibatch stddev in D: each of its groups shares one caption (real images that caption
     * describes; generated images from different noise), so D sees a generator that ignores its noise.
     */
    captionGroups: z.boolean().default(false),
    /**
     * TAC-GAN (Dash et al. 2017): weight of an auxiliary classifier on D's image features, trained
     * on real images' classes, whose cross-entropy on G's samples against the classes their captions
     * name G also minimises; 0 leaves it out (GAN-INT-CLS as published).
     */
    auxiliaryClassifier: z.number().min(0).default(0),
    encoder: obj({
      wordDim: int(1, 1024).default(32),
      units: int(1, 1024).default(64),
      /** Dimension of the sentence embedding. */
      outputDim: int(1, 4096).default(128),
      epochs: int(1, 1000).default(2),
      batchSize: int(2, 4096).default(128),
      learningRate: positive.default(2e-3),
    }),
  }),
  ...convNets,
}).strict();

/** The conditional GAN of Mirza & Osindero (2014), sizes as in their MNIST experiment. */
const cganMaxoutModel = z.object({
  architecture: z.literal('cgan-maxout'),
  latent: latentSchema,
  /**
   * The one-hot label enters D multiplied by this. Adam moves each weight by about the learning
   * rate per step, and a one-hot label reaches each unit through a single weight, so D's label
   * pathway learns this many times faster; at 1 D learns the image-label agreement too late and G
   * keeps drawing the wrong digit for a label. (Scaled in G too, the label outruns the noise and G
   * draws one image per class.)
   */
  labelScale: positive.default(10),
  generator: obj({
    zUnits: int(1, 65536).default(200),
    yUnits: int(1, 65536).default(1000),
    joint: int(1, 65536).default(1200),
    dropout: z.number().min(0).max(0.95).default(0.5),
    /** The `001` document's "more complex generator": batch norm with this momentum, or null for none. */
    batchNormMomentum: z.number().min(0).max(1).nullable().default(null),
  }),
  discriminator: obj({
    xUnits: int(1, 65536).default(240),
    xPieces: int(1, 64).default(5),
    yUnits: int(1, 65536).default(50),
    yPieces: int(1, 64).default(5),
    joint: int(1, 65536).default(240),
    jointPieces: int(1, 64).default(4),
    dropout: z.number().min(0).max(0.95).default(0.5),
    ...collapseRemedies,
  }),
}).strict();

/**
 * A variational autoencoder (Kingma & Welling 2014), conditional if asked (Sohn et al. 2015).
 * Its prior is N(0, I): the latent section takes only the dimension.
 */
/** The fixed std of the VAE's 'gaussian' likelihood, in data units ([-1, 1]). */
export const VAE_GAUSSIAN_STD = 0.1;

const vaeModel = z.object({
  architecture: z.literal('vae'),
  latent: obj({
    dim: int(1, 4096).default(16),
    distribution: z.literal('normal').default('normal'),
    scale: z.literal(1).default(1),
  }),
  /** 'mlp' for any data; 'conv' for images (strided convolutions, mirrored by the decoder). */
  network: z.enum(['mlp', 'conv']).default('mlp'),
  conditional: z.boolean().default(false),
  /** mlp: the encoder's hidden units, first to last; the decoder uses them reversed. */
  hidden: z.array(int(1, 65536)).min(1).default([512, 256]),
  /** conv: channels of the first convolution, doubled at each stride-2 stage. */
  channels: int(1, 4096).default(32),
  kernelSize: int(2, 9).default(4),
  /** P(X|z): 'bernoulli' for near-binary images such as MNIST, 'gaussian' (fixed std) otherwise. */
  likelihood: z.enum(['bernoulli', 'gaussian']).default('bernoulli'),
  gaussianStd: positive.default(VAE_GAUSSIAN_STD),
}).strict();

/** DDPM's sampling settings (Ho et al. 2020; DDIM of Song et al. 2021 for fewer steps). */
const diffusionProcess = {
  schedule: z.enum(['linear', 'cosine']).default('linear'),
  /** T, the length of the forward chain. */
  timesteps: int(2, 10000).default(1000),
  conditional: z.boolean().default(false),
  sampler: obj({
    method: z.enum(['ancestral', 'ddim']).default('ddim'),
    /** DDIM: steps of the sub-sequence (ancestral sampling always takes T). */
    steps: int(1, 10000).default(50),
    /** DDIM: share of DDPM's noise, 0 deterministic. */
    eta: z.number().min(0).max(1).default(0),
  }),
};

/** The chain's settings a config names none of, for code that builds a trainer without a config. */
export const DIFFUSION_PROCESS_DEFAULTS = z.object(diffusionProcess).parse({});

/** A denoiser for vectors (points, tables): an MLP with a sinusoidal time embedding. */
const denoiserMlpModel = z.object({
  architecture: z.literal('denoiser-mlp'),
  hidden: z.array(int(1, 65536)).min(1).default([128, 128, 128]),
  timeEmbeddingDim: int(2, 4096).multipleOf(2).default(128),
  ...diffusionProcess,
}).strict();

/** A small U-Net denoiser for images. */
const denoiserUnetModel = z.object({
  architecture: z.literal('denoiser-unet'),
  /** Channels at each resolution, full size first; each further entry halves the sides. */
  channels: z.array(int(1, 4096)).min(1).default([16, 32]),
  blocks: int(1, 8).default(1),
  timeEmbeddingDim: int(2, 4096).multipleOf(2).default(64),
  ...diffusionProcess,
}).strict();

export const modelSchema = z.discriminatedUnion('architecture', [
  mlpModel, dcganModel, cdcganModel, textDcganModel, cganMaxoutModel, vaeModel, denoiserMlpModel, denoiserUnetModel,
]);

export const FAMILIES = ['gan', 'gmn', 'vae', 'diffusion'] as const;
export type Family = (typeof FAMILIES)[number];

/** The architectures each family trains: a GMN trains the generator of a GAN architecture. */
const FAMILY_ARCHITECTURES: Record<Family, string[]> = {
  gan: ['mlp', 'dcgan', 'cdcgan', 'text-dcgan', 'cgan-maxout'],
  gmn: ['mlp', 'dcgan', 'cdcgan', 'cgan-maxout'],
  vae: ['vae'],
  diffusion: ['denoiser-mlp', 'denoiser-unet'],
};

/** The generative moment matching network's objective (Li et al. 2015; Dziugaite et al. 2015). */
export const gmnSchema = z.object({
  /** 'mmd': sqrt(MMD^2) as Li et al. minimise (its gradient does not fade near the optimum); 'mmd2': MMD^2. */
  loss: z.enum(['mmd', 'mmd2']).default('mmd'),
  estimator: z.enum(['biased', 'unbiased']).default('biased'),
  /** Gaussian kernel widths in data units; null: the median pairwise distance of each real batch times medianFactors. */
  bandwidths: z.array(positive).min(1).nullable().default(null),
  medianFactors: z.array(positive).min(1).default([1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4]),
}).strict();

export const LOSSES = ['minimax', 'non-saturating', 'absolute', 'least-squares', 'wasserstein', 'wgan-gp', 'hinge'] as const;

/**
 * What each GAN objective (src/gan/losses.ts) means for a config: `logits`, D's outputs are logits
 * of a probability; `targets`, its D loss has real and fake targets (so smoothing and flips mean
 * something, and D's output reads on a [0, 1] scale); the weight clip and gradient penalty it takes
 * where the config names none.
 */
export const LOSS_PROPERTIES: Record<(typeof LOSSES)[number], { logits: boolean; targets: boolean; clip: number | null; gradientPenalty: number }> = {
  minimax: { logits: true, targets: true, clip: null, gradientPenalty: 0 },
  'non-saturating': { logits: true, targets: true, clip: null, gradientPenalty: 0 },
  absolute: { logits: true, targets: true, clip: null, gradientPenalty: 0 },
  'least-squares': { logits: false, targets: true, clip: null, gradientPenalty: 0 },
  // WGAN's clip (Arjovsky et al. 2017) and WGAN-GP's lambda (Gulrajani et al. 2017).
  wasserstein: { logits: false, targets: false, clip: 0.01, gradientPenalty: 0 },
  'wgan-gp': { logits: false, targets: false, clip: null, gradientPenalty: 10 },
  hinge: { logits: false, targets: false, clip: null, gradientPenalty: 0 },
};

export const lossSchema = obj({
  type: z.enum(LOSSES).default('non-saturating'),
  /** Weight clipping of D after each step: default 0.01 for 'wasserstein', none otherwise. */
  clip: positive.nullable().optional(),
  /** Gradient penalty weight (Gulrajani et al. 2017): default 10 for 'wgan-gp', 0 otherwise. */
  gradientPenalty: z.number().min(0).optional(),
  /** R1 penalty gamma (Mescheder et al. 2018) on real data; 0 is off. */
  r1: z.number().min(0).default(0),
});

const betas = z.tuple([z.number().min(0).lt(1), z.number().min(0).lt(1)]);

/**
 * Each family's optimiser settings where the config names none, the one place they are defaulted:
 * DCGAN's Adam for GANs (Radford et al. 2016: 2e-4, beta1 0.5); Adam's own betas at 1e-3 for the
 * VAE and the denoiser (Kingma & Ba 2015), which train one network on a fixed objective; beta1
 * 0.5 at 1e-3 for the GMN, whose MMD gradient moves with each batch as a GAN's does.
 */
export const FAMILY_TRAINING = {
  gan: { lr: 2e-4, betas: [0.5, 0.999] },
  gmn: { lr: 1e-3, betas: [0.5, 0.999] },
  vae: { lr: 1e-3, betas: [0.9, 0.999] },
  diffusion: { lr: 1e-3, betas: [0.9, 0.999] },
} as const satisfies Record<(typeof FAMILIES)[number], { lr: number; betas: readonly [number, number] }>;

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;


export const trainSchema = obj({
  steps: int(1).default(5000),
  batchSize: int(1, 65536).default(64),
  /** k discriminator steps per generator step (Goodfellow et al. 2014, Algorithm 1). */
  dSteps: int(1, 100).default(1),
  optimizer: z.enum(OPTIMIZERS).default('adam'),
  /** Momentum of 'sgd' and 'rmsprop' (Mirza & Osindero used SGD with 0.5); Adam has its betas instead. */
  momentum: z.number().min(0).lt(1).default(0),
  /**
   * G's learning rate and Adam betas; the one network's for the other families (the VAE's encoder
   * and decoder together). Unset, they take the family's FAMILY_TRAINING defaults.
   */
  gLr: positive.optional(),
  gBetas: betas.optional(),
  /** A GAN's discriminator only (refused for the other families); unset, the family's defaults. */
  dLr: positive.optional(),
  dBetas: betas.optional(),
  /**
   * Both networks' learning rates decay to 0 over the steps after `start` (a share of train.steps),
   * linearly (as CycleGAN's schedule) or along a half cosine; 'none' keeps them constant.
   */
  lrDecay: obj({ type: z.enum(['none', 'linear', 'cosine']).default('none'), start: z.number().min(0).lt(1).default(0.5) }),
  /**
   * Arithmetic of the native backend's convolutions and matrix products (src/engine/precision.ts):
   * 'bf16' with fp32 accumulation and master weights, 'auto' bf16 where the processor has native
   * bf16 instructions. fp32 by default: a seed then gives the same run on every processor, and the
   * presets' quality figures were measured in it.
   */
  precision: z.enum(PRECISIONS).default('fp32'),
});

export const remediesSchema = obj({
  /** Targets of D's real and fake labels: one-sided smoothing is real 0.9; two-sided adds fake 0.1. */
  labelSmoothing: obj({ real: probability.default(1), fake: probability.default(0) }),
  /** Probability that each of D's real/fake targets is flipped (noisy labels). */
  labelFlip: z.number().min(0).max(0.5).default(0),
  /** Gaussian noise added to every input of D (Sønderby et al. 2016), its std decaying linearly to 0 over annealSteps (0: constant). */
  instanceNoise: obj({ std: z.number().min(0).default(0), annealSteps: int(0).default(0) }),
  /** DiffAugment policy (Zhao et al. 2020), applied to real and fake images in both steps. */
  diffAugment: z.array(z.enum(['color', 'translation', 'cutout'])).default([]),
  /**
   * Matching-aware D for conditional models (Reed et al. 2016, GAN-CLS): real images with a wrong
   * label also count as fake, with this share of the fake term (0.5 in the paper; 0 is off), so D
   * must check that image and label agree instead of judging the image alone.
   */
  mismatchedLabels: z.number().min(0).lt(1).default(0),
  /** Exponential moving average of G's weights, used for samples and export; null is off. */
  ema: z.object({ decay: z.number().min(0).lt(1).default(0.999), start: int(0).default(0) }).strict().nullable().default(null),
});

export const outputSchema = obj({
  /** Metrics are logged every logEvery steps, a sample grid every sampleEvery, a checkpoint every checkpointEvery. */
  logEvery: int(1).default(10),
  sampleEvery: int(1).default(250),
  checkpointEvery: int(1).default(1000),
  /** Sample-quality metrics (FID, Inception score, class balance, ...) at each checkpoint, for data ganforge has a classifier for. */
  evaluate: z.boolean().default(true),
  /** Samples per grid (from fixed noise, so frames of progress.gif compare). */
  gridCount: int(1, 1024).default(64),
});

export const runConfigSchema = z.object({
  name: z.string().regex(/^[\w.-]+$/, 'use letters, digits, ".", "_" and "-"').default('run'),
  /** What is trained: a GAN, a generative moment matching network, a VAE or a diffusion model. */
  family: z.enum(FAMILIES).default('gan'),
  seed: int(0, 2 ** 32 - 1).default(0),
  data: dataSpecSchema,
  model: modelSchema,
  loss: lossSchema,
  train: trainSchema,
  remedies: remediesSchema,
  output: outputSchema,
  /** GMN only: its MMD objective. */
  gmn: gmnSchema.optional(),
}).strict().superRefine((c, ctx) => {
  if (!FAMILY_ARCHITECTURES[c.family].includes(c.model.architecture)) {
    ctx.addIssue({ code: 'custom', path: ['model', 'architecture'], message: `family "${c.family}" trains ${FAMILY_ARCHITECTURES[c.family].map((a) => `"${a}"`).join(', ')}, not "${c.model.architecture}"` });
    return;
  }
  if (c.gmn && c.family !== 'gmn') {
    ctx.addIssue({ code: 'custom', path: ['gmn'], message: `the gmn section applies to family "gmn" only, not "${c.family}"` });
  }
  if (c.family !== 'gan') {
    // The adversarial settings would silently do nothing: refuse them instead.
    const { ema, ...adversarial } = c.remedies;
    const defaults = remediesSchema.parse({}) as Record<string, unknown>;
    const changed = Object.entries(adversarial).find(([k, v]) => JSON.stringify(v) !== JSON.stringify(defaults[k]));
    if (changed) ctx.addIssue({ code: 'custom', path: ['remedies', changed[0]], message: `it is a GAN remedy and family "${c.family}" has no discriminator; remove it` });
    if (JSON.stringify(c.loss) !== JSON.stringify(lossSchema.parse({}))) {
      ctx.addIssue({ code: 'custom', path: ['loss'], message: `family "${c.family}" has its own objective; remove the loss section` });
    }
    if (c.train.lrDecay.type !== 'none') ctx.addIssue({ code: 'custom', path: ['train', 'lrDecay'], message: `the learning-rate decay applies to GAN runs; family "${c.family}" keeps its rate constant, remove lrDecay` });
    if (c.train.dSteps !== 1) ctx.addIssue({ code: 'custom', path: ['train', 'dSteps'], message: `family "${c.family}" has no discriminator to step` });
    for (const key of ['dLr', 'dBetas'] as const) {
      if (c.train[key] !== undefined) ctx.addIssue({ code: 'custom', path: ['train', key], message: `it is the discriminator's and family "${c.family}" has none; set gLr and gBetas for its network, remove ${key}` });
    }
    if (c.family === 'vae' && c.remedies.ema) ctx.addIssue({ code: 'custom', path: ['remedies', 'ema'], message: 'the VAE does not average its weights; remove ema' });
  }
  const { real, fake } = c.remedies.labelSmoothing;
  if (!LOSS_PROPERTIES[c.loss.type].targets && (real !== 1 || fake !== 0 || c.remedies.labelFlip > 0)) {
    ctx.addIssue({ code: 'custom', path: ['remedies', 'labelSmoothing'], message: `label smoothing and flips need a loss with targets; "${c.loss.type}" has none` });
  }
  if ('sampler' in c.model && c.model.sampler.method === 'ddim' && c.model.sampler.steps > c.model.timesteps) {
    ctx.addIssue({ code: 'custom', path: ['model', 'sampler', 'steps'], message: `DDIM takes at most the ${c.model.timesteps} timesteps of the chain, not ${c.model.sampler.steps}; lower sampler.steps or raise timesteps` });
  }
  const pack = 'discriminator' in c.model && 'pack' in c.model.discriminator ? c.model.discriminator.pack : 1;
  if (pack > 1 && c.family !== 'gan') {
    ctx.addIssue({ code: 'custom', path: ['model', 'discriminator', 'pack'], message: `packing is a GAN remedy and family "${c.family}" has no discriminator; remove it` });
  } else if (pack > 1 && isConditional(c.model)) {
    ctx.addIssue({ code: 'custom', path: ['model', 'discriminator', 'pack'], message: 'packed samples would need one condition each; use packing with an unconditional model' });
  } else if (c.train.batchSize % pack !== 0) {
    ctx.addIssue({ code: 'custom', path: ['train', 'batchSize'], message: `D packs ${pack} samples at a time; use a batch size divisible by ${pack}, not ${c.train.batchSize}` });
  }
  if ('code' in c.model && c.model.code) {
    if (c.family !== 'gan') ctx.addIssue({ code: 'custom', path: ['model', 'code'], message: `the code is recovered by a head on D and family "${c.family}" has no discriminator; remove it` });
    else if (isConditional(c.model)) ctx.addIssue({ code: 'custom', path: ['model', 'code'], message: 'a conditional model already has its labels; use the code with an unconditional model' });
    else if (pack > 1) ctx.addIssue({ code: 'custom', path: ['model', 'code'], message: 'Q recovers each sample\'s code, which a packing D cannot see alone; use the code or packing, not both' });
  }
  if (c.remedies.mismatchedLabels > 0 && !isConditional(c.model)) {
    ctx.addIssue({ code: 'custom', path: ['remedies', 'mismatchedLabels'], message: `mismatched labels need a conditional model; "${c.model.architecture}" has no labels` });
  }
  if (c.model.architecture === 'text-dcgan' && c.data.source !== 'mnist' && c.data.source !== 'fashion-mnist') {
    ctx.addIssue({ code: 'custom', path: ['data', 'source'], message: 'captions are written for MNIST and Fashion-MNIST images only; use source "mnist" or "fashion-mnist" with text-dcgan' });
  }
  if (c.model.architecture === 'text-dcgan' && c.model.text.captionGroups) {
    if (!c.model.discriminator.minibatchStddev) {
      ctx.addIssue({ code: 'custom', path: ['model', 'text', 'captionGroups'], message: 'caption groups are the groups of D\'s minibatch stddev; set model.discriminator.minibatchStddev to true' });
    } else if (c.train.batchSize % MINIBATCH_STDDEV_GROUP !== 0) {
      ctx.addIssue({ code: 'custom', path: ['train', 'batchSize'], message: `caption groups split the batch into groups of ${MINIBATCH_STDDEV_GROUP}; use a batch size divisible by ${MINIBATCH_STDDEV_GROUP}, not ${c.train.batchSize}` });
    }
  }
  if (c.train.momentum > 0 && c.train.optimizer === 'adam') {
    ctx.addIssue({ code: 'custom', path: ['train', 'momentum'], message: 'momentum applies to "sgd" and "rmsprop"; Adam takes gBetas and dBetas instead' });
  }
  if (real <= fake) ctx.addIssue({ code: 'custom', path: ['remedies', 'labelSmoothing'], message: 'the real target must be above the fake one' });
}).transform(({ train, ...c }) => {
  const d = FAMILY_TRAINING[c.family];
  const discriminator = c.family === 'gan' ? { dLr: train.dLr ?? d.lr, dBetas: train.dBetas ?? [...d.betas] as [number, number] } : {};
  return { ...c, train: { ...train, gLr: train.gLr ?? d.lr, gBetas: train.gBetas ?? [...d.betas] as [number, number], ...discriminator } };
});

export type RunConfig = z.infer<typeof runConfigSchema>;
export type ModelConfig = RunConfig['model'];
export type LossConfig = RunConfig['loss'];
export type LossType = (typeof LOSSES)[number];

/** D's learning rate and betas, which validation fills in for every GAN config. */
export function discriminatorTraining(t: RunConfig['train']): { lr: number; betas: [number, number] } {
  if (t.dLr === undefined || t.dBetas === undefined) throw new Error('train.dLr or train.dBetas is unset: pass the config through validateConfig, which fills them in for GAN runs.');
  return { lr: t.dLr, betas: t.dBetas };
}

export interface LossWeights { clip: number | null; gradientPenalty: number; r1: number }

/** Clip and penalty weights with the defaults each loss implies. */
export function lossWeights(loss: LossConfig): LossWeights {
  const implied = LOSS_PROPERTIES[loss.type];
  return { clip: loss.clip !== undefined ? loss.clip : implied.clip, gradientPenalty: loss.gradientPenalty ?? implied.gradientPenalty, r1: loss.r1 };
}

export const isConditional = (m: ModelConfig) =>
  m.architecture === 'cdcgan' || m.architecture === 'cgan-maxout' || m.architecture === 'text-dcgan' || ('conditional' in m && m.conditional);

/** Models that map a latent z from a prior to a sample (all but the diffusion denoisers). */
export type LatentModelConfig = Extract<ModelConfig, { latent: unknown }>;

export const hasLatent = (m: ModelConfig): m is LatentModelConfig => 'latent' in m;

/** GAN architectures (the ones a GAN or a GMN trains). */
export type GanModelConfig = Extract<ModelConfig, { architecture: 'mlp' | 'dcgan' | 'cdcgan' | 'text-dcgan' | 'cgan-maxout' }>;
