// TensorFlow.js in the browser: WebGL where the browser draws on a GPU, else the CPU backend.
// `?backend=webgl` or `?backend=cpu` in the address (before the #) picks one, e.g. WebGL where it
// is only emulated in software, to see the shaders' path at work.
import * as tf from '@tensorflow/tfjs';

const BACKENDS = ['webgl', 'cpu'] as const;
type BackendName = (typeof BACKENDS)[number];

let chosen: Promise<string> | undefined;

/** The backend in use after trying the one the address asks for, else WebGL (on a GPU), then the CPU. */
export function startBackend(): Promise<string> {
  chosen ??= (async () => {
    const asked = askedBackend();
    const order: BackendName[] = asked ? [asked, ...BACKENDS.filter((b) => b !== asked)] : softwareWebgl() ? ['cpu'] : ['webgl', 'cpu'];
    for (const name of order) {
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

/** The backend named by `?backend=` in the address; any other value is an error the page shows. */
function askedBackend(): BackendName | undefined {
  const asked = new URLSearchParams(location.search).get('backend');
  if (asked === null || asked === '') return undefined;
  if (!(BACKENDS as readonly string[]).includes(asked)) throw new Error(`?backend=${asked} is not a backend the studio runs on; use ?backend=webgl or ?backend=cpu.`);
  return asked as BackendName;
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
