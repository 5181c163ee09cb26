// A trained model as ganforge exports one (the playground's generator, the lab's four models) (src/run/outputs.ts, manifest in src/io/manifest.ts): model.json and weights.bin
// in TensorFlow.js's format, and manifest.json, so that the explorer and `ganforge sample` open
// it like a run's model/ folder. Written here because the bundle leaves out tfjs's own
// 'downloads://' handler (it registers itself as a side effect the bundler drops).
import * as tf from '@tensorflow/tfjs';
import { layersModelFiles, MODEL_JSON, WEIGHTS_BIN } from '../../../src/io/model_json.ts';
import type { GeneratorManifest } from '../../../src/io/manifest.ts';
import type { Session } from './session.ts';
import { latentOf, type DataName } from './setup.ts';
import type { Target } from './target.ts';

/** What a model's own manifest says about it; exportManifest adds the data's fields. */
export type ModelFields = Pick<GeneratorManifest, 'family' | 'architecture' | 'inputs' | 'step' | 'latent' | 'diffusion'>;

/** The manifest a `ganforge train` run of this data writes beside the model it exports. */
export function exportManifest(target: Target, data: DataName, seed: number, model: ModelFields): GeneratorManifest {
  const toy = target.toy;
  // As a toy run reports its data: its classes (the modes, which an unconditional model does not
  // take) and the box that [-1, 1] stands for. Drawn points are already in box units.
  const labelNames = toy?.labelNames ?? [];
  return {
    format: 'ganforge-generator',
    version: 1,
    family: model.family,
    architecture: model.architecture,
    sampleShape: [target.dim],
    ...(model.latent ? { latent: model.latent } : {}),
    ...(model.diffusion ? { diffusion: model.diffusion } : {}),
    inputs: model.inputs,
    conditional: false,
    numClasses: labelNames.length,
    labelNames,
    data: toy ? `toy:${data}` : 'playground:drawn',
    ...(toy ? { valueRange: { min: toy.box.min, max: toy.box.max } } : {}),
    step: model.step,
    seed,
    ema: false,
  };
}

/** The manifest of the playground's generator. */
export function manifestFor(session: Session): GeneratorManifest {
  const { setup } = session;
  return exportManifest(session.target, setup.data, setup.seed, { family: 'gan', architecture: 'mlp', latent: latentOf(setup), inputs: ['z'], step: session.step });
}

export const downloadGenerator = (session: Session) => downloadModel(session.nets.generator, manifestFor(session));

/** Saves model.json, weights.bin and manifest.json through the browser's downloads. */
export async function downloadModel(model: tf.LayersModel, manifest: GeneratorManifest): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const { json, weights } = layersModelFiles(artifacts);
    save(new Blob([weights], { type: 'application/octet-stream' }), WEIGHTS_BIN);
    save(new Blob([JSON.stringify(json)], { type: 'application/json' }), MODEL_JSON);
    save(new Blob([JSON.stringify(manifest, null, 2) + '\n'], { type: 'application/json' }), 'manifest.json');
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
}

function save(blob: Blob, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  // The click has handed the blob to the browser's download; the URL is not needed after it.
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
