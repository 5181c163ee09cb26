// Runs tfjs-core's own op and kernel test suite (the ~4,200 jasmine specs shipped in
// @tensorflow/tfjs-core/dist/tests.js) against one backend; see DESIGN.md "Testing a backend".
// Usage: node --import tsx scripts/tfjs-core-suite.ts [backendName=native] [--filter REGEX]
import { build, type Plugin } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

// No spec is excluded: specs that need a browser (io/browser_files, indexed_db, local_storage,
// webgl flags...) are registered by describeWithFlags() only when env().platformName is
// 'browser', and on `cpu` everything else passes in Node. The few upstream `xit` specs are
// reported as skipped.

interface SpecResult {
  fullName: string;
  status: string;
  failedExpectations: { message: string }[];
}
interface JasmineRunner {
  env: { configure(config: object): void };
  exitOnCompletion: boolean;
  clearReporters(): void;
  addReporter(reporter: object): void;
  execute(): Promise<{ overallStatus: string; failedExpectations: { message: string }[] }>;
}

function parseArgs(argv: string[]): { backend: string; filter?: RegExp } {
  let backend = 'native';
  let filter: RegExp | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--filter') filter = new RegExp(argv[++i] ?? '');
    else backend = argv[i];
  }
  return { backend, filter };
}

// Modules that exist only inside the bundle.
function suitePlugin(backend: string): Plugin {
  const setup = `
    import * as tf from '@tensorflow/tfjs-core';
    import '@tensorflow/tfjs-backend-cpu';
    import { registerNativeBackend } from './src/engine/native_backend.ts';
    import { nativeAddonError } from './src/engine/native_addon.ts';
    import { setTestEnvs } from '@tensorflow/tfjs-core/dist/jasmine_util';
    const backend = ${JSON.stringify(backend)};
    if (backend === 'native' && !registerNativeBackend()) {
      throw new Error('The native backend is not available because its addon did not load (' +
        nativeAddonError() + '); build it with \`bash scripts/setup.sh\`.');
    }
    if (tf.findBackendFactory(backend) == null) {
      throw new Error('No TensorFlow.js backend named "' + backend + '" is registered; choose native or cpu.');
    }
    setTestEnvs([{ name: backend, backendName: backend, flags: {}, isDataSync: true }]);
  `;
  return {
    name: 'tfjs-core-suite',
    setup(b) {
      b.onResolve({ filter: /^suite:setup$|^jasmine-core\/lib\/jasmine-core\/jasmine\.js$/ }, (args) => ({
        path: args.path,
        namespace: 'suite',
      }));
      b.onLoad({ filter: /.*/, namespace: 'suite' }, (args) => ({
        // jasmine_util builds a private jasmine-core from a path that jasmine-core 7 no longer
        // exports, only to set DEFAULT_TIMEOUT_INTERVAL on it; hand it the runner's global instead.
        contents: args.path === 'suite:setup' ? setup : 'module.exports = { core: () => globalThis.jasmine };',
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

// One bundle per backend, so that runs for different backends can overlap.
async function bundle(backend: string): Promise<string> {
  const bundlePath = join(root, '.cache', 'tfjs-core-suite', `${backend.replace(/\W/g, '_')}.mjs`);
  mkdirSync(dirname(bundlePath), { recursive: true });
  await build({
    // ES module imports run in order: the setup module (test envs) must precede the tests.
    stdin: {
      contents: `import 'suite:setup';
        import '@tensorflow/tfjs-core/dist/register_all_gradients';
        import '@tensorflow/tfjs-core/dist/tests';`,
      resolveDir: root,
      sourcefile: 'tfjs-core-suite-entry.js',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // tfjs marks its files side-effect free, which would drop every test file.
    ignoreAnnotations: true,
    // `main` of tfjs-backend-cpu is a CJS bundle requiring tfjs-core's CJS build: a second
    // tfjs-core (its own engine and kernel registry). `module` keeps everything on the ESM dist.
    mainFields: ['module', 'main'],
    // tfjs-core's ESM dist still calls require() for Node built-ins and node-fetch.
    banner: { js: "import { createRequire as __suiteRequire } from 'node:module'; const require = __suiteRequire(import.meta.url);" },
    external: ['node-fetch'],
    plugins: [suitePlugin(backend)],
    outfile: bundlePath,
    logLevel: 'error',
  });
  return bundlePath;
}

// A native kernel can kill the process (SIGSEGV, SIGFPE) before jasmine reports anything, so
// the specs run in a child that writes each spec's name to fd 3 before running it; the parent
// names the spec that was running when the child died.
async function main(): Promise<void> {
  const bundlePath = await bundle(parseArgs(process.argv.slice(2)).backend);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, TFJS_CORE_SUITE_BUNDLE: bundlePath },
  });
  let current = '';
  child.stdio[3]!.on('data', (chunk: Buffer) => {
    current = (current + chunk.toString()).split('\n').slice(-2).join('\n');
  });
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])));
  if (signal != null) console.log(`tfjs-core suite: killed by ${signal} in spec: ${current.split('\n')[0]}`);
  process.exitCode = code ?? 1;
}

