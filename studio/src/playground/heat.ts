// D's colours: green where it says real, purple where it says fake, white where it cannot tell
// (0.5); the heat map and its colour scale both read them from here.

export function heatRgb(p: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, p));
  return v >= 0.5 ? [255 - 150 * (v - 0.5), 255 - 60 * (v - 0.5), 255 - 150 * (v - 0.5)] : [255 - 70 * (0.5 - v), 255 - 190 * (0.5 - v), 255 - 40 * (0.5 - v)];
}

/** A CSS gradient from D = 0 (left) to D = 1 (right), for the colour scale under the heat map. */
export const heatGradient = () => `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((p) => `rgb(${heatRgb(p).map(Math.round).join(',')}) ${100 * p}%`).join(', ')})`;
