// G's push on its points drawn to scale: the arrows' length per unit of gradient is either set so
// that the longest arrow is a fixed share of the box ('auto'), or one constant ('fixed'), so that
// a gradient that vanishes shows as arrows that shrink.
import { toPx } from '../ui/plane.ts';
import type { ArrowScale } from './view_options.ts';

/** 'auto': the longest arrow's length, in box units. */
const LONGEST = 0.16;
/** 'fixed': box units per unit of gradient. */
export const FIXED_SCALE = 0.05;

/** Box units per unit of gradient for these pushes (flat vectors of `dim` components each). */
export function arrowScale(push: ArrayLike<number>, dim: number, mode: ArrowScale): number {
  if (mode === 'fixed') return FIXED_SCALE;
  let longest = 1e-12;
  for (let i = 0; i < push.length / dim; i++) longest = Math.max(longest, Math.hypot(push[dim * i], dim === 2 ? push[dim * i + 1] : 0));
  return LONGEST / longest;
}

/** Arrows from 2-D points by `scale` × push, in box coordinates (drawn inside the frame's transform). */
export function drawArrows2d(ctx: CanvasRenderingContext2D, points: ArrayLike<number>, push: ArrayLike<number>, scale: number): void {
  ctx.strokeStyle = '#444';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; i < push.length / 2; i++) {
    const x = points[2 * i], y = points[2 * i + 1];
    const [ax, ay] = toPx(ctx.canvas, x, y), [bx, by] = toPx(ctx.canvas, x + scale * push[2 * i], y + scale * push[2 * i + 1]);
    arrowPath(ctx, ax, ay, bx, by);
  }
  ctx.stroke();
}

export function arrowPath(ctx: CanvasRenderingContext2D, ax: number, ay: number, bx: number, by: number): void {
  ctx.moveTo(ax, ay);
  ctx.lineTo(bx, by);
  if (Math.hypot(bx - ax, by - ay) < 1) return;
  const t = Math.atan2(by - ay, bx - ax);
  ctx.moveTo(bx, by); ctx.lineTo(bx - 4 * Math.cos(t - 0.5), by - 4 * Math.sin(t - 0.5));
  ctx.moveTo(bx, by); ctx.lineTo(bx - 4 * Math.cos(t + 0.5), by - 4 * Math.sin(t + 0.5));
}

/** The gradient size an arrow of a tenth of the box stands for, for the caption. */
export const tenthOfBox = (scale: number) => 0.2 / scale;
