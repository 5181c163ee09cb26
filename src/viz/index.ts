// Pictures and files a run produces: sample grids (PNG), progress animations (GIF), metric plots, .npy arrays.
export { decodePng, encodePng, toByte, toRawImages, type RawImage } from './image.ts';
export { addCaption, imageGrid, writeGridPng, type GridOptions } from './grid.ts';
export { encodeGif, writeGif, type GifOptions } from './gif.ts';
export { linePlotPng, linePlotSvg, metricsPlots, metricsSvgs, vegaLitePng, vegaLiteSvg, STANDARD_GAN_FIGURES, type MetricsFigure, type PlotOptions, type Series } from './plot.ts';
export { decodeNpy, encodeNpy } from './npy.ts';
