// report.html: one self-contained page (pictures inlined, no scripts, no network) with what
// `ganforge eval` measured and the run's history as curves.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.ts';
import type { RunDir } from '../io/run_dir.ts';
import { QUALITY_FIGURES } from './quality_snapshot.ts';
import { TOY_FIGURES } from './toy_snapshot.ts';
import { metricsSvgs, STANDARD_GAN_FIGURES } from '../viz/plot.ts';
import { evaluateRun, type EvalOptions, type EvalPictures, type EvalResult } from './evaluate_run.ts';

/** The largest progress.gif inlined into the page. */
const MAX_GIF_BYTES = 8 * 1024 * 1024;

/** What each metric means, shown beside its value. */
const EXPLAIN: Record<string, string> = {
  fid: 'Fréchet distance between Gaussians fitted to the classifier features of samples and held-out images (Heusel et al. 2017); lower is better, 0 is identical statistics.',
  kid: 'Kernel distance (Bińkowski et al. 2018): unbiased MMD² with a cubic kernel on the same features; lower is better, about 0 for the same distribution.',
  kid_std: 'Standard deviation of KID over its random subsets.',
  precision: 'Share of samples inside the k-NN manifold of held-out features (Kynkäänniemi et al. 2019): fidelity.',
  recall: 'Share of held-out images inside the samples\' manifold: diversity; low recall with high precision is mode collapse.',
  density: 'Naeem et al. 2020: how many held-out neighbourhoods a sample falls in, over k; about 1 for the same distribution.',
  coverage: 'Share of held-out images with a sample in their neighbourhood (Naeem et al. 2020).',
  inception_score: 'exp E KL(p(y|x) || p(y)) with ganforge\'s classifier (Salimans et al. 2016): high when each sample is clearly one class and the classes are balanced; at most the number of classes.',
  class_kl: 'KL divergence of the predicted-class histogram from uniform, in nats: 0 when balanced; a missing class raises it.',
  missing_classes: 'Classes the classifier never predicts among the samples.',
  mean_max_prob: 'The classifier\'s mean top probability: confident on real images, not on noise.',
  label_accuracy: 'Share of conditional samples classified as the class they were asked for.',
};

const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const img = (mime: string, bytes: Buffer | Uint8Array, alt: string) => `<img alt="${esc(alt)}" src="data:${mime};base64,${Buffer.from(bytes).toString('base64')}">`;
const fmt = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3));

function table(rows: Array<[string, string, string?]>): string {
  return `<table>${rows.map(([k, v, note]) => `<tr><th>${esc(k)}</th><td>${v}</td><td class="note">${esc(note ?? '')}</td></tr>`).join('')}</table>`;
}

