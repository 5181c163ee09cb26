// The trained generator as TensorFlow.js's two files, NAME.json and NAME.weights.bin, which
// tf.loadLayersModel reads back. Written here because the bundle leaves out tfjs's own
// 'downloads://' handler (it registers itself as a side effect the bundler drops).
import * as tf from '@tensorflow/tfjs';

export async function downloadModel(model: tf.LayersModel, name: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = `${name}.weights.bin`;
    const { modelTopology, format, generatedBy, convertedBy, weightSpecs = [], weightData = new ArrayBuffer(0) } = artifacts;
    const json = { modelTopology, format, generatedBy, convertedBy, weightsManifest: [{ paths: [`./${weights}`], weights: weightSpecs }] };
    save(new Blob([JSON.stringify(json)], { type: 'application/json' }), `${name}.json`);
    save(new Blob(Array.isArray(weightData) ? weightData : [weightData], { type: 'application/octet-stream' }), weights);
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
