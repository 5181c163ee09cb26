// The runs in the runs folder, refreshed every few seconds: what each trains, how far it is, its
// last metrics (all of them), and whether it is training now; tick two or more to compare them.
import { useState } from 'preact/hooks';
import { href } from '../router.ts';
import { Note, Problem } from '../ui/messages.tsx';
import { formatValue } from './format.ts';
import { useRunList } from './run_list.ts';
import { StatusBadge } from './status_badge.tsx';

function LastMetrics({ metrics }: { metrics?: Record<string, number> }) {
  if (!metrics) return <span class="muted">none yet</span>;
  // Every metric the run logs: which ones matter differs from family to family.
  const shown = Object.entries(metrics).filter(([k]) => k !== 'step' && k !== 'time');
  return <span class="metrics">{shown.map(([k, v]) => <span key={k}>{k} <b>{formatValue(v)}</b></span>)}</span>;
}

export function RunsPage() {
  const { list, error } = useRunList();
  const [picked, setPicked] = useState<string[]>([]);
  if (!list) return error ? <Problem>{error}</Problem> : <Note>Loading the runs…</Note>;
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <section>
      <h1>Runs <span class="muted">in {list.root}</span></h1>
      {error && <Problem>{error}</Problem>}
      {list.runs.length === 0 ? (
        <Note>There are no runs in {list.root} yet: train one there, e.g. <code>npx ganforge train mnist-dcgan --out {list.root}/mnist-dcgan</code>, and it appears here as it starts.</Note>
      ) : (
        <>
          <table class="runs">
            <thead><tr><th /><th>run</th><th>family</th><th>architecture</th><th>data</th><th>step</th><th>last metrics</th><th>state</th></tr></thead>
            <tbody>
              {list.runs.map((r) => (
                <tr key={r.id} data-run={r.id}>
                  <td><input type="checkbox" aria-label={`compare ${r.id}`} checked={picked.includes(r.id)} onChange={() => toggle(r.id)} /></td>
                  <td>
                    <a href={href({ page: 'run', id: r.id })}>{r.id}</a>
                    {r.name !== r.id.split('/').pop() && <span class="muted"> ({r.name})</span>}
                    {r.model && <> · <a href={href({ page: 'explore', id: r.id })}>explore</a></>}
                    {r.problems.map((p) => <div class="problem-inline" key={p}>{p}</div>)}
                  </td>
                  <td>{r.family ?? '?'}</td>
                  <td>{r.architecture ?? '?'}</td>
                  <td>{r.data ?? '?'}</td>
                  <td class="step">
                    {r.step}{r.total !== undefined && ` / ${r.total}`}
                    {r.total ? <progress max={r.total} value={r.step} /> : null}
                  </td>
                  <td><LastMetrics metrics={r.lastMetrics} /></td>
                  <td><StatusBadge run={r} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <a class={`button${picked.length < 2 ? ' disabled' : ''}`} href={picked.length >= 2 ? href({ page: 'compare', ids: picked }) : undefined}>
              Compare {picked.length >= 2 ? `${picked.length} runs` : '(tick two or more)'}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
