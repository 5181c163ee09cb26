// Runs as the pages follow them: its detail, its records and its sample grids, kept up to date by
// the server's event stream while the run trains.
import { useEffect, useState } from 'preact/hooks';
import type { RecordsEvent, RunDetail } from '../../../src/studio/api_types.ts';
import { followRun, getRun } from '../api.ts';
import { messageOf } from '../ui/messages.tsx';

/** Records that only grow, until a reset (a resumed run rewrote its log) starts a new generation. */
export interface Series { records: Record<string, number>[]; generation: number }

export interface LiveRun {
  detail?: RunDetail;
  metrics: Series;
  evaluation: Series;
  samples: number[];
  /** False while the stream is down (the browser retries by itself). */
  connected: boolean;
  error?: string;
  /** Counts updates, so views of the growing series know when to look again. */
  version: number;
}

const emptyRun = (): LiveRun => ({ metrics: { records: [], generation: 0 }, evaluation: { records: [], generation: 0 }, samples: [], connected: false, version: 0 });

function appendTo(series: Series, e: RecordsEvent): Series {
  if (e.reset) return { records: [...e.records], generation: series.generation + 1 };
  series.records.push(...e.records);
  return series;
}

/** Follows every run in `ids`; each entry appears as soon as its first answer arrives. */
export function useLiveRuns(ids: string[]): Record<string, LiveRun> {
  const [runs, setRuns] = useState<Record<string, LiveRun>>({});
  const key = ids.join('\n');
  useEffect(() => {
    setRuns({});
    const update = (id: string, change: (r: LiveRun) => Partial<LiveRun>) =>
      setRuns((all) => { const r = all[id] ?? emptyRun(); return { ...all, [id]: { ...r, ...change(r), version: r.version + 1 } }; });
    const closers: (() => void)[] = [];
    let closed = false;
    for (const id of ids) {
      // The first answer says plainly when the run does not exist; an event stream cannot.
      getRun(id).then((detail) => {
        if (closed) return;
        update(id, () => ({ detail }));
        closers.push(followRun(id, {
          metrics: (e) => update(id, (r) => ({ metrics: appendTo(r.metrics, e) })),
          evaluation: (e) => update(id, (r) => ({ evaluation: appendTo(r.evaluation, e) })),
          samples: (e) => update(id, (r) => ({ samples: e.reset ? e.steps : [...r.samples, ...e.steps] })),
          detail: (d) => update(id, () => ({ detail: d })),
        }, (connected) => update(id, () => ({ connected }))));
      }).catch((e) => !closed && update(id, () => ({ error: messageOf(e) })));
    }
    return () => { closed = true; for (const close of closers) close(); };
  }, [key]);
  return runs;
}

/** The numeric fields of records other than the step and the clock, in order of first appearance. */
export function metricNames(records: Record<string, number>[]): string[] {
  const names = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) if (k !== 'step' && k !== 'time' && typeof r[k] === 'number') names.add(k);
  return [...names];
}
