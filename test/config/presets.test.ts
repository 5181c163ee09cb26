// The optimiser settings are defaulted once, per family, in the schema (FAMILY_TRAINING): a preset
// states them only where it differs, so a preset never pins a default the schema owns. (Budgets
// and architectures may restate a default: a preset reproducing a paper names what the paper used.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { presetNames, readConfigSource, validateConfig } from '../../src/config/load.ts';

/** Paths to every leaf of a JSON object (arrays are leaves). */
function leaves(value: unknown, path: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [path];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
}

function without(raw: unknown, path: string[]): unknown {
  const copy = structuredClone(raw) as Record<string, any>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  delete node[path.at(-1)!];
  return copy;
}

const OPTIMISER = new Set(['train.optimizer', 'train.momentum', 'train.gLr', 'train.gBetas', 'train.dLr', 'train.dBetas', 'train.dSteps']);

test('no preset restates a default optimiser setting', () => {
  const restated: string[] = [];
  for (const name of presetNames()) {
    const { raw, source } = readConfigSource(name);
    const config = validateConfig(raw, source);
    for (const path of leaves(raw).filter((p) => OPTIMISER.has(p.join('.')))) {
      let trimmed: unknown;
      try { trimmed = validateConfig(without(raw, path), source); } catch { continue; } // a required value
      if (isDeepStrictEqual(trimmed, config)) restated.push(`${name}: ${path.join('.')}`);
    }
  }
  assert.deepEqual(restated, []);
  assert.ok(presetNames().length > 10);
});
