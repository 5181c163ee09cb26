// The playground's 1-D view and its noise map, drawn on 2-D canvases in box coordinates ([-1, 1]
// on each axis) inside a margin, with axes (the 2-D main view: plane_view.ts).
import { POINT_COLORS, polyline } from '../ui/plane.ts';
import { arrowPath, arrowScale } from './arrows.ts';
import { boxTicks, frameAxes, inFrame, MARGIN, type Tick } from './frame.ts';
import type { Snapshot } from './snapshot.ts';
import type { ViewOptions } from './view_options.ts';

/** Real, generated and noise as the explorer colours them, and D's own colours. */
export const COLORS = { ...POINT_COLORS, d: '#d1495b', dStar: '#222' };

/** Rows under the 1-D plot: the x axis, the real points, the generated points, G's push. */
const AXIS_H = 18, ROW = 14, LEFT = 30, RIGHT = 8, TOP = 8;

/**
 * 1-D data: p_data and p_g (scaled to their peak), D(x) on its 0-1 axis beside the optimal
 * D* = p_data / (p_data + p_g), real and generated points (and their ghosts) as ticks below, G's
 * push as arrows. x runs over the box and a margin, labelled in the data's own units.
 */
export function drawDensities(ctx: CanvasRenderingContext2D, s: Snapshot, view: ViewOptions, ghost?: Float32Array): void {
  const { width, height } = ctx.canvas;
  const c = s.curves!, { layers } = view;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const bottom = height - AXIS_H - 3 * ROW - 6;
  const px = (x: number) => LEFT + ((x + 1 + MARGIN) / (2 + 2 * MARGIN)) * (width - LEFT - RIGHT);
  const py = (v: number) => bottom - v * (bottom - TOP);
  // The margin beyond the box, shaded: the data live inside.
  ctx.fillStyle = '#f3f4f6';
  ctx.fillRect(LEFT, TOP, px(-1) - LEFT, bottom - TOP);
  ctx.fillRect(px(1), TOP, width - RIGHT - px(1), bottom - TOP);
  let peak = 1e-12;
  for (let i = 0; i < c.pData.length; i++) peak = Math.max(peak, c.pData[i], c.pG[i]);
  const line = (values: ArrayLike<number>, top: number, color: string, dash: number[] = []) => {
    ctx.strokeStyle = color; ctx.setLineDash(dash); ctx.lineWidth = 2;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(values[i])) { pen = false; continue; }
      if (pen) ctx.lineTo(px(c.boxX[i]), py(values[i] / top)); else ctx.moveTo(px(c.boxX[i]), py(values[i] / top));
      pen = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  };
  ctx.strokeStyle = '#e5e7eb'; ctx.lineWidth = 1; ctx.beginPath(); ctx.moveTo(LEFT, py(0.5)); ctx.lineTo(width - RIGHT, py(0.5)); ctx.stroke();
  line(c.pData, peak, COLORS.real);
  line(c.pG, peak, COLORS.generated);
  if (layers.heat) { line(s.d, 1, COLORS.d); line(c.dStar, 1, COLORS.dStar, [4, 3]); }

  // Axes: D's 0-1 on the left, x in data units below.
  const n = c.boxX.length, slope = (c.grid.x[n - 1] - c.grid.x[0]) / (c.boxX[n - 1] - c.boxX[0]);
  const dataAt = (box: number) => c.grid.x[0] + slope * (box - c.boxX[0]);
  ctx.strokeStyle = '#9ca3af'; ctx.fillStyle = '#6b7280'; ctx.font = '10px system-ui'; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(LEFT, TOP); ctx.lineTo(LEFT, bottom); ctx.lineTo(width - RIGHT, bottom);
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  for (const v of [0, 0.5, 1]) { ctx.moveTo(LEFT - 4, py(v)); ctx.lineTo(LEFT, py(v)); ctx.fillText(String(v), LEFT - 6, py(v)); }
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (const t of niceTicks(dataAt(-1 - MARGIN), dataAt(1 + MARGIN))) {
    const at = px((t - c.grid.x[0]) / slope + c.boxX[0]);
    ctx.moveTo(at, bottom); ctx.lineTo(at, bottom + 4); ctx.fillText(String(t), at, bottom + 5);
  }
  ctx.stroke();
  ctx.textAlign = 'start'; ctx.textBaseline = 'alphabetic';

  const rows = bottom + AXIS_H;
  const ticks = (x: ArrayLike<number>, y: number, color: string) => {
    ctx.fillStyle = color;
    for (let i = 0; i < x.length; i++) ctx.fillRect(px(x[i]), y, 1, 8);
  };
  if (layers.real) ticks(s.real, rows, COLORS.real);
  if (layers.generated) {
    if (layers.ghosts && ghost) { ctx.globalAlpha = 0.3; ticks(ghost, rows + ROW, COLORS.generated); ctx.globalAlpha = 1; }
    ticks(s.fake, rows + ROW, COLORS.generated);
  }
  if (layers.arrows) {
    // Box units per unit of gradient, turned into pixels along x.
    const k = arrowScale(s.push, 1, view.arrowScale) * (width - LEFT - RIGHT) / (2 + 2 * MARGIN);
    ctx.strokeStyle = '#444'; ctx.beginPath();
    for (let i = 0; i < s.push.length; i += 4) arrowPath(ctx, px(s.fake[i]), rows + 2 * ROW + 4, px(s.fake[i]) + k * s.push[i], rows + 2 * ROW + 4);
    ctx.stroke();
  }
}

/** Round numbers between lo and hi, 4 to 10 of them (1, 2 or 5 times a power of ten apart). */
function niceTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5, power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(Number(t.toPrecision(6)));
  return ticks;
}

/** G as a transform of the noise space: the images of a grid's lines (2-D data), or the curve z -> G(z) (1-D data), with axes. */
export function drawNoiseMap(ctx: CanvasRenderingContext2D, s: Snapshot, dim: 1 | 2, noiseReach: number): void {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  inFrame(ctx, () => {
    for (const { z, x } of s.noiseLines) {
      // 1-D data: x across, the first noise coordinate up.
      const step = z.length / x.length;
      polyline(ctx, dim === 2 ? x : Float64Array.from({ length: 2 * x.length }, (_, j) => (j % 2 === 0 ? x[j / 2] : z[((j - 1) / 2) * step] / noiseReach)), COLORS.noise, 1);
    }
  }, NOISE_MARGIN);
  const zTicks: Tick[] = [-1, 0, 1].map((at) => ({ at, label: String(at * noiseReach) }));
  frameAxes(ctx, boxTicks(), dim === 2 ? boxTicks() : zTicks, NOISE_MARGIN);
}

/** The noise view is small: a wider margin leaves its tick labels room. */
const NOISE_MARGIN = 0.25;
