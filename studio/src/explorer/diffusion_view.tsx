// A diffusion model in the explorer: its sampler run in the page from a seed (the model's own, or
// DDIM in fewer steps), a step at a time with its progress shown, and walks between two seeds'
// starting noise. Images get the nearest training images; points are drawn by points_view.tsx.
import { useMemo, useState } from 'preact/hooks';
import { Note } from '../ui/messages.tsx';
import { SampleImage } from '../ui/sample_image.tsx';
import { Status, useComputation } from './computation.tsx';
import { sampleCommand, scaleFor, SeedInput, Slider } from './controls.tsx';
import type { Condition } from './draw.ts';
import { NearestImages } from './nearest_images.tsx';
import { denoiserSpace, type NoiseSpace } from './noise_space.ts';
import { isImageShape, type DenoiserModel } from './open_model.ts';
import { PointsView } from './points_view.tsx';

/** Images drawn from a seed, and along a walk. */
const ROW = 8, WALK = [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1];

type Props = { space: NoiseSpace; model: DenoiserModel; condition: Condition };

function ImageSamples({ space, model, condition, runId }: Props & { runId?: string }) {
  const [seed, setSeed] = useState(0);
  const shape = model.manifest.sampleShape;
  const samples = useComputation((progress, signal) => space.fromSeed(ROW, seed, condition, progress, signal), [space, seed, condition]);
  const images = useMemo(() => {
    const v = samples.value, size = v && v.length / ROW;
    return v && Array.from({ length: ROW }, (_, i) => v.subarray(i * size!, (i + 1) * size!));
  }, [samples.value]);
  return (
    <div class="panel">
      <h2>Samples from a seed</h2>
      <div class="row">
        <SeedInput label="seed" value={seed} onChange={setSeed} />
        <button onClick={() => setSeed(Math.floor(Math.random() * 1e6))}>random seed</button>
      </div>
      <Status computed={samples} what="sampling" />
      {images && (
        <>
          <div class="row">
            <SampleImage values={images[0]} shape={shape} scale={scaleFor(shape, 196)} testId="sample" title={`seed ${seed}, sample 1`} />
            <div class="row">{images.slice(1).map((v, i) => <div class="cell" key={i}><SampleImage values={v} shape={shape} scale={scaleFor(shape, 56)} />{i + 2}</div>)}</div>
          </div>
          <NearestImages runId={runId} sample={images[0]} shape={shape} labelNames={model.manifest.labelNames} />
        </>
      )}
      <p class="muted">Seed {seed} draws the {ROW} samples of <code>{sampleCommand(ROW, seed, condition)}</code>{space.samplerNote ?? ''}.</p>
    </div>
  );
}

function ImageWalk({ space, model, condition }: Props) {
  const [a, setA] = useState(1), [b, setB] = useState(2), [t, setT] = useState(0.5);
  const shape = model.manifest.sampleShape;
  const ends = useMemo(() => [space.noise(a), space.noise(b)], [space, a, b]);
  const walk = useComputation((progress, signal) => space.fromNoise(WALK.map((s) => space.between(ends[0], ends[1], s)), condition, progress, signal), [space, ends, condition]);
  const at = useComputation((progress, signal) => space.fromNoise([space.between(ends[0], ends[1], t)], condition, progress, signal), [space, ends, t, condition]);
  return (
    <div class="panel">
      <h2>Interpolation</h2>
      <div class="row">
        <SeedInput label="from seed" value={a} onChange={setA} />
        <SeedInput label="to seed" value={b} onChange={setB} />
        <Slider label="t" min={0} max={1} step={0.01} value={t} onChange={setT} />
      </div>
      <Status computed={at} what={`t = ${t.toFixed(2)}`} />
      <Status computed={walk} what="the walk" />
      <div class="row">
        {at.value && <SampleImage values={at.value[0]} shape={shape} scale={scaleFor(shape, 196)} testId="interpolated" title={`t = ${t}`} />}
        {walk.value && <div class="row">{walk.value.map((v, i) => <div class="cell" key={i}><SampleImage values={v} shape={shape} scale={scaleFor(shape, 56)} />{WALK[i]}</div>)}</div>}
      </div>
      <p class="muted">The walk is {space.walk}.</p>
    </div>
  );
}

export function DiffusionView({ model, condition, runId }: { model: DenoiserModel; condition: Condition; runId?: string }) {
  const d = model.manifest.diffusion;
  const [trained, setTrained] = useState(true);
  const [steps, setSteps] = useState(Math.min(d.sampler.steps, d.timesteps));
  const space = useMemo(() => denoiserSpace(model, steps, trained), [model, steps, trained]);
  const own = d.sampler.method === 'ddim' ? `DDIM at eta ${d.sampler.eta} in ${Math.min(d.sampler.steps, d.timesteps)} steps` : `ancestral in ${d.timesteps} steps`;
  return (
    <>
      <div class="panel row">
        <label>samples of a seed by
          <select aria-label="sampler" value={trained ? 'trained' : 'ddim'} onChange={(e) => setTrained(e.currentTarget.value === 'trained')}>
            <option value="trained">the model's own sampler: {own}</option>
            <option value="ddim">DDIM at eta 0 in the steps chosen</option>
          </select>
        </label>
        <Slider label="DDIM steps" min={1} max={d.timesteps} step={1} value={steps} digits={0} onChange={setSteps} />
      </div>
      {isImageShape(model.manifest.sampleShape) ? (
        <>
          <ImageSamples space={space} model={model} condition={condition} runId={runId} />
          <ImageWalk space={space} model={model} condition={condition} />
        </>
      ) : <PointsView space={space} model={model} condition={condition} runId={runId} />}
      <Note>Walks and grids start the chain from given noise and use DDIM at eta 0, whose samples depend on their starting noise alone. Latent arithmetic is left out: a sum of starting noises is no longer noise of the kind the model starts from.</Note>
    </>
  );
}
