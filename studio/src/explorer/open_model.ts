// Opening an exported model in the browser: its manifest checked, its network (a generator or a
// diffusion model's denoiser) loaded and checked against the manifest, and for a text-to-image
// model its sentence encoder. Every way this can fail ends in one sentence for the page.
import * as tf from '@tensorflow/tfjs';
// The denoisers' own layers, registered for loading.
import '../../../src/diffusion/coordinate_embedding.ts';
import '../../../src/diffusion/timestep_embedding.ts';
import '../../../src/nn/categorical_code.ts';
import { modelPathProblem } from '../../../src/io/model_paths.ts';
import { Vocabulary } from '../../../src/text/tokenizer.ts';
import { isImageShape, type GeneratorManifest } from '../../../src/io/manifest.ts';
import type { ModelFiles } from './model_files.ts';
import type { SentenceEncoder } from './text_condition.ts';


/** A generator on a noise prior (GAN, GMN, VAE decoder). */
export interface LatentModel {
  kind: 'latent';
  manifest: GeneratorManifest & { latent: NonNullable<GeneratorManifest['latent']> };
  model: tf.LayersModel;
  /** Text-to-image models only. */
  encoder?: SentenceEncoder;
  label: string;
}

/** A diffusion model: its denoiser, sampled as the manifest's diffusion section says. */
export interface DenoiserModel {
  kind: 'diffusion';
  manifest: GeneratorManifest & { diffusion: NonNullable<GeneratorManifest['diffusion']> };
  model: tf.LayersModel;
  label: string;
}

export type OpenModel = LatentModel | DenoiserModel;

function parseManifest(text: string, label: string): GeneratorManifest {
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) {
    throw new Error(`The manifest.json of ${label} is not valid JSON (${(e as Error).message}); export the model again.`);
  }
  const m = json as Partial<GeneratorManifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== 'ganforge-generator') {
    throw new Error(`The manifest.json of ${label} is not a ganforge generator manifest (it lacks "format": "ganforge-generator"); open a model that ganforge train exported.`);
  }
  if (!Array.isArray(m.sampleShape) || !Array.isArray(m.inputs)) throw new Error(`The manifest.json of ${label} lacks sampleShape or inputs; export the model again.`);
  return m as GeneratorManifest;
}

/**
 * The layers model in `folder` (model.json and the weight files it names), read through `files`
 * and loaded from memory: tfjs's own file and URL loaders would not report a damaged model.json.
 */
async function loadNetwork(files: ModelFiles, folder: string, what: string): Promise<tf.LayersModel> {
  try {
    let json: tf.io.ModelJSON;
    try { json = JSON.parse(await files.text(`${folder}model.json`)); } catch (e) {
      throw e instanceof SyntaxError ? new Error(`${folder}model.json is not valid JSON`) : e;
    }
    if (typeof json?.modelTopology !== 'object' || json.modelTopology === null || !Array.isArray(json.weightsManifest)) {
      throw new Error(`${folder}model.json is not a TensorFlow.js layers model: it lacks modelTopology or weightsManifest`);
    }
    const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
      const paths = manifest.flatMap((group) => group.paths);
      const problem = paths.map((p) => modelPathProblem(p, 'a weights path of model.json')).find((e) => e !== null);
      // A model may name only files of its own folder: nothing else is fetched or read.
      if (problem) throw new Error(problem);
      const buffers = await Promise.all(paths.map((p) => files.bytes(folder + p)));
      return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)];
    });
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    throw new Error(`The ${what} of ${files.label} could not be loaded (${(e as Error).message.replace(/\.$/, '')}); open the files ganforge exported, unchanged.`);
  }
}

/** Width of a model input, or undefined when it is not a flat [batch, width] input. */
const inputWidth = (model: tf.LayersModel, i: number) => (model.inputs[i]?.shape.length === 2 ? model.inputs[i].shape[1] ?? undefined : undefined);

