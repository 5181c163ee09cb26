// The studio server's refusals, as tables: requests that try to read outside the runs folder
// (every route that serves files, every way of writing a path), requests for another host name
// (DNS rebinding), malformed requests. Each case names its status, and no answer may hold
// anything from outside the runs folder or a CORS header.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostAllowed, startStudio, type Studio } from '../../src/studio/server.ts';
import type { RunDetail, RunList } from '../../src/studio/api_types.ts';
import { EventStream, get, json, sendRaw, type Answer } from './http_client.ts';
import { ganConfig, manifest, writeRun } from './fake_runs.ts';

/** Written into every file outside the runs folder; no answer may contain it. */
const SECRET = 'SECRET-7f3a outside the runs folder';
const base = mkdtempSync(join(tmpdir(), 'ganforge-studio-security-'));
const root = join(base, 'runs');
let studio: Studio, port: string;

before(async () => {
  mkdirSync(root);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(base, 'secret.json'), JSON.stringify({ name: SECRET, family: 'gan', train: { steps: 9 } }));
  writeFileSync(join(base, 'secret.jsonl'), JSON.stringify({ step: 1, note: SECRET }) + '\n');
  await writeRun(root, 'ok', {
    config: ganConfig('ok', 4), metrics: [{ step: 4, time: 1, d_loss: 1 }], samples: [4],
    manifest: manifest(), modelFiles: ['model.json', 'weights.bin'], files: { 'report.html': '<p>report</p>' },
  });
  symlinkSync(join(base, 'secret.txt'), join(root, 'ok', 'leak.txt'));
  symlinkSync(base, join(root, 'ok', 'up'));
  // A run whose own files link outside: its settings, log, grids and figures must not be read.
  const linked = join(root, 'linked-files');
  mkdirSync(linked);
  symlinkSync(join(base, 'secret.json'), join(linked, 'config.json'));
  symlinkSync(join(base, 'secret.jsonl'), join(linked, 'metrics.jsonl'));
  await writeRun(base, 'outside-grids', { samples: [1], files: { 'figures/secret.png': SECRET } });
  symlinkSync(join(base, 'outside-grids', 'samples'), join(linked, 'samples'));
  symlinkSync(join(base, 'outside-grids', 'figures'), join(linked, 'figures'));
  mkdirSync(join(linked, 'model'));
  symlinkSync(join(base, 'secret.json'), join(linked, 'model', 'manifest.json'));
  // A whole run outside, linked in.
  await writeRun(base, 'outside-run', { config: ganConfig(SECRET, 4), files: { 'notes.txt': SECRET } });
  symlinkSync(join(base, 'outside-run'), join(root, 'linked-run'));
  await writeRun(root, 'data-outside', { config: ganConfig('data-outside', 4, { source: 'folder', path: base }) });
  // The built app, beside the secrets.
  mkdirSync(join(base, 'app', 'assets'), { recursive: true });
  writeFileSync(join(base, 'app', 'index.html'), '<!doctype html><p>app</p>');
  writeFileSync(join(base, 'app', 'assets', 'app-1234.js'), 'console.log(1)');
  studio = await startStudio({ runsDir: root, port: 0, pollMs: 50, appDir: join(base, 'app') });
  port = new URL(studio.url).port;
});

after(() => studio.close());

/** Nothing from outside the runs folder, and no header that would let another origin read it. */
function assertNothingLeaks(a: Answer, what: string): void {
  const text = a.body.toString('latin1');
  assert.ok(!text.includes(SECRET), `${what} answered a secret`);
  assert.doesNotMatch(text, /root:.*:0:0:/, `${what} answered /etc/passwd`);
  const cors = Object.keys(a.headers).filter((h) => h.startsWith('access-control-'));
  assert.deepEqual(cors, [], `${what} sent ${cors.join(', ')}`);
}

