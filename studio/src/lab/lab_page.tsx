// The lab: one 2-D distribution, picked or drawn once, learnt side by side by a GAN, a VAE, a
// generative moment-matching network and a diffusion model, each in its own panel with its own
// play/pause/step, knobs and the view that explains it, with shared charts of their distances to
// the truth and their updates per second on one clock. The set-up lives in the URL.
import * as tf from '@tensorflow/tfjs';
import { useEffect, useRef, useState } from 'preact/hooks';
import { LOSSES } from '../../../src/config/schema.ts';
import { SCHEDULE_NAMES } from '../../../src/diffusion/schedule.ts';
import { MetricChart } from '../dashboard/metric_chart.tsx';
import { inFrame, frameFromPx } from '../playground/frame.ts';
import { Choice, DATA_LABELS, NumberKnob } from '../playground/knobs.tsx';
import { DRAWN_STD } from '../playground/target.ts';
import { COLORS } from '../playground/views.ts';
import { href } from '../router.ts';
import { toPx } from '../ui/plane.ts';
import { Note, Problem } from '../ui/messages.tsx';
import { useTraining } from '../ui/use_training.ts';
import type { DiffusionModel } from './diffusion_model.ts';
import type { GanModel } from './gan_model.ts';
import type { GmnModel } from './gmn_model.ts';
import { keptLab, type Lab, type Panel } from './lab.ts';
import { FAMILIES, LAB_DATA, labToQuery, type LabFamily, type LabSetup } from './lab_setup.ts';
import { DiffusionViews, GanViews, GmnViews, VaeViews } from './lab_views.tsx';
import type { VaeModel } from './vae_model.ts';

const TITLES: Record<LabFamily, string> = { gan: 'GAN', vae: 'VAE', gmn: 'Moment matching (GMN)', diffusion: 'Diffusion' };

type Change = (patch: Partial<LabSetup>) => void;

function FamilyKnobs({ family, setup, change }: { family: LabFamily; setup: LabSetup; change: Change }) {
  const p = { setup, change };
  switch (family) {
    case 'gan': return <><Choice k="ganLoss" label="loss" values={LOSSES} {...p} /><NumberKnob k="ganLr" label="learning rate (G and D)" step={0.0001} min={1e-6} max={1} {...p} /></>;
    case 'vae': return <><NumberKnob k="vaeLr" label="learning rate" step={0.0001} min={1e-6} max={1} {...p} /><NumberKnob k="vaeStd" label="decoder std σ" step={0.01} min={0.01} max={1} {...p} /></>;
    case 'gmn': return <><NumberKnob k="gmnLr" label="learning rate" step={0.0001} min={1e-6} max={1} {...p} /><NumberKnob k="gmnBandwidth" label="kernel width × median" step={0.1} min={0.05} max={20} {...p} /></>;
    case 'diffusion': return <><NumberKnob k="diffusionLr" label="learning rate" step={0.0001} min={1e-6} max={1} {...p} /><NumberKnob k="diffusionSteps" label="timesteps T" step={1} min={2} max={1000} {...p} /><Choice k="diffusionSchedule" label="schedule" values={SCHEDULE_NAMES} {...p} /></>;
  }
}

function FamilyViews({ lab, panel }: { lab: Lab; panel: Panel }) {
  const version = panel.history.length + 1e6 * panel.generation;
  const data = lab.data!;
  switch (panel.family) {
    case 'gan': return <GanViews model={panel.model as GanModel} version={version} />;
    case 'vae': return <VaeViews model={panel.model as VaeModel} data={data} version={version} />;
    case 'gmn': return <GmnViews model={panel.model as GmnModel} data={data} version={version} fake={panel.last?.fake} />;
    case 'diffusion': return <DiffusionViews model={panel.model as DiffusionModel} version={version} />;
  }
}

const fixed = (v: number | undefined, digits = 3) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

