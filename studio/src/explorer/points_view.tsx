// Models of points (toy data, tables), generators and denoisers alike (noise_space.ts): many
// samples from a seed over the run's own data, a walk between two seeds as a path of points, and
// the model's image of a grid of noise. 2-D points are drawn in the plane, 1-D points as densities
// (and walks and grids as x against the noise), wider rows (tables) on two chosen columns.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { fromUnitRange } from '../../../src/data/dataset.ts';
import { grid1d, kde1d } from '../../../src/eval/toy_metrics.ts';
import { messageOf, Note } from '../ui/messages.tsx';
import { POINT_COLORS } from '../ui/plane.ts';
import { Status, useComputation } from './computation.tsx';
import { sampleCommand, SeedInput, SeedRow, Slider } from './controls.tsx';
import type { Condition } from './draw.ts';
import type { NoiseSpace } from './noise_space.ts';
import type { OpenModel } from './open_model.ts';
import { PointsPlot, type Layer } from './points_plot.tsx';
import { trainingPoints, type TrainingPoints } from './training_points.ts';

const COUNTS = [250, 1000, 5000];
const WALK_POINTS = 41, GRID_LINES = 11, GRID_POINTS = 41;
const WALK = Array.from({ length: WALK_POINTS }, (_, i) => i / (WALK_POINTS - 1));
/** The run's data, drawn under the samples. */
const REAL_FAINT = '#a9d8b8';

/** How rows of `dim` values become plot coordinates. */
interface Axes {
  dim: number;
  /** The columns on the plot's x and y axes (rows of two or more values). */
  cols: [number, number];
}

const plane = (x: ArrayLike<number>, { dim, cols }: Axes) =>
  Float32Array.from({ length: (x.length / dim) * 2 }, (_, i) => x[Math.floor(i / 2) * dim + cols[i % 2]]);

