// The playground (issue 6, item 1): a small GAN trained in the browser on a 1-D or 2-D
// distribution, with every knob of the GAN core that applies to MLPs, its set-up in the URL,
// and live pictures of D, G and the distances to the true density.
import * as tf from '@tensorflow/tfjs';
import { useEffect, useRef, useState } from 'preact/hooks';
import { startBackend } from '../explorer/backend.ts';
import { href } from '../router.ts';
import { messageOf, Note, Problem } from '../ui/messages.tsx';
import { fromPx, toPx } from '../ui/plane.ts';
import { Knobs } from './knobs.tsx';
import { downloadGenerator } from './download.ts';
import { isProbability } from './gan.ts';
import { Session, type Update } from './session.ts';
import { restartReason, sessionKey, setupFromQuery, setupToQuery, type Setup } from './setup.ts';
import { noiseReach, type Snapshot } from './snapshot.ts';
import { DRAWN_STD } from './target.ts';
import { COLORS, drawChart, drawDensities, drawNoiseMap, drawPlane } from './views.ts';

/** Training time per animation frame: the page stays responsive while it trains. */
const FRAME_BUDGET_MS = 25;
/** Views and metrics are refreshed at most this often while playing, and take at most a quarter of the time. */
const SNAPSHOT_EVERY_MS = 150;

const WHAT_MOVED: Record<Update, string> = {
  discriminator: 'D was updated: its picture moved toward telling the real points from the generated ones; the generated points stayed where they were.',
  generator: 'G was updated: the generated points moved along the arrows (the way G\'s loss pushes them); D stayed as it was.',
};