const FILES = '/api/runs/ok/files/';
// [request path as sent, status]. 403: the files route names the refused path; 404: a run id or an
// app page that does not exist (a refused one looks the same as a missing one); 400: no valid UTF-8.
const TRAVERSALS: [string, number][] = [
  // The files of a run.
  [`${FILES}../../secret.txt`, 403],
  [`${FILES}..%2F..%2Fsecret.txt`, 403],
  [`${FILES}%2e%2e/%2e%2e/secret.txt`, 403],
  [`${FILES}%2E%2E%2F%2E%2E%2Fsecret.txt`, 403],
  [`${FILES}..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd`, 403],
  [`${FILES}%252e%252e%252f%252e%252e%252fsecret.txt`, 404],
  [`${FILES}%252E%252E/%252E%252E/secret.txt`, 404],
  [`${FILES}..\\..\\secret.txt`, 403],
  [`${FILES}..%5C..%5Csecret.txt`, 403],
  [`${FILES}..%255C..%255Csecret.txt`, 404],
  [`${FILES}%2Fetc%2Fpasswd`, 403],
  [`${FILES}%2F${encodeURIComponent(base.slice(1))}%2Fsecret.txt`, 403],
  [`${FILES}//etc/passwd`, 404],
  [`${FILES}C:%5CWindows%5Cwin.ini`, 404],
  [`${FILES}report.html%00`, 403],
  [`${FILES}report.html%00.png`, 403],
  [`${FILES}%00../../secret.txt`, 403],
  [`${FILES}%C0%AE%C0%AE/%C0%AE%C0%AE/secret.txt`, 400],
  [`${FILES}%E0%A4%A`, 400],
  [`${FILES}leak.txt`, 403],
  [`${FILES}up/secret.txt`, 403],
  [`${FILES}up/outside-run/notes.txt`, 403],
  [`${FILES}samples/../../../secret.txt`, 403],
  [`${FILES}./../../secret.txt`, 403],
  ['/api/runs/linked-files/files/config.json', 403],
  ['/api/runs/linked-files/files/metrics.jsonl', 403],
  ['/api/runs/linked-files/files/samples/step-0000001.png', 403],
  ['/api/runs/linked-files/files/figures/secret.png', 403],
  ['/api/runs/linked-files/files/model/manifest.json', 403],
  // The run id.
  ['/api/runs/../files/secret.txt', 404],
  ['/api/runs/%2E%2E/files/secret.txt', 404],
  ['/api/runs/..%2Fsecret.txt/files/x', 404],
  ['/api/runs/..%2F..%2F/files/secret.txt', 404],
  ['/api/runs/ok%2F..%2F..%2F/files/secret.txt', 404],
  ['/api/runs/%252E%252E/files/secret.txt', 404],
  ['/api/runs/..%5C/files/secret.txt', 404],
  ['/api/runs/%2Fetc/files/passwd', 404],
  [`/api/runs/${encodeURIComponent(join(base, 'outside-run'))}/files/notes.txt`, 404],
  ['/api/runs/ok%00/files/config.json', 404],
  ['/api/runs/linked-run', 404],
  ['/api/runs/linked-run/files/notes.txt', 404],
  ['/api/runs/linked-run/events', 404],
  ['/api/runs/linked-run/training-images', 404],
  ['/api/runs/..%2Foutside-run', 404],
  // Training images read only the runs folder and --data folders.
  ['/api/runs/data-outside/training-images', 403],
  // The app's files.
  ['/../secret.txt', 404],
  ['/%2e%2e/secret.txt', 404],
  ['/assets/../../secret.txt', 404],
  ['/assets/..%2F..%2Fsecret.txt', 404],
  ['/assets%2F..%2F..%2Fsecret.txt', 404],
  ['/%252e%252e/secret.txt', 404],
  ['/..%5Csecret.txt', 404],
  ['/..\\secret.txt', 404],
  ['/%2Fetc%2Fpasswd', 404],
  [`/${encodeURIComponent(join(base, 'secret.txt'))}`, 404],
  ['/index.html%00', 404],
  ['/index.html%00.js', 404],
  ['/%C0%AE%C0%AE/secret.txt', 400],
];

test(`${TRAVERSALS.length} ways out of the runs folder, through every route that serves files, are refused and leak nothing`, async () => {
  for (const [path, status] of TRAVERSALS) {
    const a = await get(studio.url, path);
    assert.equal(a.status, status, `${path} answered ${a.status}: ${a.body}`);
    assert.equal(typeof json(a).error, 'string', path);
    assertNothingLeaks(a, path);
  }
  const refused = await get(studio.url, `${FILES}..%2F..%2Fsecret.txt`);
  assert.equal(json(refused).error, '../../secret.txt is outside the run directory; only files inside it are served.');
});

