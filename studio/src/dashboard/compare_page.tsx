// Runs side by side: the settings in which they differ, each metric with one line per run on the
// same chart (each run in one colour throughout the page), and the runs' sample grids next to
// each other at the same training step.
import { useState } from 'preact/hooks';
import { fileUrl, samplePath } from '../api.ts';
import { href } from '../router.ts';
import { Note, Problem } from '../ui/messages.tsx';
import { metricNames, useLiveRuns, type LiveRun } from './live_run.ts';
import { ConfigDiffTable } from './config_diff_table.tsx';
import { MetricChart, type Line } from './metric_chart.tsx';
import { runColor } from './run_colors.ts';
import { useRunList } from './run_list.ts';
import { gridAt } from './sample_slider.tsx';

function Charts({ ids, runs, of }: { ids: string[]; runs: Record<string, LiveRun>; of: 'metrics' | 'evaluation' }) {
  const present = ids.filter((id) => runs[id]);
  const names = metricNames(present.flatMap((id) => runs[id][of].records));
  const version = present.reduce((n, id) => n + runs[id].version, 0);
  return (
    <div class="charts">
      {names.map((m) => {
        const lines: Line[] = present.filter((id) => runs[id][of].records.some((r) => m in r)).map((id) => ({ run: id, series: runs[id][of] }));
        return <MetricChart key={m} metric={m} lines={lines} runs={ids} version={version} />;
      })}
    </div>
  );
}

export function ComparePage({ ids }: { ids: string[] }) {
  const runs = useLiveRuns(ids);
  const { list } = useRunList();
  const [step, setStep] = useState<number | null>(null);
  const others = (list?.runs ?? []).filter((r) => !ids.includes(r.id));
  const allSteps = [...new Set(ids.flatMap((id) => runs[id]?.samples ?? []))].sort((a, b) => a - b);
  const shownStep = step ?? allSteps[allSteps.length - 1];

  return (
    <section>
      <h1>Compare runs</h1>
      <p class="facts">
        {ids.map((id) => (
          <span class="chip" key={id} data-run={id} data-color={runColor(ids, id)}>
            <span class="swatch" style={{ background: runColor(ids, id) }} />
            <a href={href({ page: 'run', id })}>{id}</a>{' '}
            <a class="remove" title={`leave ${id} out`} href={href({ page: 'compare', ids: ids.filter((x) => x !== id) })}>×</a>
          </span>
        ))}
        {others.length > 0 && (
          <select aria-label="add a run" onChange={(e) => { location.hash = href({ page: 'compare', ids: [...ids, e.currentTarget.value] }); }}>
            <option value="">add a run…</option>
            {others.map((r) => <option key={r.id} value={r.id}>{r.id}</option>)}
          </select>
        )}
      </p>
      {ids.length < 2 && <Note>Pick two or more runs to compare (tick them in the runs list, or add them here).</Note>}
      {ids.map((id) => runs[id]?.error && <Problem key={id}>{runs[id].error}</Problem>)}

      {ids.length >= 2 && (<><h2>Settings that differ</h2><ConfigDiffTable ids={ids} details={ids.map((id) => runs[id]?.detail)} /></>)}

      <h2>Curves</h2>
      <Charts ids={ids} runs={runs} of="metrics" />
      {ids.some((id) => runs[id]?.evaluation.records.length) && (<><h2>Sample quality</h2><Charts ids={ids} runs={runs} of="evaluation" /></>)}

      <h2>Samples side by side</h2>
      {allSteps.length === 0 ? <Note>None of these runs has a sample grid yet.</Note> : (
        <>
          <label>
            step <b>{shownStep}</b>
            <input type="range" min={0} max={allSteps.length - 1} value={allSteps.indexOf(shownStep)} aria-label="step of the compared grids"
              onInput={(e) => { const i = Number(e.currentTarget.value); setStep(i === allSteps.length - 1 ? null : allSteps[i]); }} />
          </label>
          <div class="side-by-side">
            {ids.map((id) => {
              const steps = runs[id]?.samples ?? [];
              const at = steps.length ? gridAt(steps, shownStep) : undefined;
              return (
                <figure key={id} data-run={id}>
                  {at === undefined ? <Note>No grid yet.</Note> : <img class="grid" src={fileUrl(id, samplePath(at))} alt={`${id} at step ${at}`} />}
                  <figcaption><span class="swatch" style={{ background: runColor(ids, id) }} />{id}{at !== undefined && `, step ${at}`}</figcaption>
                </figure>
              );
            })}
          </div>
        </>
      )}
    </section>
  );
}
