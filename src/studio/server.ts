// The studio's one server: the built app (studio/dist in the package) and a small JSON and file
// API over the run directories in a runs folder.
//
//   GET /api/runs                          the runs, summarised
//   GET /api/runs/<id>                     one run: settings, files, what is missing
//   GET /api/runs/<id>/events              live stream of its records (Server-Sent Events)
//   GET /api/runs/<id>/files/<path>        a file inside the run directory, nothing outside it
//   GET /api/runs/<id>/training-images     the images it trained on, as bytes
//
// <id> is the run's folder relative to the runs folder, one URL-encoded segment ("a%2Fb").
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { packageRoot } from '../util/package_root.ts';
import type { ApiError, RunList } from './api_types.ts';
import { contentType } from './content_types.ts';
import { streamRun } from './live_run.ts';
import { findRuns, inspectRun, runDetail, runFolder } from './runs_api.ts';
import { pathInside, realInside } from '../util/safe_path.ts';
import { sendTrainingImages, trainingImages } from './training_images.ts';

export interface StudioOptions {
  /** The folder holding run directories. */
  runsDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1: the runs are served to this machine only. */
  host?: string;
  /**
   * Folders outside the runs folder whose images the explorer may show as a run's training
   * images (runs trained on a folder or CSV elsewhere); nothing else outside it is read.
   */
  dataDirs?: string[];
  /** The built app; default studio/dist in the package. */
  appDir?: string;
  /** How often live streams look for new records, in ms. */
  pollMs?: number;
}

export interface Studio { url: string; close(): Promise<void> }

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

function sendFile(res: ServerResponse, path: string, cache: string): void {
  res.writeHead(200, { 'content-type': contentType(path), 'content-length': statSync(path).size, 'cache-control': cache, 'x-content-type-options': 'nosniff' });
  // A file a run deletes between the stat and the read (a resumed run drops later grids) ends the answer short.
  createReadStream(path).on('error', () => res.destroy()).pipe(res);
}

/** The path's segments, each URL-decoded; a malformed escape is a 400. */
function segments(url: string): string[] {
  try {
    return url.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new HttpError(400, 'The request path holds a malformed %-escape.');
  }
}

export function startStudio(options: StudioOptions): Promise<Studio> {
  const root = resolve(options.runsDir);
  const appDir = options.appDir ?? join(packageRoot(), 'studio', 'dist');
  const dataDirs = (options.dataDirs ?? []).map((d) => resolve(d));
  const host = options.host ?? '127.0.0.1';
  let port = 0;

  const api = async (req: IncomingMessage, res: ServerResponse, parts: string[]) => {
    if (parts.length === 1 && parts[0] === 'runs') {
      const list: RunList = { root, runs: findRuns(root).map((id) => inspectRun(join(root, id), id).summary) };
      return json(res, 200, list);
    }
    if (parts[0] !== 'runs' || parts.length < 2) throw new HttpError(404, `There is no API at ${req.url}.`);
    const id = parts[1];
    const path = runFolder(root, id);
    if (!path) throw new HttpError(404, `There is no run "${id}" in ${root}; the runs list shows the ones there are.`);
    const [what, ...rest] = parts.slice(2);
    if (what === undefined) return json(res, 200, runDetail(path, id));
    if (what === 'events' && rest.length === 0) {
      streamRun(res, path, id, options.pollMs);
      return;
    }
    if (what === 'files' && rest.length > 0) {
      const file = pathInside(path, rest.join('/'));
      if (!file) throw new HttpError(403, `${rest.join('/')} is outside the run directory; only files inside it are served.`);
      if (!existsSync(file) || !statSync(file).isFile()) throw new HttpError(404, `The run ${id} has no file ${rest.join('/')}.`);
      return sendFile(res, file, 'no-store');
    }
    if (what === 'training-images' && rest.length === 0) {
      const data = inspectRun(path, id).config?.data;
      const outside = dataOutside(data, [root, ...dataDirs]);
      if (outside) {
        throw new HttpError(403, `The run ${id} trained on ${outside}, outside the runs folder; start the studio with --data ${outside} to let the explorer show those images.`);
      }
      let images;
      try { images = await trainingImages(data); } catch (e) { throw new HttpError(409, (e as Error).message); }
      return sendTrainingImages(res, images);
    }
    throw new HttpError(404, `There is no API at ${req.url}.`);
  };

  const app = (res: ServerResponse, parts: string[]) => {
    if (!existsSync(join(appDir, 'index.html'))) {
      throw new HttpError(503, `The studio app is not built (no ${join(appDir, 'index.html')}); run npm run build:studio in ${packageRoot()}.`);
    }
    const file = pathInside(appDir, parts.length ? parts.join('/') : 'index.html');
    if (!file || !existsSync(file) || !statSync(file).isFile()) throw new HttpError(404, `The studio has no page /${parts.join('/')}.`);
    // Vite names built assets by their content hash, so they never change under the same name.
    sendFile(res, file, parts[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache');
  };

  const server = createServer((req, res) => {
    const handle = async () => {
      // Node keeps the first of several Host headers; a proxy in front may keep another (RFC 9112 3.2: a 400).
      if ((req.headersDistinct.host?.length ?? 0) > 1) throw new HttpError(400, 'The request names more than one Host; send one.');
      if (!hostAllowed(req.headers.host, host, port)) {
        // DNS rebinding: a web page whose name now points at this machine must not read the runs.
        throw new HttpError(421, `The studio answers requests for ${hostName(host)}:${port} and localhost:${port} only, not for "${req.headers.host ?? ''}"; open it at http://localhost:${port}/.`);
      }
      if (req.method !== 'GET') throw new HttpError(405, `The studio only answers GET requests, not ${req.method}.`);
      const parts = segments(req.url ?? '/');
      if (parts[0] === 'api') await api(req, res, parts.slice(1));
      else app(res, parts);
    };
    handle().catch((e: Error) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (res.headersSent) res.end();
      else json(res, status, { error: e.message } satisfies ApiError);
    });
  });

  return new Promise((done, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'EADDRINUSE'
      ? new Error(`port ${options.port} is in use; pass another --port (or --port 0 for any free one).`) : e));
    server.listen(options.port, host, () => {
      const { address } = server.address() as AddressInfo;
      port = (server.address() as AddressInfo).port;
      done({
        url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/`,
        close: () => new Promise((closed) => { server.closeAllConnections(); server.close(() => closed()); }),
      });
    });
  });
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = ['0.0.0.0', '::', '[::]'];
const ipLiteral = (name: string) => isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0;
const hostName = (host: string) => (isIP(host) === 6 ? `[${host}]` : host).toLowerCase();

/**
 * Whether a request's Host header names this server: loopback or the bound address, at the
 * bound port. Bound to every interface (0.0.0.0 or ::), any IP address is accepted, as a name
 * other than localhost never is: only a name can be rebound to this machine by a foreign DNS.
 */
export function hostAllowed(header: string | undefined, bound: string, port: number): boolean {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header ?? '');
  if (!m || Number(m[2] ?? 80) !== port) return false;
  const name = m[1].toLowerCase();
  return LOOPBACK.includes(name) || name === hostName(bound) || (WILDCARDS.includes(bound) && ipLiteral(name));
}

/** The folder or file a run's data section reads, when it lies outside every allowed folder; else null. */
function dataOutside(data: unknown, allowed: string[]): string | null {
  const path = (data as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return null;
  const full = resolve(path);
  const within = allowed.some((dir) => realInside(dir, full));
  return within ? null : full;
}