test('what is inside is served, byte for byte, next to the refusals', async () => {
  const cases: [string, Buffer | string][] = [
    [`${FILES}config.json`, readFileSync(join(root, 'ok', 'config.json'))],
    [`${FILES}samples/step-0000004.png`, readFileSync(join(root, 'ok', 'samples', 'step-0000004.png'))],
    [`${FILES}samples/./step-0000004.png`, readFileSync(join(root, 'ok', 'samples', 'step-0000004.png'))],
    [`${FILES}report.html`, '<p>report</p>'],
    ['/', '<!doctype html><p>app</p>'],
    ['/assets/app-1234.js', 'console.log(1)'],
  ];
  for (const [path, body] of cases) {
    const a = await get(studio.url, path);
    assert.equal(a.status, 200, path);
    assert.deepEqual(a.body, Buffer.from(body), path);
    assertNothingLeaks(a, path);
  }
});

test('a run whose files link outside is listed with what is wrong, and none of their contents', async () => {
  const list = await get(studio.url, '/api/runs');
  assertNothingLeaks(list, '/api/runs');
  assert.deepEqual((json(list) as RunList).runs.map((r) => r.id), ['data-outside', 'linked-files', 'ok'], 'a linked run folder is not listed');
  const a = await get(studio.url, '/api/runs/linked-files');
  assert.equal(a.status, 200);
  assertNothingLeaks(a, '/api/runs/linked-files');
  const detail = json(a) as RunDetail;
  assert.deepEqual([detail.step, detail.samples, detail.files.figures, detail.lastMetrics], [0, [], [], undefined]);
  for (const name of ['config.json', 'model/manifest.json']) {
    assert.ok(detail.problems.includes(`${name} links outside the run directory, so the studio does not read it; replace the link with the file itself.`), detail.problems.join('\n'));
  }
  const stream = await EventStream.open(studio.url, '/api/runs/linked-files/events');
  try {
    // The log links outside, so there are no records; the grids folder does, so there are no grids.
    assert.deepEqual(await stream.next('samples'), { steps: [], reset: true });
    assert.ok(!JSON.stringify(await stream.next<RunDetail>('detail')).includes(SECRET));
    await assert.rejects(stream.next('metrics', () => true, 300), /no "metrics" event/);
  } finally {
    stream.end();
  }
});

// [Host header, status]: this server's own names at its port, nothing else.
const hosts = (): [string, number][] => [
  [`127.0.0.1:${port}`, 200], [`localhost:${port}`, 200], [`LOCALHOST:${port}`, 200], [`[::1]:${port}`, 200],
  [`attacker.example:${port}`, 421], ['attacker.example', 421], [`localhost.attacker.example:${port}`, 421],
  [`127.0.0.1.nip.io:${port}`, 421], [`127.0.0.1:${Number(port) + 1}`, 421], ['localhost', 421], ['127.0.0.1', 421],
  [`127.0.0.1:${port}@attacker.example`, 421], [`0.0.0.0:${port}`, 421], [`192.168.1.20:${port}`, 421],
  [`localhost.:${port}`, 421], [`[::ffff:127.0.0.1]:${port}`, 421],
];

test('only requests for this server\'s own name are answered (DNS rebinding); no answer carries a CORS header', async () => {
  for (const [host, status] of hosts()) {
    for (const path of ['/api/runs', `${FILES}config.json`, '/']) {
      const a = await get(studio.url, path, { headers: { host, origin: 'http://attacker.example' } });
      assert.equal(a.status, status, `Host "${host}" ${path}`);
      assertNothingLeaks(a, `Host "${host}" ${path}`);
      if (status === 421) assert.match(json(a).error, new RegExp(`^The studio answers requests for 127\\.0\\.0\\.1:${port} and localhost:${port} only`));
    }
  }
  const preflight = await get(studio.url, '/api/runs', { method: 'OPTIONS', headers: { origin: 'http://attacker.example', 'access-control-request-method': 'GET' } });
  assert.equal(preflight.status, 405);
  assertNothingLeaks(preflight, 'a CORS preflight');
});

