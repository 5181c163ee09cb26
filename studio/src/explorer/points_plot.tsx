// A square canvas of points and lines in box coordinates ([-1, 1] on each axis: the units models
// of points are trained in), drawn in the order given.
import { useEffect, useRef } from 'preact/hooks';
import { dots, polyline } from '../ui/plane.ts';

/** Points or lines, each flat as [x0, y0, x1, y1, …]. */
export type Layer = { points: ArrayLike<number>; color: string; radius: number } | { lines: ArrayLike<number>[]; color: string; width: number };

/** `label` says what the plot shows, for those who cannot see the canvas. */
export function PointsPlot({ layers, label, testId, size = 360 }: { layers: Layer[]; label: string; testId?: string; size?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current!.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    for (const layer of layers) {
      if ('points' in layer) dots(ctx, layer.points, layer.color, layer.radius);
      else for (const line of layer.lines) polyline(ctx, line, layer.color, layer.width);
    }
  }, [layers, size]);
  return <canvas ref={canvas} class="view" width={size} height={size} data-testid={testId} role="img" aria-label={label} />;
}
