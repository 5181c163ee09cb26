// What an open model draws, each under the class or caption chosen at the top. A generator of
// images: a sample from a seed (with the nearest training images beside it), a walk between two
// seeds, and latent arithmetic; generators of points and diffusion models have views of their own.
import { useMemo, useState } from 'preact/hooks';
import { messageOf, Note, Problem } from '../ui/messages.tsx';
import { SampleImage } from '../ui/sample_image.tsx';
import { scaleFor, SeedInput, Slider } from './controls.tsx';
import { DiffusionView } from './diffusion_view.tsx';
import { analogy, between, draw, latentFor, spherical, type Condition } from './draw.ts';
import { NearestImages } from './nearest_images.tsx';
import { latentSpace } from './noise_space.ts';
import { isImageShape, type LatentModel, type OpenModel } from './open_model.ts';
import { PointsView } from './points_view.tsx';
import { encodeCaption, type EncodedCaption } from './text_condition.ts';

type OpenLatent = { model: LatentModel; condition: Condition };

function SampleSection({ model, condition, runId }: OpenLatent & { runId?: string }) {
  const [seed, setSeed] = useState(0);
  const shape = model.manifest.sampleShape;
  const seeds = Array.from({ length: 8 }, (_, i) => seed + i);
  const images = useMemo(() => draw(model, seeds.map((s) => latentFor(model, s)), condition), [model, seed, condition]);
  return (
    <div class="panel">
      <h2>Sample from a seed</h2>
      <div class="row">
        <SeedInput label="seed" value={seed} onChange={setSeed} />
        <button onClick={() => setSeed(Math.floor(Math.random() * 1e6))}>random seed</button>
      </div>
      <div class="row">
        <SampleImage values={images[0]} shape={shape} scale={scaleFor(shape, 196)} testId="sample" title={`seed ${seed}`} />
        <div class="row">
          {images.slice(1).map((v, i) => (
            <button class="cell" key={i} title="draw from this seed" onClick={() => setSeed(seeds[i + 1])}>
              <SampleImage values={v} shape={shape} scale={scaleFor(shape, 56)} />seed {seeds[i + 1]}
            </button>
          ))}
        </div>
      </div>
      <NearestImages runId={runId} sample={images[0]} shape={shape} labelNames={model.manifest.labelNames} />
    </div>
  );
}

function InterpolationSection({ model, condition }: OpenLatent) {
  const [a, setA] = useState(1), [b, setB] = useState(2), [t, setT] = useState(0.5);
  const shape = model.manifest.sampleShape;
  const ends = useMemo(() => [latentFor(model, a), latentFor(model, b)], [model, a, b]);
  const steps = [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1];
  const walk = useMemo(() => draw(model, steps.map((s) => between(model, ends[0], ends[1], s)), condition), [model, ends, condition]);
  const [at] = useMemo(() => draw(model, [between(model, ends[0], ends[1], t)], condition), [model, ends, t, condition]);
  return (
    <div class="panel">
      <h2>Interpolation</h2>
      <div class="row">
        <SeedInput label="from seed" value={a} onChange={setA} />
        <SeedInput label="to seed" value={b} onChange={setB} />
        <Slider label="t" min={0} max={1} step={0.01} value={t} onChange={setT} />
      </div>
      <div class="row">
        <SampleImage values={at} shape={shape} scale={scaleFor(shape, 196)} testId="interpolated" title={`t = ${t}`} />
        <div class="row">{walk.map((v, i) => <div class="cell" key={i}><SampleImage values={v} shape={shape} scale={scaleFor(shape, 56)} />{steps[i]}</div>)}</div>
      </div>
      <p class="muted">{spherical(model) ? 'Spherical interpolation: Gaussian noise keeps a typical norm on the way.' : 'Straight-line interpolation in the uniform noise box.'}</p>
    </div>
  );
}

function ArithmeticSection({ model, condition }: OpenLatent) {
  const [a, setA] = useState(3), [b, setB] = useState(4), [c, setC] = useState(5), [strength, setStrength] = useState(1);
  const shape = model.manifest.sampleShape;
  const z = useMemo(() => [a, b, c].map((s) => latentFor(model, s)), [model, a, b, c]);
  const [ia, ib, ic, result] = useMemo(() => draw(model, [...z, analogy(z[0], z[1], z[2], strength)], condition), [model, z, strength, condition]);
  const small = scaleFor(shape, 84);
  return (
    <div class="panel">
      <h2>Vector arithmetic</h2>
      <div class="row">
        <SeedInput label="a: seed" value={a} onChange={setA} />
        <SeedInput label="b: seed" value={b} onChange={setB} />
        <SeedInput label="c: seed" value={c} onChange={setC} />
        <Slider label="strength s" min={-2} max={2} step={0.05} value={strength} onChange={setStrength} />
      </div>
      <div class="row">
        <div class="cell"><SampleImage values={ia} shape={shape} scale={small} />a</div>
        <div class="cell"><SampleImage values={ib} shape={shape} scale={small} />b</div>
        <div class="cell"><SampleImage values={ic} shape={shape} scale={small} />c</div>
        <div class="cell"><SampleImage values={result} shape={shape} scale={scaleFor(shape, 196)} testId="arithmetic-result" />z = c + s × (z_a − z_b)</div>
      </div>
      <p class="muted">At s = 1 this is the analogy a − b + c; other strengths move c along the direction from b to a.</p>
    </div>
  );
}