function PanelView({ lab, panel }: { lab: Lab; panel: Panel }) {
  const f = panel.family, m = panel.last?.metrics, model = panel.model;
  const terms = Object.keys(panel.last?.losses ?? {});
  const series = (term: string) => ({ records: panel.history.map((r) => ({ step: r.step, value: r.losses[term] })), generation: panel.generation });
  return (
    <div class="panel lab-panel" data-testid={`lab-${f}`}>
      <h2>{TITLES[f]}</h2>
      <div class="controls row">
        <button data-testid={`lab-${f}-play`} disabled={!model || !!panel.error} onClick={() => (panel.playing ? lab.pause(f) : lab.play(f))}>{panel.playing ? 'Pause' : 'Play'}</button>
        <button data-testid={`lab-${f}-step`} disabled={!model} onClick={() => lab.step(f)}>Step</button>
        <button data-testid={`lab-${f}-download`} disabled={!model} title="model.json, weights.bin and manifest.json, as ganforge exports this family's model" onClick={() => lab.download(f)}>Download</button>
        <span class="facts">
          step <output data-testid={`lab-${f}-steps`} data-value={model?.step ?? 0}>{model?.step ?? 0}</output>
          {' · '}JSD <output data-testid={`lab-${f}-jsd`} data-value={m?.jsd ?? ''}>{fixed(m?.jsd)}</output>
          {' · '}KL <output data-testid={`lab-${f}-kl`} data-value={m?.kl ?? ''}>{fixed(m?.kl)}</output>
          {' · '}W1 <output data-testid={`lab-${f}-w1`} data-value={m?.w1 ?? ''}>{fixed(m?.w1)}</output>
          {' · '}<output data-testid={`lab-${f}-rate`} data-value={Number.isFinite(panel.rate) ? panel.rate : ''}>{Number.isFinite(panel.rate) ? Math.round(panel.rate) : '–'}</output> updates/s
        </span>
      </div>
      {panel.error && <Problem>This model stopped: {panel.error}. Change a knob to start it again from new weights.</Problem>}
      <div class="knobs row"><FamilyKnobs family={f} setup={lab.setup} change={(p) => lab.change(p)} /></div>
      {model && lab.data && <FamilyViews lab={lab} panel={panel} />}
      {terms.length > 0 && (
        <div class="charts">
          <MetricChart key={`${f}-terms`} metric="value" title={f === 'vae' ? 'the ELBO\'s two terms (nats per point): −E log P(x|z) and KL(Q(z|x) ‖ P(z))' : terms.join(', ')}
            lines={terms.map((t) => ({ run: t, series: series(t) }))} runs={terms} version={panel.history.length + panel.generation * 1e6} renderer="canvas" />
        </div>
      )}
    </div>
  );
}

/** The shared charts: each family's distances to the truth and updates per second over the lab's clock. */
function SharedCharts({ lab }: { lab: Lab }) {
  const version = FAMILIES.reduce((n, f) => n + lab.panels[f].history.length + 1e6 * lab.panels[f].generation, 0);
  const runs = FAMILIES.map((f) => TITLES[f]);
  const lines = (metric: 'jsd' | 'kl' | 'w1' | 'rate') => FAMILIES.map((f) => ({
    run: TITLES[f], series: { records: lab.panels[f].history.map((r) => ({ step: r.time, [metric]: r[metric] })), generation: lab.panels[f].generation },
  }));
  const charts: ['jsd' | 'kl' | 'w1' | 'rate', string][] = [['jsd', 'JSD to the truth (nats)'], ['kl', 'KL(truth ‖ model) (nats)'], ['w1', 'W1 to the truth'], ['rate', 'updates per second']];
  return (
    <div class="charts playground-charts">
      {charts.map(([metric, title]) => <MetricChart key={metric} metric={metric} title={title} lines={lines(metric)} runs={runs} version={version} renderer="canvas" xTitle="seconds of training" />)}
    </div>
  );
}

