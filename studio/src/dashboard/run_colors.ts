// One colour per run, fixed by the run's place among the runs shown together, so that a run has
// the same colour in every chart, legend and table of a page (issue 26, item 4).

/** Vega's tableau10, the scheme its charts use by default. */
export const RUN_PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/** The colour of `run` among `runs` (in their order on the page); past ten runs the colours repeat, as an ordinal scale's do. */
export const runColor = (runs: string[], run: string) => RUN_PALETTE[Math.max(0, runs.indexOf(run)) % RUN_PALETTE.length];
