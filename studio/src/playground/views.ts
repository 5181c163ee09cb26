// The playground's pictures, drawn on 2-D canvases in box coordinates ([-1, 1] on each axis).
import { dots, POINT_COLORS, polyline, toPx } from '../ui/plane.ts';
import type { Snapshot } from './snapshot.ts';
import { HEAT } from './snapshot.ts';

/** Real, generated and noise as the explorer colours them, and D's own colours. */
export const COLORS = { ...POINT_COLORS, d: '#d1495b', dStar: '#222' };

/** 2-D data: D as a heat map (green where it says real, purple where fake), real and generated points, and G's push on its points. */
export function drawPlane(ctx: CanvasRenderingContext2D, s: Snapshot, showArrows: boolean): void {
  const { width, height } = ctx.canvas;
  const image = ctx.createImageData(HEAT, HEAT);
  for (let i = 0; i < HEAT * HEAT; i++) {
    const p = Math.min(1, Math.max(0, s.d[i]));
    // 0.5 is white: D cannot tell.
    image.data.set(p >= 0.5 ? [255 - 150 * (p - 0.5), 255 - 60 * (p - 0.5), 255 - 150 * (p - 0.5), 255] : [255 - 70 * (0.5 - p), 255 - 190 * (0.5 - p), 255 - 40 * (0.5 - p), 255], 4 * i);
  }
  const heat = new OffscreenCanvas(HEAT, HEAT);
  heat.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(heat, 0, 0, width, height);
  dots(ctx, s.real, COLORS.real, 1.5);
  dots(ctx, s.fake, COLORS.generated, 1.5);
  if (showArrows) arrows(ctx, s.fake, s.push);
}

function arrows(ctx: CanvasRenderingContext2D, points: ArrayLike<number>, push: Float32Array): void {
  let longest = 1e-12;
  for (let i = 0; i < push.length / 2; i++) longest = Math.max(longest, Math.hypot(push[2 * i], push[2 * i + 1]));
  // The longest arrow is 8% of the box: the direction and relative size are what matters.
  const scale = 0.16 / longest;
  ctx.strokeStyle = '#444';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; i < push.length / 2; i++) {
    const x = points[2 * i], y = points[2 * i + 1];
    const [ax, ay] = toPx(ctx.canvas, x, y), [bx, by] = toPx(ctx.canvas, x + scale * push[2 * i], y + scale * push[2 * i + 1]);
    ctx.moveTo(ax, ay);
    ctx.lineTo(bx, by);
    const t = Math.atan2(by - ay, bx - ax);
    ctx.moveTo(bx, by); ctx.lineTo(bx - 4 * Math.cos(t - 0.5), by - 4 * Math.sin(t - 0.5));
    ctx.moveTo(bx, by); ctx.lineTo(bx - 4 * Math.cos(t + 0.5), by - 4 * Math.sin(t + 0.5));
  }
  ctx.stroke();
}

/** 1-D data: p_data and p_g, D(x) beside the optimal D* = p_data / (p_data + p_g), real and generated points as ticks, G's push as arrows. */
export function drawDensities(ctx: CanvasRenderingContext2D, s: Snapshot, showArrows: boolean): void {
  const { width, height } = ctx.canvas;
  const c = s.curves!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const plotH = height - 40;
  const px = (x: number) => ((x + 1) / 2) * width;
  let peak = 1e-12;
  for (let i = 0; i < c.pData.length; i++) peak = Math.max(peak, c.pData[i], c.pG[i]);
  const line = (values: ArrayLike<number>, top: number, color: string, dash: number[] = []) => {
    ctx.strokeStyle = color; ctx.setLineDash(dash); ctx.lineWidth = 2;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(values[i])) { pen = false; continue; }
      const y = plotH - (values[i] / top) * (plotH - 10);
      if (pen) ctx.lineTo(px(c.boxX[i]), y); else ctx.moveTo(px(c.boxX[i]), y);
      pen = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line(c.pData, peak, COLORS.real);
  line(c.pG, peak, COLORS.generated);
  line(s.d, 1, COLORS.d);
  line(c.dStar, 1, COLORS.dStar, [4, 3]);
  ctx.strokeStyle = '#ccc'; ctx.beginPath(); ctx.moveTo(0, plotH - 0.5 * (plotH - 10)); ctx.lineTo(width, plotH - 0.5 * (plotH - 10)); ctx.stroke();
  const ticks = (x: ArrayLike<number>, y: number, color: string) => {
    ctx.fillStyle = color;
    for (let i = 0; i < x.length; i++) ctx.fillRect(px(x[i]), y, 1, 8);
  };
  ticks(s.real, plotH + 6, COLORS.real);
  ticks(s.fake, plotH + 20, COLORS.generated);
  if (showArrows) {
    let longest = 1e-12;
    for (const v of s.push) longest = Math.max(longest, Math.abs(v));
    ctx.strokeStyle = '#444'; ctx.beginPath();
    for (let i = 0; i < s.push.length; i += 4) {
      const a = px(s.fake[i]), b = px(s.fake[i] + (0.08 * s.push[i]) / longest);
      ctx.moveTo(a, plotH + 33); ctx.lineTo(b, plotH + 33); ctx.lineTo(b - Math.sign(b - a) * 3, plotH + 30);
    }
    ctx.stroke();
  }
}

/** G as a transform of the noise space: the images of a grid's lines (2-D data), or the curve z -> G(z) (1-D data). */
export function drawNoiseMap(ctx: CanvasRenderingContext2D, s: Snapshot, dim: 1 | 2, noiseReach: number): void {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  for (const { z, x } of s.noiseLines) {
    // 1-D data: x across, the first noise coordinate up.
    const step = z.length / x.length;
    polyline(ctx, dim === 2 ? x : Float64Array.from({ length: 2 * x.length }, (_, j) => (j % 2 === 0 ? x[j / 2] : z[((j - 1) / 2) * step] / noiseReach)), COLORS.noise, 1);
  }
}

/** One line of a chart; the figure's caption names it. */
export interface Series { color: string; values: number[] }

/** Lines over training steps on one common scale (log where asked: divergences span decades). */
export function drawChart(ctx: CanvasRenderingContext2D, steps: number[], series: Series[], log = false): void {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, width, height);
  const pad = 28;
  const f = (v: number) => (log ? Math.log10(Math.max(v, 1e-4)) : v);
  const all = series.flatMap((s) => s.values.filter(Number.isFinite).map(f));
  if (steps.length < 2 || all.length === 0) return;
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const x = (i: number) => pad + ((steps[i] - steps[0]) / Math.max(1, steps[steps.length - 1] - steps[0])) * (width - pad - 6);
  const y = (v: number) => 6 + (1 - (f(v) - lo) / (hi - lo)) * (height - 24);
  ctx.fillStyle = '#6b7280'; ctx.font = '10px system-ui';
  ctx.fillText((log ? 10 ** hi : hi).toPrecision(2), 0, 12);
  ctx.fillText((log ? 10 ** lo : lo).toPrecision(2), 0, height - 18);
  ctx.fillText(String(steps[steps.length - 1]), width - 30, height - 4);
  for (const s of series) {
    ctx.strokeStyle = s.color; ctx.lineWidth = 1.5; ctx.beginPath();
    s.values.forEach((v, i) => { if (i === 0) ctx.moveTo(x(i), y(v)); else ctx.lineTo(x(i), y(v)); });
    ctx.stroke();
  }
}