test('a studio bound to every interface takes any IP address but still no foreign name', () => {
  assert.ok(hostAllowed('192.168.1.20:5170', '0.0.0.0', 5170));
  assert.ok(hostAllowed('[fe80::1]:5170', '::', 5170));
  assert.ok(!hostAllowed('evil.example:5170', '0.0.0.0', 5170));
  assert.ok(!hostAllowed('192.168.1.20:5170', '127.0.0.1', 5170));
  assert.ok(hostAllowed('studio.lan:80', 'studio.lan', 80));
  assert.ok(hostAllowed('studio.lan', 'studio.lan', 80));
});

test('unless told otherwise the studio listens on 127.0.0.1 only', async () => {
  const local = await startStudio({ runsDir: root, port: 0 });
  try {
    assert.match(local.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  } finally {
    await local.close();
  }
});

// [bytes sent, status]: requests no browser sends get a 4xx, and the server goes on serving.
const malformed = (): [string, string | Buffer, number][] => {
  const host = `Host: 127.0.0.1:${port}\r\n`;
  return [
    ['garbage', 'GARBAGE\r\n\r\n', 400],
    ['no request target', 'GET\r\n\r\n', 400],
    ['an unknown HTTP version', `GET / HTTP/7.1\r\n${host}\r\n`, 400],
    ['HTTP/1.1 without Host', 'GET /api/runs HTTP/1.1\r\n\r\n', 400],
    ['HTTP/1.0 without Host', 'GET /api/runs HTTP/1.0\r\n\r\n', 421],
    ['an empty Host', 'GET /api/runs HTTP/1.1\r\nHost: \r\n\r\n', 421],
    ['two Host headers', `GET /api/runs HTTP/1.1\r\n${host}Host: attacker.example\r\n\r\n`, 400],
    ['a bad Content-Length', `GET /api/runs HTTP/1.1\r\n${host}Content-Length: abc\r\n\r\n`, 400],
    ['bad chunked encoding', `POST /api/runs HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n`, 400],
    ['a body on a POST', `POST /api/runs HTTP/1.1\r\n${host}Content-Length: 5\r\n\r\nhello`, 405],
    ['DELETE', `DELETE ${FILES}config.json HTTP/1.1\r\n${host}\r\n`, 405],
    ['an asterisk target', `OPTIONS * HTTP/1.1\r\n${host}\r\n`, 405],
    ['an absolute-form target', `GET http://attacker.example/api/runs HTTP/1.1\r\n${host}\r\n`, 404],
    ['a bad %-escape in the run id', `GET /api/runs/%ZZ HTTP/1.1\r\n${host}\r\n`, 400],
    ['a raw NUL byte in the path', Buffer.from(`GET ${FILES}config.json\0 HTTP/1.1\r\n${host}\r\n`, 'latin1'), 400],
    ['a raw control byte in a header', Buffer.from(`GET /api/runs HTTP/1.1\r\n${host}X-A: \x01\x7f\r\n\r\n`, 'latin1'), 400],
    ['a bare LF in a header', `GET /api/runs HTTP/1.1\r\n${host}X-A: a\nb\r\n\r\n`, 400],
    ['a 100 kB path', `GET /${'a'.repeat(100_000)} HTTP/1.1\r\n${host}\r\n`, 431],
    ['a 100 kB header', `GET /api/runs HTTP/1.1\r\n${host}X-Big: ${'b'.repeat(100_000)}\r\n\r\n`, 431],
    ['2,000 path segments', `GET /api/runs/ok/files/${'a/'.repeat(2000)} HTTP/1.1\r\n${host}\r\n`, 404],
    ['a run id of 4,000 dots', `GET /api/runs/${'.'.repeat(4000)} HTTP/1.1\r\n${host}\r\n`, 404],
  ];
};

test('malformed requests get a 4xx, and the server goes on answering', async () => {
  for (const [what, bytes, status] of malformed()) {
    const answer = await sendRaw(studio.url, bytes);
    assert.match(answer, new RegExp(`^HTTP/1\\.1 ${status} `), `${what}: ${answer.slice(0, 200)}`);
    assert.ok(!answer.includes(SECRET), what);
  }
  assert.equal((await get(studio.url, '/api/runs')).status, 200);
});
