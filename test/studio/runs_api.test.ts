// The studio server's API over run directories written by hand: the runs it lists and what it
// says of each, the files it serves, the live stream, the training images (the refusals: server_security.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStudio, type Studio } from '../../src/studio/server.ts';
import type { RunDetail, RunList, RecordsEvent, SamplesEvent } from '../../src/studio/api_types.ts';
import { EventStream, get, json } from './http_client.ts';
import { ganConfig, manifest, writeRun } from './fake_runs.ts';

let root: string, studio: Studio;

before(async () => {
  process.env.GANFORGE_CACHE ??= mkdtempSync(join(tmpdir(), 'ganforge-cache-'));
  const base = mkdtempSync(join(tmpdir(), 'ganforge-studio-'));
  root = join(base, 'runs');
  mkdirSync(root);
  const old = Date.now() / 1000 - 3600;
  const done = await writeRun(root, 'done', {
    config: ganConfig('done', 4), metrics: [{ step: 2, time: 1, d_loss: 1.5 }, { step: 4, time: 2, d_loss: 1.2 }],
    samples: [0, 4], manifest: manifest(), modelFiles: ['model.json', 'weights.bin'], files: { 'report.html': '<p>report</p>', 'figures/a.png': 'png' },
  });
  utimesSync(join(done, 'metrics.jsonl'), old, old);
  await writeRun(root, 'live', { config: ganConfig('live', 100), metrics: [{ step: 2, time: 1, d_loss: 1.5 }], samples: [0] });
  const stopped = await writeRun(root, 'stopped', { config: ganConfig('stopped', 100), metrics: [{ step: 10, time: 1, d_loss: 1.5 }] });
  for (const f of ['config.json', 'metrics.jsonl']) utimesSync(join(stopped, f), old, old);
  await writeRun(root, 'compare-x/gan', { config: ganConfig('gan', 4), metrics: [{ step: 4, time: 1, d_loss: 1 }] });
  await writeRun(root, 'broken', {
    config: '{"name": "broken", ', manifest: '{ nope',
    // A damaged line, and a last line still being written (not damaged).
    files: { 'metrics.jsonl': '{"step": 2, "d_loss": 1}\ngarbage\n{"step": 4, "d_loss": 1}\n{"step": 6, "d_lo' },
  });
  await writeRun(root, 'no-config', { metrics: [{ step: 2, d_loss: 1 }], manifest: manifest(), modelFiles: ['model.json'] });
  await writeRun(root, 'elsewhere', { config: ganConfig('elsewhere', 4, { source: 'folder', path: base }) });
  const toy = await writeRun(root, 'toy', { config: ganConfig('toy', 4, { source: 'toy', name: 'ring' }) });
  utimesSync(join(toy, 'config.json'), old, old);
  mkdirSync(join(root, 'not-a-run', 'notes'), { recursive: true });
  studio = await startStudio({ runsDir: root, port: 0, pollMs: 50, appDir: join(base, 'no-app') });
});

after(() => studio.close());

const runs = async () => (json(await get(studio.url, '/api/runs')) as RunList).runs;
const detail = async (id: string) => json(await get(studio.url, `/api/runs/${encodeURIComponent(id)}`)) as RunDetail;

test('the runs list: every run folder, one level down too, with its settings, progress and state', async () => {
  const list = await runs();
  assert.deepEqual(list.map((r) => r.id), ['broken', 'compare-x/gan', 'done', 'elsewhere', 'live', 'no-config', 'stopped', 'toy']);
  const done = list.find((r) => r.id === 'done')!;
  assert.deepEqual({ ...done, updated: 0 }, {
    id: 'done', name: 'done', family: 'gan', architecture: 'dcgan', data: 'mnist, 64 images', step: 4, total: 4,
    lastMetrics: { step: 4, time: 2, d_loss: 1.2 }, status: 'finished', updated: 0, model: true, problems: [],
  });
  assert.equal(list.find((r) => r.id === 'live')!.status, 'training');
  assert.equal(list.find((r) => r.id === 'stopped')!.status, 'stopped');
  assert.equal(list.find((r) => r.id === 'toy')!.data, 'toy ring');
});

test('a run with missing or damaged parts says what is wrong, one sentence each', async () => {
  const broken = await detail('broken');
  assert.equal(broken.name, 'broken');
  assert.equal(broken.step, 4, 'the last complete record');
  assert.equal(broken.model, false);
  assert.deepEqual(broken.problems.map((p) => p.replace(/\(.*\)/, '(...)')), [
    'config.json is not valid JSON (...); restore it or train the run again.',
    'model/manifest.json is not valid JSON (...); the next checkpoint writes it again.',
    'metrics.jsonl has 1 damaged line, left out of the curves.',
  ]);
  const noConfig = await detail('no-config');
  assert.deepEqual(noConfig.problems, [
    'config.json is missing, so the run\'s settings are unknown; it is written when training starts.',
    'model/ holds manifest.json but not weights.bin; the next checkpoint exports the model again.',
  ]);
  assert.equal(noConfig.model, false);
  // A run that stopped before logging anything; one that has just started has nothing missing yet.
  assert.deepEqual((await detail('toy')).problems, [
    'metrics.jsonl is missing: this run has logged no step, so there are no curves to draw.',
    'There is no exported model (model/manifest.json) yet, so the explorer cannot open this run; it is written at each checkpoint.',
  ]);
  assert.deepEqual((await detail('live')).problems, []);
});

