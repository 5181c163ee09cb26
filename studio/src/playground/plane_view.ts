// The 2-D main view: D's heat map over the box, the real and generated points, the generated
// points' ghosts (where the last step found them) joined to where they are now, G's noise grid
// and G's push as arrows; each a layer the learner can hide. The box sits in a margin with axes.
import { dots, polyline, toPx } from '../ui/plane.ts';
import { arrowScale, drawArrows2d } from './arrows.ts';
import { boxTicks, frameAxes, inFrame } from './frame.ts';
import { heatRgb } from './heat.ts';
import { HEAT, type Snapshot } from './snapshot.ts';
import { COLORS } from './views.ts';
import type { ViewOptions } from './view_options.ts';

export function drawPlane(ctx: CanvasRenderingContext2D, s: Snapshot, view: ViewOptions, ghost?: Float32Array): void {
  const { width, height } = ctx.canvas;
  const { layers } = view;
  ctx.fillStyle = '#f3f4f6';
  ctx.fillRect(0, 0, width, height);
  inFrame(ctx, () => {
    if (layers.heat) {
      drawHeat(ctx, s.d);
    } else {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
    }
    if (layers.grid) for (const { x } of s.noiseLines) polyline(ctx, x, COLORS.noise, 0.8);
    if (layers.real) dots(ctx, s.real, COLORS.real, 1.5);
    if (layers.ghosts && ghost && layers.generated) drawGhosts(ctx, ghost, s.fake);
    if (layers.generated) dots(ctx, s.fake, COLORS.generated, 1.5);
    if (layers.arrows) drawArrows2d(ctx, s.fake, s.push, arrowScale(s.push, 2, view.arrowScale));
  });
  frameAxes(ctx, boxTicks(), boxTicks());
}

/** Values in [0, 1] on the HEAT x HEAT grid over the box (row 0 at the top) in D's colours, smoothed, over the whole canvas (inside inFrame). */
export function drawHeat(ctx: CanvasRenderingContext2D, values: ArrayLike<number>): void {
  const image = new ImageData(HEAT, HEAT);
  for (let i = 0; i < HEAT * HEAT; i++) image.data.set([...heatRgb(values[i]), 255], 4 * i);
  const heat = new OffscreenCanvas(HEAT, HEAT);
  heat.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(heat, 0, 0, ctx.canvas.width, ctx.canvas.height);
}

/** Faint points where the generated points were, each joined to where it is now. */
function drawGhosts(ctx: CanvasRenderingContext2D, ghost: Float32Array, now: Float32Array): void {
  ctx.globalAlpha = 0.35;
  dots(ctx, ghost, COLORS.generated, 1.5);
  ctx.strokeStyle = COLORS.generated; ctx.lineWidth = 0.7;
  ctx.beginPath();
  for (let i = 0; i < Math.min(ghost.length, now.length) / 2; i += 2) {
    ctx.moveTo(...toPx(ctx.canvas, ghost[2 * i], ghost[2 * i + 1]));
    ctx.lineTo(...toPx(ctx.canvas, now[2 * i], now[2 * i + 1]));
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}
