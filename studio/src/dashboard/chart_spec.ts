// The Vega-Lite spec of a metric chart: one line per run, coloured by the run's place among the
// runs on the page (a fixed colour domain, so a run keeps its colour from chart to chart), point
// marks where a run has few points (two FID points are two points, not a smooth line), hover
// values from the nearest point, and vertical rules where the set-up changed during training.
import type { TopLevelSpec } from 'vega-lite';
import { RUN_PALETTE } from './run_colors.ts';

export const TABLE = 'table', MARKS = 'marks';
/** A run with at most this many points on a chart shows each one. */
export const SPARSE = 30;

/** `xTitle`: what the x field holds (training steps unless a page says otherwise). */
export function chartSpec(metric: string, runs: string[], width: number, legend: boolean, xTitle = 'step'): TopLevelSpec {
  const x = { field: 'step', type: 'quantitative', title: xTitle, axis: { tickCount: 6 } } as const;
  const y = { field: 'value', type: 'quantitative', title: null, scale: { zero: false }, axis: { tickCount: 5, format: '~g' } } as const;
  const color = { field: 'run', type: 'nominal', scale: { domain: runs, range: RUN_PALETTE }, legend: legend ? { orient: 'bottom', title: null } : null } as const;
  return {
    width, height: 150, title: { text: metric, anchor: 'start', fontSize: 13 },
    description: `${metric} over training steps`,
    layer: [
      { data: { name: TABLE }, mark: { type: 'line', clip: true }, encoding: { x, y, color } },
      {
        data: { name: TABLE },
        transform: [{ joinaggregate: [{ op: 'count', as: 'points' }], groupby: ['run'] }],
        params: [{ name: 'hover', select: { type: 'point', on: 'pointerover', clear: 'pointerout', nearest: true } }],
        mark: { type: 'point', filled: true, clip: true, size: 40 },
        encoding: {
          x, y, color,
          opacity: { condition: [{ param: 'hover', empty: false, value: 1 }, { test: `datum.points <= ${SPARSE}`, value: 1 }], value: 0 },
          tooltip: [{ field: 'run', type: 'nominal' }, { field: 'step', type: 'quantitative' }, { field: 'value', type: 'quantitative', title: metric, format: '.4~g' }],
        },
      },
      {
        data: { name: MARKS },
        mark: { type: 'rule', strokeDash: [3, 3], color: '#9ca3af' },
        encoding: { x: { field: 'step', type: 'quantitative' }, tooltip: [{ field: 'step', type: 'quantitative' }, { field: 'label', type: 'nominal', title: 'changed' }] },
      },
    ],
  };
}
