// The compared runs' settings side by side, only where they differ: what explains two curves apart.
import type { RunDetail } from '../../../src/studio/api_types.ts';
import { Note } from '../ui/messages.tsx';
import { differingPaths, flatten } from './config_diff.ts';
import { runColor } from './run_colors.ts';

export function ConfigDiffTable({ ids, details }: { ids: string[]; details: (RunDetail | undefined)[] }) {
  if (details.some((d) => !d)) return <Note>Loading the runs' settings…</Note>;
  const configs = details.map((d) => flatten(d!.config ?? {}));
  const paths = differingPaths(configs);
  if (paths.length === 0) return <Note>These runs have the same settings.</Note>;
  return (
    <table class="runs config-diff" data-testid="config-diff">
      <thead><tr><th>setting</th>{ids.map((id) => <th key={id} data-run={id}><span class="swatch" style={{ background: runColor(ids, id) }} />{id}</th>)}</tr></thead>
      <tbody>
        {paths.map((p) => (
          <tr key={p} data-path={p}>
            <td><code>{p}</code></td>
            {configs.map((c, i) => <td key={ids[i]}>{c[p] === undefined ? <span class="muted">not set</span> : c[p].replace(/^"(.*)"$/, '$1')}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
