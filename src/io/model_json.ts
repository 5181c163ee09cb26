// The two files of a saved TensorFlow.js layers model as ganforge writes them, model.json (topology
// and weights manifest) naming one weights.bin: built from tfjs's save artifacts alone, so that a
// model saved in the browser has the very files that ganforge's Node export writes.
import * as tf from '@tensorflow/tfjs';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export type Metadata = { [key: string]: {} };

/** model.json's content and the weights.bin bytes it names. */
export function layersModelFiles(artifacts: tf.io.ModelArtifacts, extra: { userDefinedMetadata?: Metadata } = {}): { json: tf.io.ModelJSON; weights: Uint8Array<ArrayBuffer> } {
  if (!artifacts.weightSpecs || artifacts.weightData === undefined) throw new Error('The model gave no weights to save.');
  const weights = new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData));
  const json: tf.io.ModelJSON = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    modelTopology: artifacts.modelTopology as {},
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs }],
    ...(artifacts.trainingConfig && { trainingConfig: artifacts.trainingConfig }),
    ...((extra.userDefinedMetadata ?? artifacts.userDefinedMetadata) && { userDefinedMetadata: extra.userDefinedMetadata ?? artifacts.userDefinedMetadata }),
  };
  return { json, weights };
}
