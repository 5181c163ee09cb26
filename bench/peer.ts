// What both benchmarks share: where the PyTorch peer lives, and their option parser.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';

export const PYTHON = '/usr/bin/python3'; // Debian's interpreter, the one with torch
export const PEER_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/bench/reference_torch.py');

export const int = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return n;
};
