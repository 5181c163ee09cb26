// The playground's pictures as page elements: the main view (D and the points, or the 1-D
// densities; the drawing surface for drawn data) with D's colour scale, and G's noise map, each
// canvas with a text alternative that says what it shows now.
import { useEffect, useRef } from 'preact/hooks';
import { toPx } from '../ui/plane.ts';
import { arrowScale, tenthOfBox } from './arrows.ts';
import { frameFromPx, inFrame } from './frame.ts';
import { isProbability } from './gan.ts';
import { heatGradient } from './heat.ts';
import { drawPlane } from './plane_view.ts';
import type { Session } from './session.ts';
import type { Setup } from './setup.ts';
import { noiseReach, type Snapshot } from './snapshot.ts';
import { DRAWN_STD } from './target.ts';
import type { ViewOptions } from './view_options.ts';
import { COLORS, drawDensities, drawNoiseMap } from './views.ts';

function useCanvas(draw: (ctx: CanvasRenderingContext2D) => void, deps: unknown[]) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => { const ctx = ref.current?.getContext('2d'); if (ctx) draw(ctx); }, deps);
  return ref;
}

export function MainView({ session, snapshot, view, ghost, setup, stroke, setStroke, change }: {
  session?: Session; snapshot?: Snapshot; view: ViewOptions; ghost?: Float32Array; setup: Setup; stroke: number[][]; setStroke: (s: number[][]) => void; change: (p: Partial<Setup>) => void;
}) {
  const drawing = setup.data === 'drawn';
  const ref = useCanvas((ctx) => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    if (snapshot && session) (session.target.dim === 2 ? drawPlane : drawDensities)(ctx, snapshot, view, ghost);
    if (drawing) {
      // The drawn points themselves, as circles of their Gaussians' 3 std.
      inFrame(ctx, () => {
        ctx.strokeStyle = COLORS.real;
        for (const [x, y] of [...setup.drawn, ...stroke]) {
          ctx.beginPath();
          ctx.arc(...toPx(ctx.canvas, x, y), 3 * DRAWN_STD * ctx.canvas.width / 2, 0, 2 * Math.PI);
          ctx.stroke();
        }
      });
    }
  }, [snapshot, view, ghost, stroke, setup.drawn]);
  // The stroke in progress, read by handlers that may run before the next render (a quick click).
  const pending = useRef<number[][]>([]);
  const add = (e: PointerEvent) => {
    const p = frameFromPx(ref.current!, e);
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
  const scale = snapshot && view.layers.arrows ? arrowScale(snapshot.push, oneD ? 1 : 2, view.arrowScale) : undefined;
  return (
    <figure>
      <canvas ref={ref} data-testid="main-view" width={420} height={oneD ? 300 : 420} class={drawing ? 'view drawing' : 'view'} {...pointer}
        role="img" aria-label={describeMain(setup, session, snapshot, drawing)} />
      <figcaption>
        {oneD
          ? <><b style={{ color: COLORS.real }}>p_data</b>, <b style={{ color: COLORS.generated }}>p_g</b> (kernel estimate), <b style={{ color: COLORS.d }}>D(x)</b> and the optimal <b>D* = p_data / (p_data + p_g)</b> (dashed); real and generated points as ticks below</>
          : <>D as a heat map (colour scale below), <b style={{ color: COLORS.real }}>real</b> and <b style={{ color: COLORS.generated }}>generated</b> points in the box [-1, 1]² and a margin around it{view.layers.grid && <>, <b style={{ color: COLORS.noise }}>G's image of the noise grid</b></>}</>}
        {ghost && view.layers.ghosts && ', faint: where the generated points were before the last step'}
        {scale !== undefined && <>, arrows: how G's loss moves generated points (<span data-testid="arrow-scale" data-value={tenthOfBox(scale)}>a tenth of the box is a gradient of {tenthOfBox(scale).toPrecision(2)}</span>{view.arrowScale === 'fixed' ? ', a fixed scale' : ', rescaled to the longest'})</>}
        {session && !isProbability(setup.loss) && ' (a critic: its scores rescaled to [0, 1])'}
      </figcaption>
      {session && !oneD && view.layers.heat && <HeatScale probability={isProbability(setup.loss)} />}
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

/** The heat map's colour scale: D's verdict from fake (0) to real (1). */
function HeatScale({ probability }: { probability: boolean }) {
  return (
    <div class="heat-scale" data-testid="heat-scale">
      <div class="heat-bar" style={{ background: heatGradient() }} />
      <div class="heat-ticks"><span>0{probability ? ': says fake' : ': lowest score'}</span><span>0.5{probability ? ': cannot tell' : ''}</span><span>1{probability ? ': says real' : ': highest score'}</span></div>
      <div class="facts">{probability ? 'D(x), the probability D gives x of being real' : 'the critic\'s score, rescaled to [0, 1] over the box'}</div>
    </div>
  );
}
