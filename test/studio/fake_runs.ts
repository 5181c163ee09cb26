// Run directories written by hand, for the API tests: whole runs, and runs with parts missing or
// damaged, without training anything.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '../../src/viz/index.ts';

const samplePng = () => encodePng({ width: 4, height: 4, channels: 1, pixels: new Uint8Array(16).fill(200) });

export interface FakeRun {
  config?: object | string;
  metrics?: (object | string)[];
  samples?: number[];
  manifest?: object | string;
  modelFiles?: ('model.json' | 'weights.bin')[];
  files?: Record<string, string>;
}

/** Writes the run `id` under `root`; strings are written as they are (to damage a file). */
export async function writeRun(root: string, id: string, run: FakeRun): Promise<string> {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  const text = (v: object | string) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (run.config !== undefined) writeFileSync(join(dir, 'config.json'), text(run.config));
  if (run.metrics) writeFileSync(join(dir, 'metrics.jsonl'), run.metrics.map((r) => text(r) + '\n').join(''));
  if (run.samples) {
    mkdirSync(join(dir, 'samples'), { recursive: true });
    for (const step of run.samples) writeFileSync(join(dir, 'samples', `step-${String(step).padStart(7, '0')}.png`), await samplePng());
  }
  if (run.manifest !== undefined) {
    mkdirSync(join(dir, 'model'), { recursive: true });
    writeFileSync(join(dir, 'model', 'manifest.json'), text(run.manifest));
    for (const f of run.modelFiles ?? []) writeFileSync(join(dir, 'model', f), f === 'model.json' ? '{}' : 'w');
  }
  for (const [path, content] of Object.entries(run.files ?? {})) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export const ganConfig = (name: string, steps: number, data: object = { source: 'mnist', limit: 64 }) => ({
  name, family: 'gan', seed: 0, data, model: { architecture: 'dcgan' }, train: { steps },
});

export const manifest = (extra: object = {}) => ({
  format: 'ganforge-generator', version: 1, family: 'gan', architecture: 'dcgan', sampleShape: [28, 28, 1],
  latent: { dim: 4, distribution: 'normal', scale: 1 }, inputs: ['z'], conditional: false, numClasses: 0, labelNames: [],
  data: 'mnist', step: 4, seed: 0, ema: false, ...extra,
});
