// What an open model draws, each under the class or caption chosen at the top. A generator of
// images: the samples of a seed and a walk between two seeds (image_views.tsx, shared with
// diffusion models), and latent arithmetic; generators of points have a view of their own.
import { useMemo, useState } from 'preact/hooks';
import { messageOf, Note, Problem } from '../ui/messages.tsx';
import { SampleImage } from '../ui/sample_image.tsx';
import { scaleFor, SeedInput, Slider } from './controls.tsx';
import { DiffusionView } from './diffusion_view.tsx';
import { analogy, draw, latentFor, type Condition } from './draw.ts';
import { ImageSamples, ImageWalk } from './image_views.tsx';
import { latentSpace } from './noise_space.ts';
import { isImageShape } from '../../../src/io/manifest.ts';
import { type LatentModel, type OpenModel } from './open_model.ts';
import { PointsView } from './points_view.tsx';
import { encodeCaption, type EncodedCaption } from './text_condition.ts';

type OpenLatent = { model: LatentModel; condition: Condition };

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

function LatentView({ model, condition, runId }: OpenLatent & { runId?: string }) {
  const space = useMemo(() => latentSpace(model), [model]);
  if (!isImageShape(model.manifest.sampleShape)) return <PointsView space={space} model={model} condition={condition} runId={runId} />;
  return (
    <>
      <ImageSamples space={space} model={model} condition={condition} runId={runId} />
      <ImageWalk space={space} model={model} condition={condition} />
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
        : <LatentView model={model} condition={condition} runId={runId} />}
    </>
  );
}