export function PlaygroundPage({ query = '' }: { query?: string }) {
  const [setup, setSetup] = useState<Setup>(() => setupFromQuery(query));
  const [backend, setBackend] = useState<string>();
  const [error, setError] = useState<string>();
  const [session, setSession] = useState<Session>();
  const [snapshot, setSnapshot] = useState<Snapshot>();
  const [playing, setPlaying] = useState(false);
  const [stepwise, setStepwise] = useState(false);
  const [lastUpdate, setLastUpdate] = useState<Update>();
  const [arrows, setArrows] = useState(true);
  const [stroke, setStroke] = useState<number[][]>([]);
  /** Why the last knob change started training again, while no training knob has changed since. */
  const [restarted, setRestarted] = useState<string>();
  const [resets, setResets] = useState(0);
  /** The set-up the last session started from. */
  const started = useRef<Setup | undefined>(undefined);

  useEffect(() => { startBackend().then(setBackend, (e) => setError(messageOf(e))); }, []);

  // The URL names the set-up, so that the view can be shared.
  useEffect(() => { history.replaceState(null, '', href({ page: 'playground', query: setupToQuery(setup) })); }, [setup]);

  // New data, networks, noise or seed (or Reset) start a new session.
  const key = sessionKey(setup);
  useEffect(() => {
    if (!backend) return;
    setError(undefined);
    setRestarted(started.current && restartReason(started.current, setup));
    started.current = setup;
    if (setup.data === 'drawn' && setup.drawn.length === 0) { setSession(undefined); setSnapshot(undefined); return; }
    let s: Session;
    try {
      s = new Session(setup);
    } catch (e) {
      setError(messageOf(e));
      setSession(undefined);
      setSnapshot(undefined);
      return;
    }
    setSession(s);
    setSnapshot(s.snapshot());
    setLastUpdate(undefined);
    return () => s.dispose();
  }, [backend, key, resets]);

  // Any other knob applies to the running session from its next update.
  useEffect(() => {
    if (!session || session.setup === setup || sessionKey(session.setup) !== key) return;
    session.retune(setup);
    setRestarted(undefined);
    // The views show D and G's push as the new loss reads them.
    setSnapshot(session.snapshot());
  }, [session, setup]);

  // Training in animation-frame-sized chunks.
  const frame = useRef(0);
  useEffect(() => {
    if (!session || !playing || stepwise) return;
    let nextSnapshot = performance.now() + SNAPSHOT_EVERY_MS;
    const tick = () => {
      const start = performance.now();
      try {
        while (performance.now() - start < FRAME_BUDGET_MS) session.trainStep();
        const now = performance.now();
        if (now > nextSnapshot) {
          const snap = session.snapshot();
          setSnapshot(snap);
          if (!Number.isFinite(snap.metrics.w1)) throw new Error(`the generated points turned NaN at step ${session.step}; lower the learning rates`);
          nextSnapshot = performance.now() + Math.max(SNAPSHOT_EVERY_MS, 3 * (performance.now() - now));
        }
      } catch (e) {
        setError(messageOf(e));
        setPlaying(false);
        return;
      }
      frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame.current);
  }, [session, playing, stepwise]);

  const change = (patch: Partial<Setup>) => setSetup((s) => ({ ...s, ...patch }));
  const reset = () => setResets((n) => n + 1);
  // Pausing shows the weights where training stopped (the views lag by up to a snapshot's interval while playing):
  // the next frame's training is cancelled at once, not when the page next renders.
  const pause = () => {
    cancelAnimationFrame(frame.current);
    setPlaying(false);
    if (session) setSnapshot(session.snapshot());
  };
  const stepOnce = () => {
    if (!session) return;
    setLastUpdate(session.update());
    setSnapshot(session.snapshot());
  };

  if (!backend) return <section><h1>Playground</h1>{error ? <Problem>{error}</Problem> : <Note>Starting TensorFlow.js…</Note>}</section>;
  const m = snapshot?.metrics;
  return (
    <section class="playground">
      <h1>Playground <span class="muted">· TensorFlow.js on {backend === 'webgl' ? 'WebGL' : 'the CPU'}</span></h1>
      <div class="controls row">
        <button data-testid="play" disabled={!session || stepwise} onClick={() => (playing ? pause() : setPlaying(true))}>{playing ? 'Pause' : 'Play'}</button>
        <button data-testid="reset" onClick={reset}>Reset</button>
        <label><input type="checkbox" data-testid="stepwise" checked={stepwise} onChange={(e) => { setStepwise(e.currentTarget.checked); pause(); }} /> step by step</label>
        {stepwise && session && <button data-testid="next-update" onClick={stepOnce}>Next: {session.next === 'discriminator' ? `D update (${session.dUpdates + 1} of ${setup.dSteps})` : 'G update'}</button>}
        <label><input type="checkbox" checked={arrows} onChange={(e) => setArrows(e.currentTarget.checked)} /> gradient arrows</label>
        <button disabled={!session} title="model.json, weights.bin and manifest.json, as ganforge exports a generator: the explorer opens them" onClick={() => (session ? downloadGenerator(session) : Promise.resolve()).catch((e) => setError(messageOf(e)))}>Download the generator</button>
        <span class="facts">
          step <output data-testid="step" data-value={session?.step ?? 0}>{session?.step ?? 0}</output>
          {' · '}JSD <output data-testid="jsd" data-value={m?.jsd ?? ''}>{m ? m.jsd.toFixed(3) : '–'}</output>
          {' · '}KL <output data-testid="kl" data-value={m?.kl ?? ''}>{m ? m.kl.toFixed(3) : '–'}</output>
          {' · '}W1 <output data-testid="w1" data-value={m?.w1 ?? ''}>{m ? m.w1.toFixed(3) : '–'}</output>
          {m?.modes !== undefined && <>{' · '}modes <output data-testid="modes">{m.modesCovered}/{m.modes}</output></>}
          {' · '}tensors <output data-testid="tensors" data-value={tf.memory().numTensors}>{tf.memory().numTensors}</output>
        </span>
      </div>
      {error && <Problem>The playground stopped: {error}. Press Reset to start again from new weights.</Problem>}
      {restarted && <Note>Restarted: {restarted}.</Note>}
      {stepwise && lastUpdate && <Note>{WHAT_MOVED[lastUpdate]}</Note>}
      <div class="row">
        <Knobs setup={setup} change={change} />
        <div>
          <MainView session={session} snapshot={snapshot} arrows={arrows} setup={setup} stroke={stroke} setStroke={setStroke} change={change} />
          {setup.data === 'drawn' && <p class="facts">Click or drag on the picture to draw the data{setup.drawn.length > 0 && <> · <button onClick={() => change({ drawn: [] })}>clear</button></>}</p>}
        </div>
        {session && snapshot && <NoiseView session={session} snapshot={snapshot} />}
      </div>
      {session && snapshot && <Charts session={session} snapshot={snapshot} />}
      <p class="facts">
        The loss, k, the optimiser and its settings, label smoothing, the penalties, the clip and the batch size apply to the training under way from its next update (a changed optimiser or rate starts that optimiser afresh);
        new data, layer sizes, noise or seed start training again from new weights. The address bar holds the whole set-up, so the link restores this view.
        JSD and KL (nats) compare with the exact density: in 1-D on a fine grid, with G's density by a kernel estimate; in 2-D on blurred 64 × 64 histograms, the truth's from 50,000 exact draws.
        W1 is exact in 1-D and sliced (the mean over 32 directions) in 2-D; a mode is covered with enough samples within 3 std of it.
      </p>
    </section>
  );
}

function useCanvas(draw: (ctx: CanvasRenderingContext2D) => void, deps: unknown[]) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => { const ctx = ref.current?.getContext('2d'); if (ctx) draw(ctx); }, deps);
  return ref;
}