export async function openModel(files: ModelFiles): Promise<OpenModel> {
  const manifest = parseManifest(await files.text('manifest.json'), files.label);
  const shape = manifest.sampleShape;
  if (!isImageShape(shape) && shape.length !== 1) {
    throw new Error(`The manifest.json of ${files.label} describes samples of shape [${shape.join(', ')}], neither images [height, width, 1 or 3] nor vectors [columns]; export the model again.`);
  }
  if (manifest.family === 'diffusion') return openDenoiser(files, manifest);
  if (!manifest.latent) throw new Error(`The manifest.json of ${files.label} names no noise prior (latent); export the model again.`);
  const model = await loadNetwork(files, '', 'generator');
  const condition = manifest.text ? 'text' : manifest.conditional ? 'y' : undefined;
  const expected = condition ? [manifest.latent.dim, condition === 'y' ? manifest.numClasses : undefined] : [manifest.latent.dim];
  checkInputs(model, expected, manifest, files.label);
  const open: LatentModel = { kind: 'latent', manifest: manifest as LatentModel['manifest'], model, label: files.label };
  if (manifest.text) {
    try {
      open.encoder = await openEncoder(files, manifest.text.encoder, inputWidth(model, 1));
    } catch (e) {
      model.dispose();
      throw e;
    }
  }
  return open;
}

/** Disposes of `model` and says so when its inputs' widths are not `expected` (undefined: any width). */
function checkInputs(model: tf.LayersModel, expected: (number | undefined)[], manifest: GeneratorManifest, label: string): void {
  const actual = model.inputs.map((_, i) => inputWidth(model, i));
  if (actual.length !== expected.length || expected.some((w, i) => w !== undefined && w !== actual[i])) {
    model.dispose();
    throw new Error(`The model.json of ${label} takes inputs of widths [${actual.join(', ')}] but its manifest.json describes [${manifest.inputs.join(', ')}] of widths [${expected.map((w) => w ?? '?').join(', ')}]: the files come from different exports; export the model again.`);
  }
}

/** A denoiser takes x_t of the samples' shape, the step t [1] and, if conditional, one-hot classes. */
async function openDenoiser(files: ModelFiles, manifest: GeneratorManifest): Promise<DenoiserModel> {
  if (!manifest.diffusion) throw new Error(`The manifest.json of ${files.label} is a diffusion model's but has no diffusion section (schedule and sampler); export the model again.`);
  const model = await loadNetwork(files, '', 'denoiser');
  const xt = model.inputs[0]?.shape.slice(1);
  if (xt?.join() !== manifest.sampleShape.join()) {
    model.dispose();
    throw new Error(`The denoiser of ${files.label} takes samples of shape [${xt?.join(', ')}] but its manifest.json describes [${manifest.sampleShape.join(', ')}]: the files come from different exports; export the model again.`);
  }
  checkInputs(model, [undefined, 1, ...(manifest.conditional ? [manifest.numClasses] : [])], manifest, files.label);
  return { kind: 'diffusion', manifest: manifest as DenoiserModel['manifest'], model, label: files.label };
}

async function openEncoder(files: ModelFiles, folder: string, width: number | undefined): Promise<SentenceEncoder> {
  const problem = modelPathProblem(folder, 'the sentence encoder folder of manifest.json');
  if (problem) throw new Error(`In ${files.label}, ${problem}: a model may only name files inside its own folder, so it is not opened; export the model again.`);
  const vocabularyPath = `${folder}/vocabulary.json`;
  let json: unknown;
  try { json = JSON.parse(await files.text(vocabularyPath)); } catch (e) {
    throw new Error(e instanceof SyntaxError ? `The ${vocabularyPath} of ${files.label} is not valid JSON; export the model again.` : (e as Error).message);
  }
  const vocabulary = Vocabulary.fromJSON(json, vocabularyPath);
  const model = await loadNetwork(files, `${folder}/`, 'sentence encoder');
  if (model.inputs[0].shape[1] !== vocabulary.maxLength || (width !== undefined && model.outputs[0].shape[1] !== width)) {
    model.dispose();
    throw new Error(`The sentence encoder in ${folder}/ of ${files.label} does not fit its vocabulary or the generator; export the model again.`);
  }
  return { model, vocabulary };
}
