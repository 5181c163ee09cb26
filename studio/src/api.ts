// The studio server's API as the app calls it (see src/studio/server.ts for the routes).
import type { ApiError, RunDetail, RunEvents, RunList } from '../../src/studio/api_types.ts';

export const runUrl = (id: string) => `api/runs/${encodeURIComponent(id)}`;

/** The URL of a file in run `id`'s directory, e.g. fileUrl(id, 'samples/step-0000100.png'). */
export const fileUrl = (id: string, path: string) => `${runUrl(id)}/files/${path.split('/').map(encodeURIComponent).join('/')}`;

export const samplePath = (step: number) => `samples/step-${String(step).padStart(7, '0')}.png`;

/** The answer of a GET, or an Error with the server's one-sentence message. */
export async function fetchOk(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new Error('The studio server does not answer; check that ganforge studio is still running.');
  }
  if (res.ok) return res;
  const body = await res.json().catch(() => null) as ApiError | null;
  throw new Error(body?.error ?? `${url} answered ${res.status} ${res.statusText}.`);
}

async function fetchJson<T>(url: string): Promise<T> {
  return (await fetchOk(url)).json() as Promise<T>;
}

export const listRuns = () => fetchJson<RunList>('api/runs');
export const getRun = (id: string) => fetchJson<RunDetail>(runUrl(id));

type RunHandlers = { [K in keyof RunEvents]?: (data: RunEvents[K]) => void };

/** Follows run `id`'s live stream; returns the function that closes it. EventSource reconnects by itself. */
export function followRun(id: string, handlers: RunHandlers, onConnection: (open: boolean) => void): () => void {
  const source = new EventSource(`${runUrl(id)}/events`);
  for (const [event, handle] of Object.entries(handlers)) {
    source.addEventListener(event, (e) => (handle as (d: unknown) => void)(JSON.parse((e as MessageEvent<string>).data)));
  }
  source.onopen = () => onConnection(true);
  source.onerror = () => onConnection(false);
  return () => source.close();
}