export async function renderReport(dir: RunDir, r: EvalResult, p: EvalPictures): Promise<string> {
  const parts: string[] = [];
  parts.push(`<h1>${esc(r.run)}</h1>`, table([
    ['step', String(r.step)], ['data', esc(r.data)], ['family', esc(r.family)], ['architecture', esc(r.architecture)], ['loss', esc(r.loss)], ['samples measured', String(r.samples)],
  ]));
  if (r.quality) {
    parts.push('<h2>Sample quality</h2>', `<p>Measured with ganforge's classifier for this data, against ${r.realReference?.images} held-out real images.</p>`,
      table(Object.entries(r.quality).map(([k, v]) => [k, fmt(v), EXPLAIN[k]])));
    if (r.realReference) {
      parts.push(`<p>Held-out real images score: Inception score ${fmt(r.realReference.inception_score)}, mean top probability ${fmt(r.realReference.mean_max_prob)}.</p>`);
    }
  }
  if (r.toy) {
    parts.push('<h2>Against the true density</h2>', table(Object.entries(r.toy).filter(([k]) => k !== 'step').map(([k, v]) => [k, fmt(v)])));
    if (p.toy) parts.push(img('image/png', p.toy, 'data, samples and discriminator'));
  }
  if (p.samples) parts.push('<h2>Samples</h2>', img('image/png', p.samples, 'generated samples'));
  if (existsSync(dir.gif) && statSync(dir.gif).size <= MAX_GIF_BYTES) parts.push('<h3>Training, from the fixed noise</h3>', img('image/gif', readFileSync(dir.gif), 'progress'));
  if (p.classes) parts.push(p.classes);
  const history = [
    ...(await metricsSvgs(dir.readMetrics(), 'step', STANDARD_GAN_FIGURES)),
    ...(await metricsSvgs(dir.readEvaluation(), 'step', r.toy ? TOY_FIGURES : QUALITY_FIGURES)),
  ];
  if (history.length) parts.push('<h2>History</h2>', ...history.map((h) => `<figure>${h.svg}</figure>`));
  if (r.memorisation) {
    const m = r.memorisation;
    parts.push('<h2>Memorisation</h2>',
      '<p>Does the generator copy its training images? Each row: a sample, then its three nearest training images (Euclidean, in pixels); the first five rows are the samples nearest any training image, the others are spread over the rest.</p>',
      table([
        ['median distance, sample → training', fmt(m.median_generated)],
        ['median distance, held-out real → training', fmt(m.median_held_out)],
        ['ratio', fmt(m.ratio), 'well below 1: samples sit on training images'],
        ['near copies', fmt(m.near_copies), 'share of samples nearer a training image than 99% of held-out images are; about 0.01 when nothing is copied'],
      ]));
    if (p.memorisation) parts.push(img('image/png', p.memorisation, 'samples beside their nearest training images'));
    if (p.distances) parts.push(`<figure>${p.distances}</figure>`);
  }
  if (r.wrongLabel) {
    const w = r.wrongLabel;
    parts.push('<h2>The wrong-label experiment</h2>',
      `<p>The conditional discriminator on ${w.count} held-out real images, each with its true label and with every wrong one (${w.scale === 'probability' ? 'D as a probability of "real"' : 'critic scores'}).</p>`,
      table([
        ['mean D, true label', fmt(w.meanTrue)], ['mean D, wrong label', fmt(w.meanWrong)],
        ['true label scored above the wrong ones', fmt(w.trueAboveWrong), 'share of images; 0.5 when D ignores the label'],
        ['true label scored best', fmt(w.trueBest), 'D as a classifier; chance is one over the number of classes'],
      ]));
  }
  if (r.listening) {
    const l = r.listening;
    parts.push('<h2>Does it draw what the text says?</h2>',
      '<p>Sentences naming each class, in phrasings used in training and in phrasings held out of it; ganforge\'s classifier says which class each sample shows.</p>',
      table([
        ['class accuracy, training phrasings', fmt(l.training.accuracy), `${l.training.samples} samples of ${l.training.sentences} sentences; chance is one over the number of classes`],
        ['class accuracy, held-out phrasings', fmt(l.heldOut.accuracy), `${l.heldOut.samples} samples of ${l.heldOut.sentences} sentences`],
      ]),
      '<p>The same noise drawn with two words of an attribute; the attribute measured on the samples (src/text/attributes.ts) should move towards the second word.</p>',
      `<table><tr><th>attribute</th><th>words</th><th>means</th><th>effect size (Cohen's d)</th><th>pairs that moved</th></tr>${l.attributes.map((a) =>
        `<tr><td>${esc(a.attribute)}</td><td>${esc(a.low)} → ${esc(a.high)}</td><td>${fmt(a.meanLow)} → ${fmt(a.meanHigh)}</td><td>${fmt(a.effectSize)}</td><td>${fmt(a.pairsMoved)} of ${a.pairs}</td></tr>`).join('')}</table>`);
    if (l.unknownWords.length) parts.push(`<p>Words of the held-out phrasings the vocabulary lacks (skipped): ${l.unknownWords.map(esc).join(', ')}.</p>`);
    if (p.text) parts.push('<h3>A row per held-out sentence</h3>', `<ol>${l.heldOut.examples.map((e) => `<li>${esc(e)}</li>`).join('')}</ol>`, img('image/png', p.text, 'samples of held-out sentences'));
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ganforge eval: ${esc(r.run)}</title>
<style>
body { font-family: 'DejaVu Sans', sans-serif; max-width: 960px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 1em 0; } th, td { padding: 3px 10px; text-align: left; border-bottom: 1px solid #ddd; vertical-align: top; }
td.note { color: #666; font-size: 0.85em; } img, svg { max-width: 100%; } figure { margin: 1em 0; }
</style></head><body>
${parts.join('\n')}
<p class="note">Written by <code>ganforge eval</code>; the numbers are in eval.json beside this file.</p>
</body></html>
`;
}

/** Measures a run and writes its eval.json and report.html. */
export async function evaluateAndReport(run: string, opts: EvalOptions): Promise<{ dir: RunDir; result: EvalResult; pictures: EvalPictures }> {
  const evaluated = await evaluateRun(run, opts);
  const { dir, result, pictures } = evaluated;
  writeFileAtomic(join(dir.root, 'eval.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileAtomic(join(dir.root, 'report.html'), await renderReport(dir, result, pictures));
  return evaluated;
}