function MainView({ session, snapshot, arrows, setup, stroke, setStroke, change }: {
  session?: Session; snapshot?: Snapshot; arrows: boolean; setup: Setup; stroke: number[][]; setStroke: (s: number[][]) => void; change: (p: Partial<Setup>) => void;
}) {
  const drawing = setup.data === 'drawn';
  const ref = useCanvas((ctx) => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    if (snapshot && session) (session.target.dim === 2 ? drawPlane : drawDensities)(ctx, snapshot, arrows);
    if (drawing) {
      // The drawn points themselves, as circles of their Gaussians' 3 std.
      ctx.strokeStyle = COLORS.real;
      for (const [x, y] of [...setup.drawn, ...stroke]) {
        ctx.beginPath();
        ctx.arc(...toPx(ctx.canvas, x, y), 3 * DRAWN_STD * ctx.canvas.width / 2, 0, 2 * Math.PI);
        ctx.stroke();
      }
    }
  }, [snapshot, arrows, stroke, setup.drawn]);
  // The stroke in progress, read by handlers that may run before the next render (a quick click).
  const pending = useRef<number[][]>([]);
  const add = (e: MouseEvent) => {
    const p = fromPx(ref.current!, e);
    const last = pending.current[pending.current.length - 1];
    // A stroke leaves a point every 0.05 of the box, so that dragging draws a curve of small Gaussians.
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) > 0.05) setStroke(pending.current = [...pending.current, p]);
  };
  const mouse = drawing ? {
    onMouseDown: (e: MouseEvent) => { pending.current = []; add(e); },
    onMouseMove: (e: MouseEvent) => { if (e.buttons === 1) add(e); },
    onMouseUp: () => {
      if (pending.current.length) change({ drawn: [...setup.drawn, ...pending.current].slice(-300) });
      setStroke(pending.current = []);
    },
  } : {};
  const oneD = session?.target.dim === 1;
  return (
    <figure>
      <canvas ref={ref} data-testid="main-view" width={420} height={oneD ? 300 : 420} class="view" style={drawing ? { cursor: 'crosshair' } : {}} {...mouse} />
      <figcaption>
        {oneD
          ? <><b style={{ color: COLORS.real }}>p_data</b>, <b style={{ color: COLORS.generated }}>p_g</b> (kernel estimate), <b style={{ color: COLORS.d }}>D(x)</b> and the optimal <b>D* = p_data / (p_data + p_g)</b> (dashed); real and generated points as ticks below</>
          : <>D as a heat map (green: says real, purple: says fake, white: cannot tell), <b style={{ color: COLORS.real }}>real</b> and <b style={{ color: COLORS.generated }}>generated</b> points</>}
        {arrows && ', arrows: how G\'s loss moves generated points'}
        {session && !isProbability(setup.loss) && ' (a critic: its scores rescaled to [0, 1])'}
      </figcaption>
    </figure>
  );
}

function NoiseView({ session, snapshot }: { session: Session; snapshot: Snapshot }) {
  const reach = noiseReach(session.setup);
  const ref = useCanvas((ctx) => drawNoiseMap(ctx, snapshot, session.target.dim, reach), [snapshot]);
  return (
    <figure>
      <canvas ref={ref} data-testid="noise-view" width={260} height={260} class="view" />
      <figcaption>{session.target.dim === 2 && session.setup.latentDim > 1
        ? `G's image of a grid over the noise's first two coordinates (±${reach})`
        : `G's mapping of noise (up, ±${reach}) onto x (across)`}</figcaption>
    </figure>
  );
}

function Charts({ session, snapshot }: { session: Session; snapshot: Snapshot }) {
  const h = session.history;
  const losses = useCanvas((ctx) => drawChart(ctx, h.steps, [
    { color: COLORS.d, values: h.dLoss }, { color: COLORS.generated, values: h.gLoss }]), [snapshot]);
  const distances = useCanvas((ctx) => drawChart(ctx, h.steps, [
    { color: '#3657c8', values: h.jsd }, { color: '#d97706', values: h.kl }, { color: '#0f766e', values: h.w1 }], true), [snapshot]);
  const modes = useCanvas((ctx) => drawChart(ctx, h.steps, [{ color: COLORS.real, values: h.modesCovered }]), [snapshot]);
  return (
    <div class="row">
      <figure><canvas ref={losses} width={300} height={140} /><figcaption><b style={{ color: COLORS.d }}>D loss</b> and <b style={{ color: COLORS.generated }}>G loss</b></figcaption></figure>
      <figure><canvas ref={distances} width={300} height={140} /><figcaption><b style={{ color: '#3657c8' }}>JSD</b>, <b style={{ color: '#d97706' }}>KL</b>, <b style={{ color: '#0f766e' }}>W1</b> to the truth (log scale)</figcaption></figure>
      {snapshot.metrics.modes !== undefined && <figure><canvas ref={modes} width={300} height={140} /><figcaption>modes covered (of {snapshot.metrics.modes})</figcaption></figure>}
    </div>
  );
}
