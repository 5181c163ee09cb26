// Work that takes a while (a diffusion model's chain): run when its inputs change, the last run
// stopped, its progress shown, its last result kept on the page until the new one is ready.
import { useEffect, useState } from 'preact/hooks';
import type { ChainProgress } from '../../../src/diffusion/ddpm.ts';
import { messageOf, Problem } from '../ui/messages.tsx';
import type { Progress } from './noise_space.ts';

export interface Computed<T> {
  value?: T;
  /** While a run waits or is under way. */
  progress?: ChainProgress | 'queued';
  error?: string;
}

export function useComputation<T>(compute: (progress: Progress, signal: AbortSignal) => Promise<T>, inputs: unknown[]): Computed<T> {
  const [state, setState] = useState<Computed<T>>({});
  useEffect(() => {
    const controller = new AbortController();
    const live = () => !controller.signal.aborted;
    compute((progress) => { if (live()) setState((s) => ({ value: s.value, progress })); }, controller.signal).then(
      (value) => { if (live()) setState({ value }); },
      (e) => { if (live()) setState({ error: messageOf(e) }); },
    );
    return () => controller.abort();
  }, inputs);
  return state;
}

/** "step i of N" while a run is under way, or its error. */
export function Status({ computed, what }: { computed: Computed<unknown>; what: string }) {
  if (computed.error) return <Problem>{computed.error}</Problem>;
  const p = computed.progress;
  if (!p) return null;
  if (p === 'queued') return <p class="muted">{what}: waiting for its turn</p>;
  return (
    <p class="muted" data-testid="progress">
      <progress value={p.done} max={p.total} /> {what}: step {p.done} of {p.total}
    </p>
  );
}
