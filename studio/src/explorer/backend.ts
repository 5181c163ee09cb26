// TensorFlow.js in the browser: WebGL where the browser offers it, else the CPU backend.
import * as tf from '@tensorflow/tfjs';

let chosen: Promise<string> | undefined;

/** The backend in use after trying WebGL, then the CPU. */
export function startBackend(): Promise<string> {
  chosen ??= (async () => {
    for (const name of ['webgl', 'cpu']) {
      try {
        if (await tf.setBackend(name)) return name;
      } catch {
        // No WebGL context (a headless or locked-down browser): the next backend.
      }
    }
    throw new Error('TensorFlow.js could start neither WebGL nor its CPU backend in this browser.');
  })();
  return chosen;
}
