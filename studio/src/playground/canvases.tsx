// The playground's pictures as page elements: the main view (D and the points, or the 1-D
// densities; the drawing surface for drawn data), G's noise map and the training charts, each
// canvas with a text alternative that says what it shows now.
import { useEffect, useRef } from 'preact/hooks';
import { fromPx, toPx } from '../ui/plane.ts';
import { isProbability } from './gan.ts';
import type { Session } from './session.ts';
import type { Setup } from './setup.ts';
import { noiseReach, type Snapshot } from './snapshot.ts';
import { DRAWN_STD } from './target.ts';
import { COLORS, drawChart, drawDensities, drawNoiseMap, drawPlane } from './views.ts';

function useCanvas(draw: (ctx: CanvasRenderingContext2D) => void, deps: unknown[]) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => { const ctx = ref.current?.getContext('2d'); if (ctx) draw(ctx); }, deps);
  return ref;
}

export function MainView({ session, snapshot, arrows, setup, stroke, setStroke, change }: {
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
  const add = (e: PointerEvent) => {
    const p = fromPx(ref.current!, e);
    const last = pending.current[pending.current.length - 1];
    // A stroke leaves a point every 0.05 of the box, so that dragging draws a curve of small Gaussians.
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) > 0.05) setStroke(pending.current = [...pending.current, p]);
  };
  // Pointer events draw with a mouse, a pen or a finger alike (touch-action: none keeps a finger's drag from scrolling).
  const pointer = drawing ? {
    onPointerDown: (e: PointerEvent) => { pending.current = []; ref.current!.setPointerCapture(e.pointerId); add(e); },
    onPointerMove: (e: PointerEvent) => { if (e.buttons === 1) add(e); },
    onPointerUp: () => {
      // Added to the running training: the step count goes on.
      if (pending.current.length) change({ drawn: [...setup.drawn, ...pending.current].slice(-300) });
      setStroke(pending.current = []);
    },
  } : {};
  const oneD = session?.target.dim === 1;
  return (
    <figure>
      <canvas ref={ref} data-testid="main-view" width={420} height={oneD ? 300 : 420} class={drawing ? 'view drawing' : 'view'} {...pointer}
        role="img" aria-label={describeMain(setup, session, snapshot, drawing)} />
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

/** What the main view shows now, in words. */
function describeMain(setup: Setup, session: Session | undefined, snapshot: Snapshot | undefined, drawing: boolean): string {
  if (!session || !snapshot) return drawing ? 'An empty plane: click or drag on it to draw the data.' : 'No training yet.';
  const m = snapshot.metrics;
  const what = session.target.dim === 1
    ? 'The true density, G\'s density, D(x) and the optimal D* over x, with real and generated points as ticks'
    : `D's verdict over the plane as a heat map (green: real, purple: fake), with real and generated points${drawing ? ' and the drawn ones as circles' : ''}`;
  const modes = m.modes !== undefined ? `, ${m.modesCovered} of ${m.modes} modes covered` : '';
  return `${what}. Step ${session.step}: JSD ${m.jsd.toFixed(3)} to the truth${modes}${isProbability(setup.loss) ? '' : ' (D is a critic, rescaled)'}.`;
}

export function NoiseView({ session, snapshot }: { session: Session; snapshot: Snapshot }) {
  const reach = noiseReach(session.setup);
  const ref = useCanvas((ctx) => drawNoiseMap(ctx, snapshot, session.target.dim, reach), [snapshot]);
  const caption = session.target.dim === 2 && session.setup.latentDim > 1
    ? `G's image of a grid over the noise's first two coordinates (±${reach})`
    : `G's mapping of noise (up, ±${reach}) onto x (across)`;
  return (
    <figure>
      <canvas ref={ref} data-testid="noise-view" width={260} height={260} class="view" role="img" aria-label={`${caption}, at step ${session.step}.`} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

export function Charts({ session, snapshot }: { session: Session; snapshot: Snapshot }) {
  const h = session.history;
  const losses = useCanvas((ctx) => drawChart(ctx, h.steps, [
    { color: COLORS.d, values: h.dLoss }, { color: COLORS.generated, values: h.gLoss }]), [snapshot]);
  const distances = useCanvas((ctx) => drawChart(ctx, h.steps, [
    { color: '#3657c8', values: h.jsd }, { color: '#d97706', values: h.kl }, { color: '#0f766e', values: h.w1 }], true), [snapshot]);
  const modes = useCanvas((ctx) => drawChart(ctx, h.steps, [{ color: COLORS.real, values: h.modesCovered }]), [snapshot]);
  const last = (values: number[]) => (values.length ? values[values.length - 1].toPrecision(3) : 'none yet');
  const over = `over ${h.steps[h.steps.length - 1] ?? 0} steps`;
  return (
    <div class="row">
      <figure>
        <canvas ref={losses} width={300} height={140} role="img" aria-label={`D loss and G loss ${over}; now D ${last(h.dLoss)}, G ${last(h.gLoss)}.`} />
        <figcaption><b style={{ color: COLORS.d }}>D loss</b> and <b style={{ color: COLORS.generated }}>G loss</b></figcaption>
      </figure>
      <figure>
        <canvas ref={distances} width={300} height={140} role="img" aria-label={`JSD, KL and W1 to the truth ${over}, log scale; now JSD ${last(h.jsd)}, KL ${last(h.kl)}, W1 ${last(h.w1)}.`} />
        <figcaption><b style={{ color: '#3657c8' }}>JSD</b>, <b style={{ color: '#d97706' }}>KL</b>, <b style={{ color: '#0f766e' }}>W1</b> to the truth (log scale)</figcaption>
      </figure>
      {snapshot.metrics.modes !== undefined && (
        <figure>
          <canvas ref={modes} width={300} height={140} role="img" aria-label={`Modes covered ${over}; now ${snapshot.metrics.modesCovered} of ${snapshot.metrics.modes}.`} />
          <figcaption>modes covered (of {snapshot.metrics.modes})</figcaption>
        </figure>
      )}
    </div>
  );
}