/** The drawn distribution's plane: click or drag to add points (each a small Gaussian). */
function DrawingPad({ setup, change }: { setup: LabSetup; change: Change }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const pending = useRef<number[][]>([]);
  const [stroke, setStroke] = useState<number[][]>([]);
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    inFrame(ctx, () => {
      ctx.strokeStyle = COLORS.real;
      for (const [x, y] of [...setup.drawn, ...stroke]) {
        ctx.beginPath();
        ctx.arc(...toPx(ctx.canvas, x, y), (3 * DRAWN_STD * ctx.canvas.width) / 2, 0, 2 * Math.PI);
        ctx.stroke();
      }
    });
  }, [setup.drawn, stroke]);
  const add = (e: PointerEvent) => {
    const p = frameFromPx(ref.current!, e), last = pending.current[pending.current.length - 1];
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) > 0.05) setStroke(pending.current = [...pending.current, p]);
  };
  return (
    <figure>
      <canvas ref={ref} data-testid="lab-drawing" width={260} height={260} class="view drawing" role="img" aria-label={`The drawn distribution: ${setup.drawn.length} points. Click or drag to add more.`}
        onPointerDown={(e) => { pending.current = []; ref.current!.setPointerCapture(e.pointerId); add(e); }}
        onPointerMove={(e) => { if (e.buttons === 1) add(e); }}
        onPointerUp={() => { if (pending.current.length) change({ drawn: [...setup.drawn, ...pending.current].slice(-300) }); setStroke(pending.current = []); }} />
      <figcaption>Click or drag to draw the data (each point a small Gaussian); all four models start again on the new drawing{setup.drawn.length > 0 && <> · <button onClick={() => change({ drawn: [] })}>clear</button></>}</figcaption>
    </figure>
  );
}

export function LabPage({ query = '' }: { query?: string }) {
  const { training: lab, backend, error } = useTraining(() => keptLab(query));
  const setup = lab?.setup;
  useEffect(() => { if (setup) history.replaceState(null, '', href({ page: 'lab', query: labToQuery(setup) })); }, [setup]);
  if (!lab || !setup) return <section><h1>Lab</h1>{error ? <Problem>{error}</Problem> : <Note>Starting TensorFlow.js…</Note>}</section>;
  const change: Change = (p) => lab.change(p);
  return (
    <section class="playground lab" data-tensors={tf.memory().numTensors}>
      <h1>Lab <span class="muted">· four families learn one distribution · TensorFlow.js on {backend === 'webgl' ? 'WebGL' : 'the CPU'}</span></h1>
      <div class="controls row">
        <Choice k="data" label="data" values={LAB_DATA} names={DATA_LABELS} setup={setup} change={change} />
        <NumberKnob k="batchSize" label="batch" step={1} min={8} max={1024} setup={setup} change={change} />
        <NumberKnob k="seed" label="seed" step={1} min={0} max={2 ** 31} setup={setup} change={change} />
        <button data-testid="lab-play-all" disabled={!lab.data} onClick={() => lab.playAll(!lab.anyPlaying)}>{lab.anyPlaying ? 'Pause all' : 'Play all'}</button>
      </div>
      {setup.data === 'drawn' && <DrawingPad setup={setup} change={change} />}
      {!lab.data && <Note>Draw some points to give the models something to learn.</Note>}
      <div class="lab-panels">{FAMILIES.map((f) => <PanelView key={f} lab={lab} panel={lab.panels[f]} />)}</div>
      {lab.data && <SharedCharts lab={lab} />}
      <p class="facts">
        The four models train in turns within each animation frame, so the page stays responsive; updates per second count each panel's updates over wall time while it plays, the others' turns included.
        A changed knob starts that family's model again from new weights; new data, batch or seed start all four. The address bar holds the whole set-up.
        JSD and KL (nats) compare blurred 64 × 64 histograms of 1,500 samples with the truth's from 50,000 exact draws, and W1 is sliced (32 directions), as in the playground.
        Samples are G(z) for the GAN and the GMN, the decoder's mean of z ~ N(0, I) for the VAE, and a 10-step DDIM chain for the diffusion model: what each exported model samples.
      </p>
    </section>
  );
}