test('a run\'s detail lists its sample grids and files', async () => {
  const d = await detail('done');
  assert.deepEqual(d.samples, [0, 4]);
  assert.deepEqual(d.files, { gif: false, report: true, figures: ['a.png'] });
  assert.equal(d.manifest?.architecture, 'dcgan');
  assert.equal((d.config as { name: string }).name, 'done');
  assert.equal(d.trainingImages, true);
  assert.equal((await detail('compare-x/gan')).name, 'gan');
  const missing = await get(studio.url, '/api/runs/nope');
  assert.equal(missing.status, 404);
  assert.match(json(missing).error, /^There is no run "nope" in .*runs; the runs list shows the ones there are\.$/);
});

test('files inside a run are served (server_security.test.ts tries the ways out)', async () => {
  const png = await get(studio.url, '/api/runs/done/files/samples/step-0000004.png');
  assert.equal(png.status, 200);
  assert.equal(png.headers['content-type'], 'image/png');
  assert.equal((await get(studio.url, '/api/runs/done/files/report.html')).body.toString(), '<p>report</p>');
  assert.equal((await get(studio.url, '/api/runs/compare-x%2Fgan/files/metrics.jsonl')).status, 200);
  assert.equal((await get(studio.url, '/api/runs/done/files/nothing.png')).status, 404);
  assert.equal((await get(studio.url, '/api/runs/done/files/samples')).status, 404, 'a folder is not a file');
});

test('without a built app the page says how to build it', async () => {
  const page = await get(studio.url, '/');
  assert.equal(page.status, 503);
  assert.match(json(page).error, /^The studio app is not built \(no .*index\.html\); run npm run build:studio in /);
});

test('the live stream sends what a run logged, then each new record and grid, and starts over when the log is rewritten', async () => {
  const dir = join(root, 'live');
  const stream = await EventStream.open(studio.url, '/api/runs/live/events');
  try {
    assert.deepEqual(await stream.next<RecordsEvent>('metrics'), { records: [{ step: 2, time: 1, d_loss: 1.5 }], reset: true });
    assert.deepEqual(await stream.next<SamplesEvent>('samples'), { steps: [0], reset: true });
    assert.equal((await stream.next<RunDetail>('detail')).id, 'live');
    appendFileSync(join(dir, 'metrics.jsonl'), JSON.stringify({ step: 4, time: 2, d_loss: 1.4 }) + '\n{"step": 6,');
    assert.deepEqual(await stream.next<RecordsEvent>('metrics'), { records: [{ step: 4, time: 2, d_loss: 1.4 }], reset: false });
    appendFileSync(join(dir, 'metrics.jsonl'), ' "time": 3, "d_loss": 1.3}\n');
    assert.deepEqual(await stream.next<RecordsEvent>('metrics'), { records: [{ step: 6, time: 3, d_loss: 1.3 }], reset: false }, 'a line completed later');
    writeFileSync(join(dir, 'samples', 'step-0000010.png'), 'png');
    assert.deepEqual(await stream.next<SamplesEvent>('samples'), { steps: [10], reset: false });
    // A resumed run truncates its log by writing a new file over the old one.
    writeFileSync(join(dir, 'metrics.new'), JSON.stringify({ step: 2, time: 1, d_loss: 1.5 }) + '\n');
    renameSync(join(dir, 'metrics.new'), join(dir, 'metrics.jsonl'));
    assert.deepEqual(await stream.next<RecordsEvent>('metrics'), { records: [{ step: 2, time: 1, d_loss: 1.5 }], reset: true });
    writeFileSync(join(dir, 'progress.gif'), 'gif');
    assert.equal((await stream.next<RunDetail>('detail', (d) => d.files.gif)).files.gif, true);
  } finally {
    stream.end();
  }
});

test('training images: the run\'s own data as bytes, or why there are none', async () => {
  const a = await get(studio.url, '/api/runs/done/training-images');
  assert.equal(a.status, 200);
  assert.deepEqual([a.headers['x-ganforge-shape'], a.headers['x-ganforge-count'], a.headers['x-ganforge-labelled']], ['28,28,1', '64', '1']);
  assert.equal(a.body.length, 64 * 784 + 64);
  assert.deepEqual([...a.body.subarray(64 * 784, 64 * 784 + 10)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'labels interleaved across classes');
  assert.ok(a.body.subarray(0, 784).some((p) => p === 255) && a.body.subarray(0, 784).some((p) => p === 0));
  const toy = await get(studio.url, '/api/runs/toy/training-images');
  assert.deepEqual([toy.status, json(toy).error], [409, 'this run\'s data (toy) are not images, so there are no training images to compare samples with.']);
  const broken = await get(studio.url, '/api/runs/broken/training-images');
  assert.deepEqual([broken.status, json(broken).error], [409, 'the run\'s config.json has no valid data section, so its training images cannot be loaded.']);
});

test('training images come only from the runs folder or a folder passed with --data', async () => {
  const answer = await get(studio.url, '/api/runs/elsewhere/training-images');
  assert.equal(answer.status, 403);
  assert.match(json(answer).error, /^The run elsewhere trained on .*, outside the runs folder; start the studio with --data .* to let the explorer show those images\.$/);
});
