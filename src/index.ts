// ganforge's public API: configure, train, sample and evaluate any family, as the CLI does
// (README, "Use it as a library").
export { useBackend, BACKEND_NAMES, type BackendName } from './engine/backend.ts';
export { registerNativeBackend, NATIVE_BACKEND } from './engine/native_backend.ts';
export { loadConfig, validateConfig, presetNames } from './config/load.ts';
export { FAMILIES, FAMILY_TRAINING, type RunConfig, type ModelConfig, type LossType } from './config/schema.ts';
export { loadDataset, type Dataset, type DataSpec } from './data/index.ts';
export { train, openRun, resumeConfig, type TrainOptions, type TrainResult, type Progress } from './run/loop.ts';
export { createSession } from './run/sessions.ts';
export type { Session } from './train/session.ts';
export { loadGenerator, sampleModel, drawLatent, generate, textCondition, type Generator } from './run/generator_file.ts';
export { evaluateRun, type EvalOptions, type EvalResult } from './run/evaluate_run.ts';
export { compareFamilies, type Comparison } from './run/compare.ts';
export { RunDir } from './io/run_dir.ts';
export type { GeneratorManifest } from './io/manifest.ts';
export { Rng } from './random/prng.ts';
export { GanSession } from './gan/session.ts';
export { VaeSession } from './vae/session.ts';
export { GmnSession } from './gmn/session.ts';
export { DiffusionSession } from './diffusion/session.ts';
