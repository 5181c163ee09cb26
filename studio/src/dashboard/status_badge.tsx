// Whether a run is training now, finished, or stopped (and since when).
import type { RunSummary } from '../../../src/studio/api_types.ts';
import { ago } from './format.ts';

export function StatusBadge({ run }: { run: RunSummary }) {
  const text = run.status === 'training' ? 'training' : run.status === 'finished' ? 'finished' : `stopped ${ago(run.updated)}`;
  return <span class={`status status-${run.status}`}>{text}</span>;
}
