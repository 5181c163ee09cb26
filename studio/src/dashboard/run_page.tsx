// One run: its settings, what is missing, metric curves that grow while it trains, the sample
// grids over time, the progress GIF, its own figures and the evaluation report.
import { fileUrl } from '../api.ts';
import { formatValue } from './format.ts';
import { href } from '../router.ts';
import { Note, Problem } from '../ui/messages.tsx';
import { metricNames, useLiveRuns } from './live_run.ts';
import { MetricChart } from './metric_chart.tsx';
import { StatusBadge } from './status_badge.tsx';
import { SampleSlider } from './sample_slider.tsx';
import { duration, trainingRate } from './training_rate.ts';

export function RunPage({ id }: { id: string }) {
  const run = useLiveRuns([id])[id];
  if (run?.error) return <Problem>{run.error}</Problem>;
  if (!run?.detail) return <Note>Loading {id}…</Note>;
  const d = run.detail;
  const lines = [{ run: id, series: run.metrics }], quality = [{ run: id, series: run.evaluation }];
  // The stream's records are newer than the detail, which changes only with the run's files.
  const step = run.metrics.records.at(-1)?.step ?? d.step;
  const rate = d.status === 'training' ? trainingRate(run.metrics.records, d.total) : undefined;
  const runs = [id];
  return (
    <section>
      <h1>{d.id} <StatusBadge run={d} /></h1>
      <p class="facts">
        {[d.family, d.architecture, d.data].filter(Boolean).join(' · ')} · step <b data-testid="run-step">{step}</b>{d.total !== undefined && ` of ${d.total}`}
        {rate && <> · <b data-testid="steps-per-second" data-value={rate.stepsPerSecond}>{formatValue(rate.stepsPerSecond)}</b> steps/s</>}
        {rate?.secondsLeft !== undefined && <> · about <b data-testid="time-left" data-value={rate.secondsLeft}>{duration(rate.secondsLeft)}</b> left</>}
        {d.model && <> · <a href={href({ page: 'explore', id })}>open its model in the explorer</a></>}
      </p>
      {d.problems.map((p) => <Problem key={p}>{p}</Problem>)}
      {!run.connected && run.version > 1 && <Note>The live stream is down; reconnecting…</Note>}

      <h2>Curves</h2>
      {run.metrics.records.length === 0 ? <Note>No metrics logged yet.</Note> : (
        <div class="charts">{metricNames(run.metrics.records).map((m) => <MetricChart key={m} metric={m} lines={lines} runs={runs} version={run.version} />)}</div>
      )}
      {run.evaluation.records.length > 0 && (
        <>
          <h2>Sample quality</h2>
          <div class="charts">{metricNames(run.evaluation.records).map((m) => <MetricChart key={m} metric={m} lines={quality} runs={runs} version={run.version} />)}</div>
        </>
      )}

      <h2>Samples</h2>
      <div class="row">
        <SampleSlider id={id} steps={run.samples} />
        {d.files.gif && (
          <figure>
            <img class="grid" src={`${fileUrl(id, 'progress.gif')}?v=${d.updated}`} alt="the sample grids as an animation" />
            <figcaption>progress.gif</figcaption>
          </figure>
        )}
      </div>
      {d.files.figures.length > 0 && (
        <>
          <h2>Figures</h2>
          <div class="figures">{d.files.figures.map((f) => <img key={f} src={`${fileUrl(id, `figures/${f}`)}?v=${d.updated}`} alt={f} title={f} />)}</div>
        </>
      )}

      <h2>Evaluation report</h2>
      {d.files.report
        ? <iframe class="report" src={`${fileUrl(id, 'report.html')}?v=${d.updated}`} title="evaluation report" sandbox="" />
        : <Note>No report yet: <code>npx ganforge eval &lt;runs folder&gt;/{id}</code> measures the run and writes one.</Note>}
    </section>
  );
}
