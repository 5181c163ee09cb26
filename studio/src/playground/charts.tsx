// The playground's charts over training steps, one metric per chart on its own axis (KL in the
// tens must not flatten JSD), drawn by the dashboard's Vega-Lite chart with its ticks, hover values
// and dashed rules where a knob changed during training.
import { useMemo } from 'preact/hooks';
import { MetricChart, type StepMark } from '../dashboard/metric_chart.tsx';
import type { Session } from './session.ts';
import type { Snapshot } from './snapshot.ts';

/** Modes covered jumps from one measurement to the next: its chart shows the mean of the last few. */
const ROLLING = 10;

const RUN = ['playground'];

export function Charts({ session, snapshot, marks, sessions }: { session: Session; snapshot: Snapshot; marks: StepMark[]; sessions: number }) {
  const h = session.history;
  const modes = snapshot.metrics.modes;
  const records = useMemo(() => h.steps.map((step, i) => ({
    step, d_loss: h.dLoss[i], g_loss: h.gLoss[i], jsd: h.jsd[i], kl: h.kl[i], w1: h.w1[i],
    modes: mean(h.modesCovered.slice(Math.max(0, i - ROLLING + 1), i + 1)),
  })), [snapshot]);
  // A new session, or a thinned history, is drawn anew.
  const series = { records, generation: sessions * 1e6 + session.thinned };
  const charts: [string, string][] = [
    ['d_loss', 'D loss'], ['g_loss', 'G loss'], ['jsd', 'JSD to the truth (nats)'], ['kl', 'KL(truth ‖ G) (nats)'], ['w1', 'W1 to the truth'],
    ...(modes !== undefined ? [['modes', `modes covered of ${modes} (mean of the last ${ROLLING} measurements)`] as [string, string]] : []),
  ];
  return (
    <div class="charts playground-charts">
      {charts.map(([metric, title]) => (
        <MetricChart key={`${metric}-${sessions}`} metric={metric} title={title} lines={[{ run: RUN[0], series }]} runs={RUN} version={records.length + series.generation} marks={marks} renderer="canvas" />
      ))}
    </div>
  );
}

function mean(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
}
