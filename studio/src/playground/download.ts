// The trained generator as ganforge exports one (src/run/outputs.ts, manifest in src/io/manifest.ts): model.json and weights.bin
// in TensorFlow.js's format, and manifest.json, so that the explorer and `ganforge sample` open
// it like a run's model/ folder. Written here because the bundle leaves out tfjs's own
// 'downloads://' handler (it registers itself as a side effect the bundler drops).
import * as tf from '@tensorflow/tfjs';
import { layersModelFiles, MODEL_JSON, WEIGHTS_BIN } from '../../../src/io/model_json.ts';
import type { GeneratorManifest } from '../../../src/io/manifest.ts';
import type { Session } from './session.ts';
import { latentOf } from './setup.ts';

/** The manifest a `ganforge train` run of this data and noise writes beside its generator. */
export function manifestFor(session: Session): GeneratorManifest {
  const { setup, target } = session;
  const toy = target.toy;
  // As a toy run reports its data: its classes (the modes, which an unconditional G does not
  // take) and the box that [-1, 1] stands for. Drawn points are already in box units.
  const labelNames = toy?.labelNames ?? [];
  return {
    format: 'ganforge-generator',
    version: 1,
    family: 'gan',
    architecture: 'mlp',
    sampleShape: [target.dim],
    latent: latentOf(setup),
    inputs: ['z'],
    conditional: false,
    numClasses: labelNames.length,
    labelNames,
    data: toy ? `toy:${setup.data}` : 'playground:drawn',
    ...(toy ? { valueRange: { min: toy.box.min, max: toy.box.max } } : {}),
    step: session.step,
    seed: setup.seed,
    ema: false,
  };
}

export async function downloadGenerator(session: Session): Promise<void> {
  const manifest = manifestFor(session);
  await session.nets.generator.save(tf.io.withSaveHandler(async (artifacts) => {
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
