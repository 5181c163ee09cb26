// The runs list, asked for again every few seconds, so new runs and their progress appear by themselves.
import { useEffect, useState } from 'preact/hooks';
import type { RunList } from '../../../src/studio/api_types.ts';
import { listRuns } from '../api.ts';
import { messageOf } from '../ui/messages.tsx';

const REFRESH_MS = 2000;

/** The latest list, and the error while the server does not answer. */
export function useRunList(): { list?: RunList; error?: string } {
  const [state, setState] = useState<{ list?: RunList; error?: string }>({});
  useEffect(() => {
    let stopped = false;
    const load = () => listRuns().then((list) => !stopped && setState({ list }), (e) => !stopped && setState((s) => ({ ...s, error: messageOf(e) })));
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => { stopped = true; clearInterval(timer); };
  }, []);
  return state;
}
