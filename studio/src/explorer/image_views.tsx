// Images from any model with a noise space (a generator's latent or a denoiser's starting noise):
// the samples of a seed with the nearest training images beside the first, and a walk between
// two seeds' noise. Work that takes a while shows its progress (a denoiser's chain).
import { useMemo, useState } from 'preact/hooks';
import { SampleImage } from '../ui/sample_image.tsx';
import { Status, useComputation } from './computation.tsx';
import { sampleCommand, scaleFor, SeedInput, SeedRow, Slider } from './controls.tsx';
import type { Condition } from './draw.ts';
import { NearestImages } from './nearest_images.tsx';
import type { NoiseSpace } from './noise_space.ts';
import type { OpenModel } from './open_model.ts';

/** Images drawn from a seed, and along a walk. */
const ROW = 8, WALK = [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1];

type Props = { space: NoiseSpace; model: OpenModel; condition: Condition };

export function ImageSamples({ space, model, condition, runId }: Props & { runId?: string }) {
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
      <SeedRow seed={seed} onChange={setSeed} />
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

export function ImageWalk({ space, model, condition }: Props) {
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
