// A run's live stream (Server-Sent Events): first everything the run has logged, then every new
// metrics and evaluation record, new sample grid and changed file as training writes them.
// The files are polled rather than watched: fs.watch misses the renames of atomic writes on some
// file systems, and a stat every half second costs nothing.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { RunDir } from '../io/run_dir.ts';
import type { RecordsEvent, RunEvents } from './api_types.ts';
import { readableInRun, runDetail, runSamples } from './runs_api.ts';

/** Reads what was appended to a JSON-lines file since the last call. */
class RecordsTail {
  private offset = 0;
  private inode = -1;
  private pending = '';

  constructor(private readonly run: string, private readonly path: string) {}

  /** New complete records, or null when nothing changed; reset when the file was replaced (a resumed run truncates it). */
  read(): RecordsEvent | null {
    if (!readableInRun(this.run, this.path)) return null;
    const { size, ino } = statSync(this.path);
    const reset = ino !== this.inode || size < this.offset;
    if (reset) [this.offset, this.inode, this.pending] = [0, ino, ''];
    if (size === this.offset && !reset) return null;
    const buffer = Buffer.alloc(size - this.offset);
    const fd = openSync(this.path, 'r');
    try { readSync(fd, buffer, 0, buffer.length, this.offset); } finally { closeSync(fd); }
    this.offset = size;
    const lines = (this.pending + buffer.toString('utf8')).split('\n');
    this.pending = lines.pop()!;
    const records = lines.filter((l) => l.trim()).flatMap((l) => {
      try { return [JSON.parse(l) as Record<string, number>]; } catch { return []; }
    });
    return records.length || reset ? { records, reset } : null;
  }
}

const signature = (paths: string[]) => paths.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)).join(',');

function send<K extends keyof RunEvents>(res: ServerResponse, event: K, data: RunEvents[K]): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Streams run `id` (in `path`) to `res` until the client goes. */
export function streamRun(res: ServerResponse, path: string, id: string, pollMs = 500): void {
  const dir = new RunDir(path);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  const metrics = new RecordsTail(path, dir.metrics), evaluation = new RecordsTail(path, dir.evaluation);
  let samples: number[] | null = null, files = '', quiet = 0;
  // The detail changes with the files the page shows beside the curves.
  const watched = [dir.config, dir.gif, dir.checkpoint, join(dir.model, 'manifest.json'), join(dir.root, 'report.html'), dir.figures];
  const poll = () => {
    try {
      const m = metrics.read(), e = evaluation.read();
      if (m) send(res, 'metrics', m);
      if (e) send(res, 'evaluation', e);
      const steps = runSamples(path);
      if (samples === null || steps.length < samples.length || steps.some((s, i) => s !== samples![i])) {
        const grew = samples !== null && samples.every((s, i) => s === steps[i]);
        send(res, 'samples', { steps: grew ? steps.slice(samples!.length) : steps, reset: !grew });
        samples = steps;
      }
      const now = signature(watched);
      if (now !== files) {
        files = now;
        send(res, 'detail', runDetail(path, id));
      }
      // A comment now and then keeps proxies and idle timeouts from closing a quiet stream.
      if (++quiet * pollMs >= 15000) { res.write(': still here\n\n'); quiet = 0; }
    } catch (err) {
      // A file replaced between stat and read: the next poll reads it again. Anything else ends
      // the stream, and the browser's EventSource reconnects and starts over.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') res.end();
    }
  };
  poll();
  const timer = setInterval(poll, pollMs);
  res.on('close', () => clearInterval(timer));
}
