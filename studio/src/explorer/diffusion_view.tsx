// A diffusion model in the explorer: its sampler run in the page from a seed (the model's own, or
// DDIM in fewer steps), a step at a time with its progress shown, and walks between two seeds'
// starting noise. Images are drawn by image_views.tsx, points by points_view.tsx.
import { useMemo, useState } from 'preact/hooks';
import { Note } from '../ui/messages.tsx';
import { Slider } from './controls.tsx';
import type { Condition } from './draw.ts';
import { ImageSamples, ImageWalk } from './image_views.tsx';
import { denoiserSpace } from './noise_space.ts';
import { isImageShape } from '../../../src/io/manifest.ts';
import { type DenoiserModel } from './open_model.ts';
import { PointsView } from './points_view.tsx';

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
