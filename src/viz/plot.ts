// Line plots of training metrics: a Vega-Lite spec rendered to SVG by vega, rasterised by sharp.
import sharp from 'sharp';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

export interface Series {
  name: string;
  points: Array<[number, number]>;
}

export interface PlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Size of the whole figure (axes, title and legend included); default 640 x 360. */
  width?: number;
  height?: number;
  /** Logarithmic y axis; points with y <= 0 are then dropped. */
  logY?: boolean;
}

export async function linePlotSvg(series: Series[], opts: PlotOptions): Promise<string> {
  const keep = ([x, y]: [number, number]) => Number.isFinite(x) && Number.isFinite(y) && (!opts.logY || y > 0);
  const values = series.flatMap((s) => s.points.filter(keep).map(([x, y]) => ({ series: s.name, x, y })));
  const longest = Math.max(0, ...series.map((s) => s.points.length));
  const spec: vegaLite.TopLevelSpec = {
    width: opts.width ?? 640,
    height: opts.height ?? 360,
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    title: opts.title,
    data: { values },
    // Points as well as lines while series are short, so that a single record still shows.
    mark: { type: 'line', point: longest <= 30 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: opts.xLabel },
      y: { field: 'y', type: 'quantitative', title: opts.yLabel, scale: opts.logY ? { type: 'log' } : { zero: false } },
      // An explicit domain keeps the input order and lists series that have no finite point.
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: series.map((s) => s.name) } },
    },
    config: { font: 'DejaVu Sans' },
  };
  return vegaLiteSvg(spec);
}

export async function linePlotPng(series: Series[], opts: PlotOptions): Promise<Buffer> {
  return svgToPng(await linePlotSvg(series, opts));
}

/** Any Vega-Lite figure as SVG text (rendered headless, fonts as configured in the spec). */
export async function vegaLiteSvg(spec: vegaLite.TopLevelSpec): Promise<string> {
  return new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' }).toSVG();
}

export async function vegaLitePng(spec: vegaLite.TopLevelSpec): Promise<Buffer> {
  return svgToPng(await vegaLiteSvg(spec));
}

const svgToPng = (svg: string) => sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer();

/** One figure of `metricsPlots`: the `keys` of the records plotted against the x key. */
export interface MetricsFigure {
  file: string;
  title: string;
  yLabel: string;
  keys: string[];
  /** Legend names for keys, e.g. { d_real: 'D(x)' }; default the key itself. */
  labels?: Record<string, string>;
  logY?: boolean;
}

/** The two standard GAN figures: both losses, and the discriminator's mean output on real and fake data. */
export const STANDARD_GAN_FIGURES: MetricsFigure[] = [
  { file: 'losses.png', title: 'Losses', yLabel: 'loss', keys: ['d_loss', 'g_loss'] },
  {
    file: 'discriminator.png', title: 'Discriminator output on real and generated data', yLabel: 'mean D output',
    keys: ['d_real', 'd_fake'], labels: { d_real: 'D(x)', d_fake: 'D(G(z))' },
  },
];

/**
 * Renders each figure from metric records (one object per logged step). Keys no record has a
 * number for are left out, and so are figures left with no key; values that are not finite
 * numbers (NaN is logged as null in JSON) are skipped.
 */
export async function metricsPlots(
  records: Array<Record<string, unknown>>, xKey: string, figures: MetricsFigure[] = STANDARD_GAN_FIGURES,
  size: { width?: number; height?: number } = {},
): Promise<Array<{ file: string; png: Buffer }>> {
  const svgs = await metricsSvgs(records, xKey, figures, size);
  return Promise.all(svgs.map(async ({ file, svg }) => ({ file, png: await svgToPng(svg) })));
}

/** The figures of `metricsPlots` as SVG text (for pages); figures with no recorded key are left out. */
export async function metricsSvgs(
  records: Array<Record<string, unknown>>, xKey: string, figures: MetricsFigure[],
  size: { width?: number; height?: number } = {},
): Promise<Array<{ file: string; title: string; svg: string }>> {
  const out: Array<{ file: string; title: string; svg: string }> = [];
  for (const fig of figures) {
    const series = fig.keys.filter((k) => records.some((r) => typeof r[k] === 'number')).map((k) => ({
      name: fig.labels?.[k] ?? k,
      points: records.flatMap((r): Array<[number, number]> => typeof r[xKey] === 'number' && typeof r[k] === 'number' ? [[r[xKey], r[k]]] : []),
    }));
    if (series.length === 0) continue;
    const svg = await linePlotSvg(series, { title: fig.title, xLabel: xKey, yLabel: fig.yLabel, logY: fig.logY, ...size });
    out.push({ file: fig.file, title: fig.title, svg });
  }
  return out;
}
