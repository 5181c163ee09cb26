// Shared checks for the custom layers: gradients of sum(layer(x) * r) from tfjs against central
// differences of a float64 loop implementation, and a save/load round trip through memory.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { assertClose } from '../helpers.ts';

/** d/dp of f at p for every entry of every array, by central differences in float64. */
export function numericGradients(f: (params: Float64Array[]) => number, params: Float64Array[], eps = 1e-5): Float64Array[] {
  return params.map((p) => p.map((v, i) => {
    p[i] = v + eps;
    const plus = f(params);
    p[i] = v - eps;
    const minus = f(params);
    p[i] = v;
    return (plus - minus) / (2 * eps);
  }));
}

/** The gradients of sum(layer(x) * r) with respect to x and to each trainable weight, in that order. */
export function layerGradients(layer: tf.layers.Layer, x: tf.Tensor, r: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const input = tf.variable(x);
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, r)), [input, ...weights]);
    const all = [grads[input.name], ...weights.map((w) => grads[w.name])].map((g) => g.dataSync() as Float32Array);
    input.dispose();
    return all;
  });
}

/**
 * Checks tfjs's gradients of sum(layer(x) * r) against central differences of `reference`, the
 * layer as a float64 function of [x, ...weights] (the layer's weights must already be built).
 * float32 rounding in tfjs is ~1e-6 relative, differences in float64 far below: 1e-4 suffices.
 */
export function checkGradients(
  layer: tf.layers.Layer, x: tf.Tensor, r: Float32Array,
  reference: (params: Float64Array[]) => Float64Array, what: string,
): void {
  const weights = layer.getWeights().map((w) => Float64Array.from(w.dataSync()));
  const loss = (params: Float64Array[]) => reference(params).reduce((s, v, i) => s + v * r[i], 0);
  const numeric = numericGradients(loss, [Float64Array.from(x.dataSync()), ...weights]);
  const analytic = layerGradients(layer, x, tf.tensor(r, layer.computeOutputShape(x.shape) as number[]));
  assert.equal(analytic.length, numeric.length);
  analytic.forEach((g, k) => assertClose(g, numeric[k], 1e-4, 1e-4, `${what}: gradient ${k === 0 ? 'w.r.t. x' : `w.r.t. weight ${k - 1}`}`));
}

/** Saves `model` into memory and loads it back, as a file round trip would. */
export async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = JSON.parse(JSON.stringify({ ...artifacts, weightData: undefined }));  // the topology as a file holds it
    saved!.weightData = artifacts.weightData;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

/** Round-trips a model and asserts the copy has the same layers, configs, weights and outputs. */
export async function assertRoundTrip(model: tf.LayersModel, input: tf.Tensor): Promise<tf.LayersModel> {
  const loaded = await saveAndLoad(model);
  assert.deepEqual(loaded.layers.map((l) => l.getClassName()), model.layers.map((l) => l.getClassName()));
  loaded.layers.forEach((l, i) => assert.deepEqual(l.getConfig(), model.layers[i].getConfig(), `config of ${l.name}`));
  loaded.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), model.getWeights()[i].dataSync()));
  assertClose((loaded.predict(input) as tf.Tensor).dataSync(), (model.predict(input) as tf.Tensor).dataSync(), 0, 0, 'outputs after loading');
  return loaded;
}
