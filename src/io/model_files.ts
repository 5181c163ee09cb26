// Saves and loads a tfjs LayersModel as the standard TensorFlow.js files, model.json (topology and
// weights manifest) beside weights.bin, so the same folder also loads in a browser with
// tf.loadLayersModel('<url>/model.json'). tfjs-node's file:// handler would do this but is a
// native dependency we do not take; the artifacts pass through in-memory IO handlers instead.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { pathInside } from '../util/safe_path.ts';
import { layersModelFiles, MODEL_JSON, WEIGHTS_BIN, type Metadata } from './model_json.ts';
import { checkModelPath } from './model_paths.ts';
// The custom layers an exported generator may hold, registered before any model is read.
import '../nn/categorical_code.ts';

/** Writes `dir`/model.json and `dir`/weights.bin (weights first, so model.json never names missing weights). */
export async function saveLayersModel(model: tf.LayersModel, dir: string, extra: { userDefinedMetadata?: Metadata } = {}): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const { json, weights } = layersModelFiles(artifacts, extra);
    writeFileAtomic(join(dir, WEIGHTS_BIN), weights);
    writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
  }));
}

/**
 * Loads the model saved in `dir`; its userDefinedMetadata is on model.getUserDefinedMetadata().
 * `remedy` ends the error messages: what the user should do when the files are missing or damaged.
 */
export async function loadLayersModel(dir: string, remedy = 'save the model there again'): Promise<tf.LayersModel> {
  const jsonPath = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = readFileSync(jsonPath, 'utf8');
  } catch {
    throw new Error(`No model at ${jsonPath} (the file cannot be read); ${remedy}.`);
  }
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(text) as tf.io.ModelJSON;
  } catch {
    throw new Error(`${jsonPath} is not valid JSON; ${remedy}.`);
  }
  if (typeof json?.modelTopology !== 'object' || json.modelTopology === null || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${jsonPath} is not a TensorFlow.js layers model (it lacks modelTopology or weightsManifest); ${remedy}.`);
  }
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const specs = tf.io.getWeightSpecs(manifest);
    const files = manifest.flatMap((group) => group.paths).map((p) => insideModel(dir, p, `the weights path in ${jsonPath}`, remedy));
    const buffers = files.map((file) => {
      try {
        const b = readFileSync(file);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      } catch {
        throw new Error(`The weights file ${file} named in ${jsonPath} cannot be read; ${remedy}.`);
      }
    });
    const bytes = buffers.reduce((n, b) => n + b.byteLength, 0);
    const expected = specs.reduce((n, s) => n + weightBytes(s), 0);
    if (bytes !== expected) {
      throw new Error(`The weights in ${files.join(', ')} are ${bytes} bytes but ${jsonPath} lists ${expected}; ${remedy}.`);
    }
    return [specs, tf.io.concatenateArrayBuffers(buffers)];
  });
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

/** `dir`/`path`, refused when `path` leaves `dir` by its name or through a symbolic link. */
export function insideModel(dir: string, path: unknown, what: string, remedy: string): string {
  const full = pathInside(dir, checkModelPath(path, what, dir, remedy));
  if (!full) throw new Error(`${what} "${path as string}" resolves outside ${dir} (a symbolic link): a model may only name files inside its own folder, so it is not loaded; ${remedy}.`);
  return full;
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes one manifest entry occupies in the weights file (quantized weights store their quantized dtype). */
function weightBytes(spec: tf.io.WeightsManifestEntry): number {
  const n = tf.util.sizeFromShape(spec.shape);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  if (!(dtype in BYTES_PER_ELEMENT)) throw new Error(`Weight ${spec.name} has dtype ${dtype}, which ganforge cannot load; save the model again with float32 weights.`);
  return n * BYTES_PER_ELEMENT[dtype];
}
