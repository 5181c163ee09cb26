// Requests to the studio exactly as written: fetch() would resolve "..", which is what the
// traversal tests must send.
import { request, type Agent, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface Answer { status: number; headers: IncomingHttpHeaders; body: Buffer }

export interface RequestOptions { method?: string; headers?: Record<string, string>; agent?: Agent }

export function get(base: string, path: string, { method = 'GET', headers = {}, agent }: RequestOptions = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Bytes sent as they are, for requests no HTTP client would write; resolves with what came back before the server closed. */
export function sendRaw(base: string, bytes: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => { chunks.push(c); if (Buffer.concat(chunks).includes('\r\n\r\n')) socket.end(); });
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : fail(e)));
    socket.on('close', () => done(Buffer.concat(chunks).toString('latin1')));
    socket.end(bytes);
  });
}

export const json = (a: Answer) => JSON.parse(a.body.toString('utf8'));

/** A Server-Sent Events stream: waits for events by name, in the order they arrive. */
export class EventStream {
  private events: { event: string; data: unknown }[] = [];
  private waiting: (() => void)[] = [];
  private close: () => void = () => {};

  static open(base: string, path: string): Promise<EventStream> {
    const { hostname, port } = new URL(base);
    const stream = new EventStream();
    return new Promise((done, fail) => {
      const req = request({ hostname, port, path }, (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) stream.events.push({ event, data: JSON.parse(data) });
          }
          for (const wake of stream.waiting.splice(0)) wake();
        });
        done(stream);
      });
      req.on('error', fail);
      stream.close = () => req.destroy();
      req.end();
    });
  }

  /** The first not yet taken event named `event` for which `accept` holds; the events before it are dropped. */
  async next<T>(event: string, accept: (data: T) => boolean = () => true, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.events.findIndex((e) => e.event === event && accept(e.data as T));
      if (i >= 0) return this.events.splice(0, i + 1)[i].data as T;
      if (Date.now() > deadline) throw new Error(`no "${event}" event arrived within ${timeoutMs} ms`);
      await new Promise<void>((wake) => { this.waiting.push(wake); setTimeout(wake, 200); });
    }
  }

  end(): void { this.close(); }
}
