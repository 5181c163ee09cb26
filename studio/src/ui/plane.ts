// Points and lines on 2-D canvases in box coordinates ([-1, 1] on each axis, y up: the units toy
// data are trained in), as the playground and the model explorer draw them.

export const POINT_COLORS = { real: '#1a7f37', generated: '#7b2cbf', noise: '#3657c8' };

export const toPx = (canvas: HTMLCanvasElement, x: number, y: number): [number, number] =>
  [((x + 1) / 2) * canvas.width, ((1 - y) / 2) * canvas.height];

/** Box coordinates of a mouse event on a canvas: toPx's inverse. */
export function fromPx(canvas: HTMLCanvasElement, e: MouseEvent): [number, number] {
  const r = canvas.getBoundingClientRect();
  return [(2 * (e.clientX - r.left)) / r.width - 1, 1 - (2 * (e.clientY - r.top)) / r.height];
}

/** Squares of side 2 × radius at points given flat as [x0, y0, x1, y1, …]. */
export function dots(ctx: CanvasRenderingContext2D, points: ArrayLike<number>, color: string, radius: number): void {
  ctx.fillStyle = color;
  for (let i = 0; i < points.length / 2; i++) {
    const [px, py] = toPx(ctx.canvas, points[2 * i], points[2 * i + 1]);
    ctx.fillRect(px - radius, py - radius, 2 * radius, 2 * radius);
  }
}

/** One line through points given flat as [x0, y0, x1, y1, …]. */
export function polyline(ctx: CanvasRenderingContext2D, points: ArrayLike<number>, color: string, width: number): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  for (let i = 0; i < points.length / 2; i++) {
    const [px, py] = toPx(ctx.canvas, points[2 * i], points[2 * i + 1]);
    if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
  }
  ctx.stroke();
}