function CaptionInput({ model, caption, onChange, encoded }: { model: LatentModel; caption: string; onChange: (c: string) => void; encoded?: EncodedCaption | Error }) {
  const words = model.encoder!.vocabulary.words;
  return (
    <div class="panel">
      <label>caption <input type="text" value={caption} aria-label="caption" style={{ width: '360px' }} placeholder="describe the image in the vocabulary's words"
        onInput={(e) => onChange(e.currentTarget.value)} /></label>
      {encoded instanceof Error ? <Problem>{encoded.message}</Problem> : encoded && (
        <>
          <p class="words" data-testid="caption-words">
            {encoded.words.map((w, i) => <span key={i} class={w.id === undefined ? 'unknown' : ''} data-id={w.id ?? ''}>{w.word}</span>)}
          </p>
          {encoded.warning && <Note><span data-testid="unknown-words">{encoded.warning}</span></Note>}
        </>
      )}
      <details><summary>the vocabulary's {words.length} words</summary><p class="muted">{words.join(', ')}</p></details>
    </div>
  );
}

function LatentPoints({ model, condition, runId }: OpenLatent & { runId?: string }) {
  const space = useMemo(() => latentSpace(model), [model]);
  return <PointsView space={space} model={model} condition={condition} runId={runId} />;
}

function LatentImages({ model, condition, runId }: OpenLatent & { runId?: string }) {
  return (
    <>
      <SampleSection model={model} condition={condition} runId={runId} />
      <InterpolationSection model={model} condition={condition} />
      <ArithmeticSection model={model} condition={condition} />
    </>
  );
}

/** What the model starts from and how, for the line of facts. */
function origin(model: OpenModel): string {
  if (model.kind === 'latent') return `noise ${model.manifest.latent.dim}-d ${model.manifest.latent.distribution}`;
  const d = model.manifest.diffusion;
  return `${d.schedule} noise schedule over ${d.timesteps} steps, sampled by ${d.sampler.method === 'ddim' ? `DDIM in ${d.sampler.steps} steps` : 'ancestral sampling'}`;
}

export function ModelView({ model, runId, backend }: { model: OpenModel; runId?: string; backend: string }) {
  const m = model.manifest;
  const encoder = model.kind === 'latent' ? model.encoder : undefined;
  const [label, setLabel] = useState(0);
  const [caption, setCaption] = useState('');
  const encoded = useMemo(() => {
    if (!encoder || !caption.trim()) return undefined;
    try { return encodeCaption(encoder, caption); } catch (e) { return new Error(messageOf(e)); }
  }, [model, caption]);
  const condition = useMemo<Condition | undefined>(() => {
    if (m.text) return encoded && !(encoded instanceof Error) ? { kind: 'text', embedding: encoded.embedding } : undefined;
    return m.conditional ? { kind: 'class', label } : { kind: 'none' };
  }, [model, label, encoded]);

  return (
    <>
      <p class="facts">
        {model.label}: {m.family} · {m.architecture} · trained on {m.data} · step {m.step}{m.ema ? ' (moving average of the weights)' : ''} ·
        {' '}{origin(model)} · computed with TensorFlow.js on <b data-testid="backend">{backend}</b>
      </p>
      {model.kind === 'latent' && m.text ? <CaptionInput model={model} caption={caption} onChange={setCaption} encoded={encoded} /> : m.conditional && (
        <div class="panel">
          <label>class
            <select aria-label="class" value={label} onChange={(e) => setLabel(Number(e.currentTarget.value))}>
              {Array.from({ length: m.numClasses }, (_, k) => <option key={k} value={k}>{m.labelNames[k] ?? k}</option>)}
            </select>
          </label>
        </div>
      )}
      {!condition ? <Note>Write a caption above, in words of its vocabulary, to draw from this text-to-image model.</Note>
        : model.kind === 'diffusion' ? <DiffusionView model={model} condition={condition} runId={runId} />
        : isImageShape(m.sampleShape) ? <LatentImages model={model} condition={condition} runId={runId} />
        : <LatentPoints model={model} condition={condition} runId={runId} />}
    </>
  );
}
