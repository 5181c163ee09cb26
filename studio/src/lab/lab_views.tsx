// Each family's pictures in its panel: the GAN's D and G's push (the playground's plane), the VAE's
// encoder means and decoder map, the GMN's witness function, the diffusion model's forward and
// reverse chains under a timestep slider. Every canvas says in words what it shows.
import { useEffect, useRef, useState } from 'preact/hooks';
import { dots, polyline } from '../ui/plane.ts';
import { boxTicks, frameAxes, inFrame, type Tick } from '../playground/frame.ts';
import { drawHeat, drawPlane } from '../playground/plane_view.ts';
import { DEFAULT_VIEW } from '../playground/view_options.ts';
import { COLORS } from '../playground/views.ts';
import type { DiffusionModel } from './diffusion_model.ts';
import type { GanModel } from './gan_model.ts';
import type { GmnModel } from './gmn_model.ts';
import type { LabData } from './lab_model.ts';
import type { VaeModel } from './vae_model.ts';

function useCanvas(draw: (ctx: CanvasRenderingContext2D) => void, deps: unknown[]) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => { const ctx = ref.current?.getContext('2d'); if (ctx) draw(ctx); }, deps);
  return ref;
}

/** Points of a plane `reach` times the box's half side wide, drawn shrunk into the box. */
const shrunk = (points: ArrayLike<number>, reach: number) => Float32Array.from(points as ArrayLike<number>, (v) => v / reach);

/** A framed plane (the playground's frame and axes, labelled for `reach`) with `draw` inside it. */
function plane(ctx: CanvasRenderingContext2D, draw: () => void, reach = 1): void {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  inFrame(ctx, draw);
  const ticks: Tick[] = boxTicks((v) => String(v * reach));
  frameAxes(ctx, ticks, ticks);
}

function View({ testId, label, caption, draw, deps, size = 260 }: { testId: string; label: string; caption: string; draw: (ctx: CanvasRenderingContext2D) => void; deps: unknown[]; size?: number }) {
  const ref = useCanvas(draw, deps);
  return (
    <figure>
      <canvas ref={ref} data-testid={testId} width={size} height={size} class="view" role="img" aria-label={label} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

export function GanViews({ model, version }: { model: GanModel; version: number }) {
  const s = model.snapshot;
  return (
    <View testId="lab-gan-view" deps={[version]} size={300}
      draw={(ctx) => { if (s) drawPlane(ctx, s, DEFAULT_VIEW); }}
      label={`D's verdict over the plane as a heat map (green: real, purple: fake), real and generated points, and arrows of G's push, at step ${model.step}.`}
      caption="D as a heat map (green: says real, purple: says fake), real and generated points, arrows: how G's loss moves its points" />
  );
}

/** The latent plane the VAE's views cover: ±3 of the prior N(0, I). */
const LATENT_REACH = 3;

export function VaeViews({ model, data, version }: { model: VaeModel; data: LabData; version: number }) {
  return (
    <div class="row">
      <View testId="lab-vae-means" deps={[version]}
        draw={(ctx) => plane(ctx, () => {
          // The prior's 1 and 2 std circles: the KL term pulls the means inside them.
          ctx.strokeStyle = '#d1d5db';
          for (const r of [1, 2]) { ctx.beginPath(); ctx.arc(ctx.canvas.width / 2, ctx.canvas.height / 2, (r / LATENT_REACH) * ctx.canvas.width / 2, 0, 2 * Math.PI); ctx.stroke(); }
          if (model.means) dots(ctx, shrunk(model.means, LATENT_REACH), COLORS.real, 1.2);
        }, LATENT_REACH)}
        label={`The encoder's means of the real points in the latent plane (±${LATENT_REACH}), with the prior's 1 and 2 std circles, at step ${model.step}.`}
        caption={`encoder means μ(x) of the real points in the latent plane (±${LATENT_REACH}; circles: the prior's 1 and 2 std)`} />
      <View testId="lab-vae-decoder" deps={[version]}
        draw={(ctx) => plane(ctx, () => {
          dots(ctx, data.real, '#bbf7d0', 1.2);
          for (const line of model.gridLines ?? []) polyline(ctx, line, COLORS.noise, 0.8);
        })}
        label={`The decoder's image of a grid over the latent plane (±2) over the real points, at step ${model.step}.`}
        caption="the decoder's map of a latent grid (±2) over the real points" />
    </div>
  );
}

export function GmnViews({ model, data, version, fake }: { model: GmnModel; data: LabData; version: number; fake?: Float32Array }) {
  return (
    <View testId="lab-gmn-witness" deps={[version]} size={300}
      draw={(ctx) => plane(ctx, () => {
        // f / max|f| mapped to [0, 1]: green where the real points outweigh the generated ones.
        if (model.witness) drawHeat(ctx, Array.from(model.witness, (v) => 0.5 + 0.5 * (v / model.witnessMax)));
        dots(ctx, data.real, COLORS.real, 1.2);
        if (fake) dots(ctx, fake, COLORS.generated, 1.2);
      })}
      label={`The MMD's witness function over the plane (green: more real mass, purple: more generated), with real and generated points, at step ${model.step}.`}
      caption={`MMD witness f(x) = mean k(x, real) − mean k(x, generated), scaled by its largest |f| (${model.witnessMax.toPrecision(2)}): green where real points outweigh generated ones; kernel σ ${model.sigmas.map((s) => s.toPrecision(2)).join(', ')}`} />
  );
}

/** The chains leave the box as noise takes over: their planes are this wide. */
const CHAIN_REACH = 3;

export function DiffusionViews({ model, version }: { model: DiffusionModel; version: number }) {
  const T = model.schedule.steps;
  const [t, setT] = useState(0);
  const at = Math.min(t, T);
  const forward = model.forward[at], reverse = model.reverse?.[T - at];
  const box = (ctx: CanvasRenderingContext2D) => {
    // The [-1, 1] box the data live in, inside the wider plane.
    const w = ctx.canvas.width, side = w / CHAIN_REACH;
    ctx.strokeStyle = '#d1d5db'; ctx.strokeRect((w - side) / 2, (w - side) / 2, side, side);
  };
  return (
    <div>
      <label class="facts">timestep t <input type="range" data-testid="lab-diffusion-t" min={0} max={T} value={at} onInput={(e) => setT(Number(e.currentTarget.value))} /> <output data-testid="lab-diffusion-t-value">{at}</output> of {T}
        {' '}(ᾱ_t {model.schedule.alphaBars[at].toPrecision(3)})</label>
      <div class="row">
        <View testId="lab-diffusion-forward" deps={[version, at]}
          draw={(ctx) => plane(ctx, () => { box(ctx); dots(ctx, shrunk(forward.x, CHAIN_REACH), COLORS.real, 1.2); }, CHAIN_REACH)}
          label={`The forward process: the real points noised to step ${at} of ${T}.`}
          caption={`forward: real points noised to x_${at} ~ q(x_t | x_0) (±${CHAIN_REACH}; square: the data's box)`} />
        <View testId="lab-diffusion-reverse" deps={[version, at]}
          draw={(ctx) => plane(ctx, () => { box(ctx); if (reverse) dots(ctx, shrunk(reverse.x, CHAIN_REACH), COLORS.generated, 1.2); }, CHAIN_REACH)}
          label={`The reverse chain: samples denoised from x_${T} down to x_${reverse?.t ?? at}, at training step ${model.step}.`}
          caption={`reverse: the DDIM chain of samples at x_${reverse?.t ?? at} (from pure noise at t = ${T} to samples at 0)`} />
      </div>
    </div>
  );
}