/** Samples (one array each) end to end. */
function flatten(rows: Float32Array[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((x, i) => out.set(x, i * width));
  return out;
}

/** 1-D: values across, `heights` (in [0, 1]) up, as box coordinates. */
const across = (x: ArrayLike<number>, heights: (i: number) => number) =>
  Float32Array.from({ length: x.length * 2 }, (_, i) => (i % 2 === 0 ? x[i / 2] : 2 * heights((i - 1) / 2) - 1));

function useTrainingPoints(runId: string | undefined): { points?: TrainingPoints; note: string } {
  const [state, setState] = useState<{ points?: TrainingPoints; note: string }>({ note: '' });
  useEffect(() => {
    if (!runId) { setState({ note: 'Open the model from its run to see the data it trained on beside the samples.' }); return; }
    let live = true;
    trainingPoints(runId).then(
      (points) => live && setState(points ? { points, note: '' } : { note: 'The run\'s training data are not shown: only toy data can be drawn again in the page, and a table stays on the server.' }),
      (e) => live && setState({ note: `The run's data cannot be drawn: ${messageOf(e)}` }));
    return () => { live = false; };
  }, [runId]);
  return state;
}

/** The first `count` training points of the class asked for (all points without one), flat. */
function realPoints(real: TrainingPoints, dim: number, condition: Condition, count: number): Float32Array {
  if (condition.kind !== 'class' || !real.labels) return real.x.subarray(0, Math.min(count, real.count) * dim);
  const out: number[] = [];
  for (let i = 0; i < real.count && out.length < count * dim; i++) {
    if (real.labels[i] === condition.label) for (let j = 0; j < dim; j++) out.push(real.x[i * dim + j]);
  }
  return Float32Array.from(out);
}

/** 1-D: the densities of the data and the samples (kernel estimates on [-1, 1], on one scale), and the samples as ticks. */
function densityLayers(samples: Float32Array, real: Float32Array | undefined): Layer[] {
  const grid = grid1d([-1, 1], 400);
  const pG = kde1d(samples, grid), pData = real && kde1d(real, grid);
  const peak = Math.max(...pG, ...(pData ?? [])) / 0.9;
  const curve = (p: Float64Array) => across(grid.x, (i) => 0.05 + p[i] / peak);
  return [
    ...(pData ? [{ lines: [curve(pData)], color: POINT_COLORS.real, width: 2 }] : []),
    { lines: [curve(pG)], color: POINT_COLORS.generated, width: 2 },
    { points: across(samples.subarray(0, 1000), () => 0.02), color: POINT_COLORS.generated, radius: 1 },
  ];
}

function FirstSamples({ values, model }: { values: Float32Array; model: OpenModel }) {
  const m = model.manifest, dim = m.sampleShape[0];
  const rows = Math.min(5, values.length / dim);
  const shown = values.subarray(0, rows * dim);
  const units = m.valueRange ? fromUnitRange(shown, m.valueRange) : shown;
  return (
    <>
      <p class="muted">The first samples{m.valueRange ? ', in the data\'s units' : ''}:</p>
      <table class="values" data-testid="first-samples">
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r}><th>{r + 1}</th>{Array.from({ length: dim }, (_, c) => <td key={c}>{units[r * dim + c].toFixed(4)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Where the plot's box lies in the data's units. */
function BoxNote({ model, axes }: { model: OpenModel; axes: Axes }) {
  const range = model.manifest.valueRange;
  if (!range) return null;
  const side = (c: number) => `[${range.min[c].toFixed(2)}, ${range.max[c].toFixed(2)}]`;
  return <p class="muted">The plot spans {axes.dim === 1 ? `x in ${side(0)}` : `${side(axes.cols[0])} × ${side(axes.cols[1])}`}, the box the data were scaled from.</p>;
}

function SamplesPanel({ space, model, condition, real, axes }: { space: NoiseSpace; model: OpenModel; condition: Condition; real: ReturnType<typeof useTrainingPoints>; axes: Axes }) {
  const [seed, setSeed] = useState(0);
  const [count, setCount] = useState(COUNTS[1]);
  const samples = useComputation((progress, signal) => space.fromSeed(count, seed, condition, progress, signal), [space, seed, count, condition]);
  const data = useMemo(() => real.points && realPoints(real.points, axes.dim, condition, count), [real.points, axes, condition, count]);
  const layers = useMemo<Layer[]>(() => {
    if (!samples.value) return [];
    if (axes.dim === 1) return densityLayers(samples.value, data);
    return [
      ...(data ? [{ points: plane(data, axes), color: POINT_COLORS.real, radius: 1 }] : []),
      { points: plane(samples.value, axes), color: POINT_COLORS.generated, radius: 1.5 },
    ];
  }, [samples.value, data, axes]);
  return (
    <div class="panel">
      <h2>Samples from a seed</h2>
      <SeedRow seed={seed} onChange={setSeed}>
        <label>samples
          <select aria-label="samples" value={count} onChange={(e) => setCount(Number(e.currentTarget.value))}>
            {COUNTS.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
      </SeedRow>
      <Status computed={samples} what="sampling" />
      {samples.value && (
        <div class="row">
          <PointsPlot layers={layers} testId="samples-plot" label={`${samples.value.length / axes.dim} samples from seed ${seed}${data ? ' over the run\'s training points' : ''}`} />
          <div class="side">
            <p>
              <span style={{ color: POINT_COLORS.generated }}>■</span> <span data-testid="sample-count">{samples.value.length / axes.dim}</span> samples
              {data && <>, over <span style={{ color: POINT_COLORS.real }}>■</span> <span data-testid="real-count">{data.length / axes.dim}</span> of the run's {real.points!.count} training points</>}
              {axes.dim === 1 && ' (densities estimated with a Gaussian kernel; ticks: samples)'}
            </p>
            {real.note && <Note>{real.note}</Note>}
            <FirstSamples values={samples.value} model={model} />
            <BoxNote model={model} axes={axes} />
          </div>
        </div>
      )}
      <p class="muted">
        Seed {seed} draws the {count} samples of <code>{sampleCommand(count, seed, condition)}</code>{space.samplerNote ?? ''}.
      </p>
    </div>
  );
}

/** Lines of a grid over noise coordinates 1 and 2, the others at `base`'s values (one line for 1-D noise). */
function noiseGrid(space: NoiseSpace, base: Float32Array): { along1: Float32Array[][]; along2: Float32Array[][] } {
  const at = (i: number, k: number) => space.reach * (-1 + (2 * i) / (k - 1));
  const noise = (u: number, v?: number) => { const z = base.slice(); z[0] = u; if (v !== undefined) z[1] = v; return z; };
  const line = (f: (u: number) => Float32Array) => Array.from({ length: GRID_POINTS }, (_, i) => f(at(i, GRID_POINTS)));
  if (space.dim === 1) return { along1: [line((u) => noise(u))], along2: [] };
  const values = Array.from({ length: GRID_LINES }, (_, j) => at(j, GRID_LINES));
  return { along1: values.map((v) => line((u) => noise(u, v))), along2: values.map((v) => line((u) => noise(v, u))) };
}

function LatentPanel({ space, model, condition, real, axes }: { space: NoiseSpace; model: OpenModel; condition: Condition; real?: TrainingPoints; axes: Axes }) {
  const [a, setA] = useState(1), [b, setB] = useState(2), [t, setT] = useState(0.5);
  const ends = useMemo(() => [space.noise(a), space.noise(b)], [space, a, b]);
  const walk = useComputation((progress, signal) => space.fromNoise(WALK.map((s) => space.between(ends[0], ends[1], s)), condition, progress, signal), [space, ends, condition]);
  // Noise coordinates past the second are held at seed a's values; with two or fewer, the grid is the whole noise plane.
  const gridSeed = space.dim > 2 ? a : 0;
  const grid = useMemo(() => noiseGrid(space, space.noise(gridSeed)), [space, gridSeed]);
  const mapped = useComputation(async (progress, signal) => {
    const lines = [...grid.along1, ...grid.along2];
    const out = await space.fromNoise(lines.flat(), condition, progress, signal);
    return lines.map((_, l) => out.slice(l * GRID_POINTS, (l + 1) * GRID_POINTS));
  }, [space, grid, condition]);
  const at = Math.round(t * (WALK_POINTS - 1));
  const background = useMemo<Layer[]>(() => (real && axes.dim > 1 ? [{ points: plane(realPoints(real, axes.dim, condition, 1000), axes), color: REAL_FAINT, radius: 1 }] : []), [real, axes, condition]);

  const walkLayers = useMemo<Layer[]>(() => {
    if (!walk.value) return [];
    const flat = flatten(walk.value, axes.dim);
    const path = axes.dim === 1 ? across(flat, (i) => WALK[i]) : plane(flat, axes);
    return [...background, { lines: [path], color: POINT_COLORS.noise, width: 1.5 }, { points: path, color: POINT_COLORS.noise, radius: 2 },
      { points: path.subarray(2 * at, 2 * at + 2), color: POINT_COLORS.generated, radius: 5 }];
  }, [walk.value, background, at, axes]);

  const gridLayers = useMemo<Layer[]>(() => {
    if (!mapped.value) return [];
    const lines = mapped.value.map((xs) => flatten(xs, axes.dim));
    // 1-D points: x across, the first noise coordinate up, one curve per value of the second.
    const drawn = axes.dim === 1 ? lines.slice(0, grid.along1.length).map((x) => across(x, (i) => i / (GRID_POINTS - 1))) : lines.map((x) => plane(x, axes));
    return [...background, { lines: drawn, color: POINT_COLORS.noise, width: 1 }];
  }, [mapped.value, background, grid, axes]);

  const point = walk.value?.[at];
  const units = point && (model.manifest.valueRange ? fromUnitRange(point, model.manifest.valueRange) : point);
  return (
    <div class="panel">
      <h2>Latent space</h2>
      <div class="row">
        <SeedInput label="from seed" value={a} onChange={setA} />
        <SeedInput label="to seed" value={b} onChange={setB} />
        <Slider label="t" min={0} max={1} step={1 / (WALK_POINTS - 1)} value={t} onChange={setT} />
      </div>
      <Status computed={walk} what="the walk" />
      <Status computed={mapped} what="the grid" />
      <div class="row">
        {walk.value && (
          <figure class="plot">
            <PointsPlot layers={walkLayers} testId="walk-plot" label={`The walk from seed ${a} to seed ${b}, at t = ${t.toFixed(2)}`} />
            <figcaption>
              The walk from seed {a} to seed {b} ({space.walk}){axes.dim === 1 ? ', t up' : ''}; at t = {t.toFixed(2)}: (<span data-testid="walk-point">{Array.from(units!, (v) => v.toFixed(4)).join(', ')}</span>)
            </figcaption>
          </figure>
        )}
        {mapped.value && (
          <figure class="plot">
            <PointsPlot layers={gridLayers} testId="grid-plot" label="The image of a grid over the noise through the generator" />
            <figcaption>
              {space.dim === 1 ? `The noise from ${-space.reach} to ${space.reach} mapped to a curve` : `The image of an ${GRID_LINES} × ${GRID_LINES} grid over noise coordinates 1 and 2 in [${-space.reach}, ${space.reach}]${space.dim > 2 ? `, the other ${space.dim - 2} at seed ${a}'s values` : ''}`}
              {axes.dim === 1 ? '; x across, the first noise coordinate up.' : ': how the model folds its noise onto the data.'}
            </figcaption>
          </figure>
        )}
      </div>
    </div>
  );
}

export function PointsView({ space, model, condition, runId }: { space: NoiseSpace; model: OpenModel; condition: Condition; runId?: string }) {
  const dim = model.manifest.sampleShape[0];
  const [cols, setCols] = useState<[number, number]>([0, 1]);
  const axes = useMemo<Axes>(() => ({ dim, cols }), [dim, cols[0], cols[1]]);
  const real = useTrainingPoints(runId);
  const column = (axis: 0 | 1) => (
    <label>{axis === 0 ? 'across' : 'up'}: column
      <select aria-label={`column ${axis === 0 ? 'across' : 'up'}`} value={cols[axis]} onChange={(e) => { const c: [number, number] = [...cols]; c[axis] = Number(e.currentTarget.value); setCols(c); }}>
        {Array.from({ length: dim }, (_, i) => <option key={i} value={i}>{i + 1}</option>)}
      </select>
    </label>
  );
  return (
    <>
      {dim > 2 && <div class="panel row">Rows of {dim} values, drawn on two of their columns: {column(0)} {column(1)}</div>}
      <SamplesPanel space={space} model={model} condition={condition} real={real} axes={axes} />
      <LatentPanel space={space} model={model} condition={condition} real={real.points} axes={axes} />
    </>
  );
}
