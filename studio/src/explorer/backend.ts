// TensorFlow.js in the browser: WebGL where the browser draws on a GPU, else the CPU backend.
import * as tf from '@tensorflow/tfjs';

let chosen: Promise<string> | undefined;

/** The backend in use after trying WebGL, then the CPU. */
export function startBackend(): Promise<string> {
  chosen ??= (async () => {
    for (const name of softwareWebgl() ? ['cpu'] : ['webgl', 'cpu']) {
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

/**
 * Whether WebGL is emulated on the CPU (SwiftShader, llvmpipe: headless or GPU-less browsers).
 * There tfjs's CPU kernels are several times faster than its shaders run in software.
 */
function softwareWebgl(): boolean {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|software/i.test(renderer);
}
