// A numeric CSV table (first row = column names) as a Dataset of [columns] samples. Each feature
// column is mapped linearly from its [min, max] to [-1, 1] (a constant column to 0), and the
// ranges are kept in `valueRange` so generated rows can be mapped back with fromUnitRange (dataset.ts).
// An optional label column's distinct values become the classes (sorted numerically when they
// are all numbers, else as strings).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Dataset } from './dataset.ts';

export interface CsvOptions {
  /** Column holding each row's class. */
  labelColumn?: string;
  /** Feature columns to keep, in this order; default: every column but the label column. */
  columns?: string[];
}

export function loadCsv(path: string, options: CsvOptions = {}): Dataset {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // `info: true` turns each record into {record, info}; the typings only know plain records.
    rows = parse(readFileSync(path), { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (err) {
    throw new Error(`CSV file "${path}" cannot be read (${err instanceof Error ? err.message : err}); fix the file or the path.`);
  }
  if (rows.length < 2) throw new Error(`CSV file "${path}" has no data rows under its header; add some rows.`);
  const header = rows[0].record;
  const data = rows.slice(1);
  const columnIndex = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`CSV file "${path}" has no column "${name}"; its columns are ${header.map((h) => `"${h}"`).join(', ')}.`);
    return i;
  };
  const labelIndex = options.labelColumn === undefined ? -1 : columnIndex(options.labelColumn);
  const features = options.columns ? options.columns.map(columnIndex) : header.map((_, i) => i).filter((i) => i !== labelIndex);
  if (features.length === 0) throw new Error(`CSV file "${path}" has no feature columns besides the label column; add some.`);

  const n = data.length, d = features.length;
  const x = new Float32Array(n * d);
  const raw = new Float64Array(n * d);
  const min = new Float64Array(d).fill(Infinity), max = new Float64Array(d).fill(-Infinity);
  data.forEach(({ record, info }, r) => {
    features.forEach((col, j) => {
      const cell = record[col];
      const v = Number(cell);
      if (cell === '' || !Number.isFinite(v)) {
        throw new Error(`CSV file "${path}", row ${r + 1} (line ${info.lines}), column "${header[col]}" holds "${cell}", which is not a number; fix the cell or leave the column out.`);
      }
      raw[r * d + j] = v;
      min[j] = Math.min(min[j], v);
      max[j] = Math.max(max[j], v);
    });
  });
  for (let i = 0; i < n * d; i++) {
    const j = i % d, span = max[j] - min[j];
    x[i] = span === 0 ? 0 : (2 * (raw[i] - min[j])) / span - 1;
  }
  const dataset: Dataset = {
    name: `csv:${path}`, x, shape: [d], count: n,
    valueRange: { min: Float32Array.from(min), max: Float32Array.from(max) },
  };

  if (labelIndex >= 0) {
    const values = data.map(({ record, info }, r) => {
      if (record[labelIndex] === '') throw new Error(`CSV file "${path}", row ${r + 1} (line ${info.lines}) has no value in label column "${options.labelColumn}"; fill it in or drop the row.`);
      return record[labelIndex];
    });
    const names = [...new Set(values)];
    const numeric = names.every((v) => Number.isFinite(Number(v)));
    names.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
    const index = new Map(names.map((v, i) => [v, i]));
    dataset.labels = Int32Array.from(values, (v) => index.get(v)!);
    dataset.labelNames = names;
  }
  return dataset;
}
