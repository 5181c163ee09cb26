// The on-disk contract of an exported model: manifest.json beside model.json, read by
// `ganforge sample`, the explorer and any program using the model. No Node imports: the browser
// reads it too.
import type { Family, LatentModelConfig } from '../config/schema.ts';

/** Images are [height, width, 1 or 3]; anything else is a table row. */
export const isImageShape = (shape: number[]) => shape.length === 3 && (shape[2] === 1 || shape[2] === 3);

/** What a program loading the exported model needs to know to use it. */
export interface GeneratorManifest {
  format: 'ganforge-generator';
  version: 1;
  /** 'gan', 'gmn' and 'vae' export a generator (for the VAE its decoder's mean); 'diffusion' its denoiser. */
  family: Family;
  architecture: string;
  /** Shape of one sample; values in [-1, 1] (see valueRange for tables). */
  sampleShape: number[];
  /** The noise prior of latent models (absent for diffusion). */
  latent?: LatentModelConfig['latent'];
  /** How a diffusion model's denoiser is sampled. */
  diffusion?: { schedule: 'linear' | 'cosine'; timesteps: number; sampler: { method: 'ancestral' | 'ddim'; steps: number; eta: number } };
  /**
   * Model inputs in order: "z" [n, latent.dim] (or "x_t" and "t" for a denoiser), then "y"
   * [n, numClasses] one-hot if conditional, or "text" [n, D]: a sentence embedding from text.encoder.
   */
  inputs: string[];
  conditional: boolean;
  numClasses: number;
  labelNames: string[];
  data: string;
  valueRange?: { min: number[]; max: number[] };
  step: number;
  seed: number;
  ema: boolean;
  /** Text-to-image models: the folder (beside model.json) holding the sentence encoder and its vocabulary, and the ids of the caption templates held out of training. */
  text?: { encoder: string; heldOutTemplates: string[] };
}
