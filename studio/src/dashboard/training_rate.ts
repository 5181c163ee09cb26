// How fast a live run trains, from its own log: steps per second of training time over its last
// records, and the time its remaining steps take at that rate.

/** Records of about this many seconds of training set the rate: recent enough to follow a slowdown, long enough to be steady. */
const WINDOW_S = 30;

export function trainingRate(records: Record<string, number>[], total?: number): { stepsPerSecond: number; secondsLeft?: number } | undefined {
  const last = records.at(-1);
  if (!last || !Number.isFinite(last.time)) return undefined;
  const timed = records.filter((r) => Number.isFinite(r.time));
  const first = [...timed].reverse().find((r) => r.time <= last.time - WINDOW_S) ?? timed[0];
  if (last.time <= first.time || last.step <= first.step) return undefined;
  const stepsPerSecond = (last.step - first.step) / (last.time - first.time);
  return { stepsPerSecond, ...(total !== undefined && { secondsLeft: Math.max(0, total - last.step) / stepsPerSecond }) };
}

/** "45 s", "12 min", "3.5 h". */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Number((seconds / 3600).toFixed(1))} h`;
}