async function runSpecs(bundlePath: string): Promise<void> {
  const { backend, filter } = parseArgs(process.argv.slice(2));
  const started = Date.now();

  // The runner installs jasmine's globals, which the test files use as they are imported.
  const Jasmine = createRequire(import.meta.url)('jasmine') as new (options: object) => JasmineRunner;
  const runner = new Jasmine({ projectBaseDir: root });
  runner.exitOnCompletion = false;
  // tfjs reuses suite names across files (e.g. two "div" suites), which jasmine 7 rejects
  // unless told otherwise. Its deprecation notice for that setting, printed with a stack trace
  // that reads like a failure, is muted.
  const consoleError = console.error;
  console.error = () => {};
  try {
    runner.env.configure({ forbidDuplicateNames: false });
  } finally {
    console.error = consoleError;
  }
  try {
    await import(pathToFileURL(bundlePath).href);
  } catch (e) {
    console.error(`tfjs-core suite: ${(e as Error).message}`);
    process.exit(1);
  }

  // Specs left out by --filter end as 'excluded' and are not counted.
  const specFilter = (spec: { getFullName(): string }) => !filter || filter.test(spec.getFullName());
  runner.env.configure({ random: false, specFilter });

  let passed = 0;
  let skipped = 0;
  const failures: string[] = [];
  const fail = (name: string, expectations: { message: string }[]) =>
    failures.push(`${name}\n    ${expectations.map((x) => x.message.split('\n')[0].slice(0, 300)).join('\n    ')}`);
  runner.clearReporters();
  runner.addReporter({
    specStarted(r: SpecResult) {
      writeSync(3, r.fullName + '\n');
    },
    specDone(r: SpecResult) {
      if (r.status === 'passed') passed++;
      else if (r.status === 'failed') fail(r.fullName, r.failedExpectations);
      else if (r.status === 'pending' || r.status === 'notApplicable') skipped++;
    },
    // Errors in beforeAll/afterAll belong to a suite rather than to a spec.
    suiteDone(r: SpecResult) {
      if (r.failedExpectations.length > 0) fail(`(suite) ${r.fullName}`, r.failedExpectations);
    },
  });
  const result = await runner.execute();
  if (result.failedExpectations.length > 0) fail('(top level)', result.failedExpectations);

  console.log(`tfjs-core suite on "${backend}" in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const f of failures.slice(0, 50)) console.log(`FAILED ${f}`);
  if (failures.length > 50) console.log(`... and ${failures.length - 50} more`);
  console.log(`${passed} passed, ${failures.length} failed` + (skipped ? `, ${skipped} skipped` : ''));
  process.exitCode = failures.length > 0 || result.overallStatus === 'failed' ? 1 : 0;
}

const childBundle = process.env.TFJS_CORE_SUITE_BUNDLE;
await (childBundle ? runSpecs(childBundle) : main());
