// A metric over training steps as a Vega-Lite line chart, one line per run, that grows in place:
// new records are inserted into the running Vega view instead of drawing the chart again.
import { useEffect, useRef, useState } from 'preact/hooks';
import { changeset, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Series } from './live_run.ts';

export interface Line { run: string; series: Series }

const TABLE = 'table';

function chartSpec(metric: string, width: number, legend: boolean): TopLevelSpec {
  return {
    width, height: 150, title: { text: metric, anchor: 'start', fontSize: 13 },
    data: { name: TABLE },
    mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
      color: { field: 'run', type: 'nominal', legend: legend ? { orient: 'bottom', title: null } : null },
    },
  };
}

/** `version` changes whenever any line's series grew or was reset. */
export function MetricChart({ metric, lines, version }: { metric: string; lines: Line[]; version: number }) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<View | null>(null);
  // Per run: which generation of its series the view holds, and how many of its records it has seen.
  const shown = useRef(new Map<string, { generation: number; seen: number }>());
  const [points, setPoints] = useState(0);
  const legend = lines.length > 1;

  useEffect(() => {
    const width = Math.max(200, container.current!.clientWidth - 60);
    view.current = new View(parse(compile(chartSpec(metric, width, legend)).spec), { renderer: 'svg', container: container.current! });
    shown.current.clear();
    return () => { view.current?.finalize(); view.current = null; };
  }, [metric, legend]);

  useEffect(() => {
    // One changeset for every line: the view keeps only the last change given to a dataset before it runs.
    const changes = changeset();
    const ofRun = (run: string) => (d: { run: string }) => d.run === run;
    let total = 0;
    for (const { run, series } of lines) {
      let state = shown.current.get(run);
      if (!state || state.generation !== series.generation) {
        changes.remove(ofRun(run));
        state = { generation: series.generation, seen: 0 };
        shown.current.set(run, state);
      }
      changes.insert(series.records.slice(state.seen).filter((r) => Number.isFinite(r[metric])).map((r) => ({ run, step: r.step, value: r[metric] })));
      state.seen = series.records.length;
      total += series.records.filter((r) => Number.isFinite(r[metric])).length;
    }
    for (const run of [...shown.current.keys()]) {
      if (!lines.some((l) => l.run === run)) { changes.remove(ofRun(run)); shown.current.delete(run); }
    }
    view.current!.change(TABLE, changes).runAsync().then(() => setPoints(total));
  }, [version, lines, metric, legend]);

  return <div class="chart" ref={container} data-metric={metric} data-points={points} />;
}
