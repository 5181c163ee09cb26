// From a preset name or a config file (plus command-line overrides) to a validated RunConfig.
// Errors name the file and the field, and say what to change.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type * as z from 'zod';
import { packageRoot } from '../util/package_root.ts';
import { runConfigSchema, type RunConfig } from './schema.ts';

export const presetsDir = () => join(packageRoot(), 'presets');

export function presetNames(): string[] {
  return readdirSync(presetsDir()).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort();
}

/** Reads a preset (by name) or a JSON config file (by path) without validating it. */
export function readConfigSource(presetOrPath: string): { raw: unknown; source: string } {
  const isPath = presetOrPath.endsWith('.json') || presetOrPath.includes('/');
  const file = isPath ? presetOrPath : join(presetsDir(), `${presetOrPath}.json`);
  if (!existsSync(file)) {
    throw new Error(isPath
      ? `config file ${presetOrPath} does not exist; check the path.`
      : `"${presetOrPath}" is neither a preset nor a .json file; presets are: ${presetNames().join(', ')}.`);
  }
  try {
    return { raw: JSON.parse(readFileSync(file, 'utf8')), source: file };
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); fix the file.`);
  }
}

export interface Overrides { steps?: number; seed?: number; name?: string; precision?: string }

/** Validates a raw config (after overrides), turning the first zod issue into one sentence. */
export function validateConfig(raw: unknown, source: string, overrides: Overrides = {}): RunConfig {
  // GANFORGE_PRECISION sets train.precision of every run (as --precision does), e.g. to run a test suite in bf16.
  const precision = overrides.precision ?? process.env.GANFORGE_PRECISION;
  const withOverrides = applyOverrides(raw, { ...overrides, precision });
  const parsed = runConfigSchema.safeParse(withOverrides);
  if (parsed.success) return parsed.data;
  throw new Error(`${source}: ${describeIssue(parsed.error.issues[0])}`);
}

/**
 * Validates a run's own config.json. Versions before the per-family optimiser defaults wrote
 * train.dLr and train.dBetas into every run's config; VAE, GMN and diffusion runs never used
 * them, and they are dropped so that those runs still resume.
 */
export function validateWrittenConfig(raw: unknown, source: string, overrides: Overrides = {}): RunConfig {
  const c = raw as { family?: unknown; train?: Record<string, unknown> } | null;
  if (c && typeof c === 'object' && c.family !== undefined && c.family !== 'gan' && c.train && typeof c.train === 'object') {
    const { dLr, dBetas, ...train } = c.train;
    return validateConfig({ ...c, train }, source, overrides);
  }
  return validateConfig(raw, source, overrides);
}

export function loadConfig(presetOrPath: string, overrides: Overrides = {}): RunConfig {
  const { raw, source } = readConfigSource(presetOrPath);
  return validateConfig(raw, source, overrides);
}

function applyOverrides(raw: unknown, o: Overrides): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const c = structuredClone(raw) as Record<string, any>;
  if (o.seed !== undefined) c.seed = o.seed;
  if (o.name !== undefined) c.name = o.name;
  if (o.steps !== undefined) c.train = { ...(c.train ?? {}), steps: o.steps };
  if (o.precision !== undefined) c.train = { ...(c.train ?? {}), precision: o.precision };
  return c;
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} in ${field}; remove it or check its spelling.`;
  }
  return `field ${field} is invalid: ${issue.message}; change it in the config.`;
}
