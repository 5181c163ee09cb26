// A metric over training steps as a Vega-Lite chart (chart_spec.ts), one line per run, that grows
// in place: new records are inserted into the running Vega view instead of drawing the chart again.
import { useEffect, useRef, useState } from 'preact/hooks';
import { changeset, parse, View } from 'vega';
import { compile } from 'vega-lite';
import { chartSpec, MARKS, TABLE } from './chart_spec.ts';
import { tooltipIn } from './chart_tooltip.ts';
import type { Series } from './live_run.ts';

export interface Line { run: string; series: Series }
/** A step where something about the training changed (a knob), drawn as a dashed rule. */
export interface StepMark { step: number; label: string }

/**
 * `runs`: every run on the page, in order, which fixes each run's colour; `version` changes
 * whenever any line's series grew or was reset.
 */
export function MetricChart({ metric, lines, runs, version, marks = [], title = metric, renderer = 'svg', xTitle }: {
  metric: string; lines: Line[]; runs: string[]; version: number; marks?: StepMark[]; title?: string;
  /** The x axis's title where the records' `step` holds something else (the lab's seconds). */
  xTitle?: string;
  /** 'canvas' for charts redrawn many times a second (the playground's). */
  renderer?: 'svg' | 'canvas';
}) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<View | null>(null);
  // Per run: which generation of its series the view holds, and how many of its records it has seen.
  const shown = useRef(new Map<string, { generation: number; seen: number }>());
  const shownMarks = useRef(0);
  const [points, setPoints] = useState(0);
  const legend = runs.length > 1;
  const runsKey = runs.join('\n');

  useEffect(() => {
    const width = Math.max(200, container.current!.clientWidth - 60);
    view.current = new View(parse(compile(chartSpec(title, runs, width, legend, xTitle)).spec), { renderer, container: container.current!, tooltip: tooltipIn(container.current!) });
    shown.current.clear();
    shownMarks.current = 0;
    return () => { view.current?.finalize(); view.current = null; container.current?.replaceChildren(); };
  }, [metric, title, runsKey]);

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
    const v = view.current!;
    v.change(TABLE, changes);
    if (marks.length !== shownMarks.current) v.change(MARKS, changeset().remove(() => true).insert(marks.map((m) => ({ ...m }))));
    shownMarks.current = marks.length;
    // Axis labels that appear with the first data need room: resize() lays the view out again.
    v.resize().runAsync().then(() => {
      setPoints(total);
      // The chart's text alternative says where it stands now.
      const now = lines.map(({ run, series }) => {
        const r = series.records.filter((x) => Number.isFinite(x[metric])).at(-1);
        return r ? `; ${lines.length > 1 ? `${run} ` : ''}at step ${r.step}: ${Number(r[metric].toPrecision(4))}` : '';
      });
      container.current?.setAttribute('aria-label', `${title} over training steps${now.join('')}`);
    });
  }, [version, lines, metric, runsKey, marks.length]);

  return <div class="chart" ref={container} data-metric={metric} data-points={points} data-marks={marks.length} />;
}
