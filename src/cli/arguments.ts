// Parsers of command-line option values: each refuses a bad value with one sentence naming the option.
import { InvalidArgumentError } from 'commander';

export const integer = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${what} must be a whole number, not "${value}".`);
  return n;
};

export const positiveNumber = (what: string) => (value: string) => {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a positive number, not "${value}".`);
  return n;
};

export const positiveInteger = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a whole number of at least 1, not "${value}".`);
  return n;
};
