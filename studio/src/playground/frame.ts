// The playground's plane with a margin: the [-1, 1]^2 box the data live in sits inside the canvas
// with room around it, so that generated points that leave the box stay in sight, and the margin
// holds the axes' ticks.
import { fromPx, toPx } from '../ui/plane.ts';

/** Box units of margin on each side. */
export const MARGIN = 0.15;

const shrink = (m: number) => 1 / (1 + m);

/** Runs `draw` with the canvas transformed so that toPx's [-1, 1] box lands inside the margin. */
export function inFrame(ctx: CanvasRenderingContext2D, draw: () => void, m = MARGIN): void {
  const { width, height } = ctx.canvas, s = shrink(m);
  ctx.save();
  ctx.translate((width * (1 - s)) / 2, (height * (1 - s)) / 2);
  ctx.scale(s, s);
  draw();
  ctx.restore();
}

/** Canvas pixels of box point (x, y) with the margin. */
export function framePx(canvas: HTMLCanvasElement, x: number, y: number, m = MARGIN): [number, number] {
  const [px, py] = toPx(canvas, x, y), s = shrink(m);
  return [(canvas.width * (1 - s)) / 2 + s * px, (canvas.height * (1 - s)) / 2 + s * py];
}

/** Box coordinates of a pointer event on a framed canvas, clamped to the box (data are drawn inside it). */
export function frameFromPx(canvas: HTMLCanvasElement, e: MouseEvent, m = MARGIN): [number, number] {
  const [x, y] = fromPx(canvas, e);
  const clamp = (v: number) => Math.max(-1, Math.min(1, v * (1 + m)));
  return [clamp(x), clamp(y)];
}

export interface Tick { at: number; label: string }

export const boxTicks = (label = (v: number) => String(v)): Tick[] => [-1, -0.5, 0, 0.5, 1].map((at) => ({ at, label: label(at) }));

/** The box's outline, with ticks and labels in the margin below it (x) and left of it (y). */
export function frameAxes(ctx: CanvasRenderingContext2D, x: Tick[], y: Tick[], m = MARGIN): void {
  const c = ctx.canvas;
  const [left, top] = framePx(c, -1, 1, m), [right, bottom] = framePx(c, 1, -1, m);
  ctx.strokeStyle = '#9ca3af'; ctx.lineWidth = 1; ctx.setLineDash([]);
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.fillStyle = '#6b7280'; ctx.font = '10px system-ui'; ctx.beginPath();
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (const t of x) {
    const [px] = framePx(c, t.at, -1, m);
    ctx.moveTo(px, bottom); ctx.lineTo(px, bottom + 4);
    ctx.fillText(t.label, px, bottom + 5);
  }
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  for (const t of y) {
    const [, py] = framePx(c, -1, t.at, m);
    ctx.moveTo(left, py); ctx.lineTo(left - 4, py);
    ctx.fillText(t.label, left - 5, py);
  }
  ctx.stroke();
  ctx.textAlign = 'start'; ctx.textBaseline = 'alphabetic';
}
