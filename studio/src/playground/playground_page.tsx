// The playground (issue 6, item 1): a small GAN trained in the browser on a 1-D or 2-D
// distribution, with every knob of the GAN core that applies to MLPs, its set-up in the URL,
// and live pictures of D, G and the distances to the true density. The training itself lives in
// training.ts, outside the page, so that it survives a visit to another page.
import * as tf from '@tensorflow/tfjs';
import { useEffect, useState } from 'preact/hooks';
import { useTraining } from '../ui/use_training.ts';
import { href } from '../router.ts';
import { Note, Problem } from '../ui/messages.tsx';
import { Knobs } from './knobs.tsx';
import { MainView, NoiseView } from './canvases.tsx';
import { Charts } from './charts.tsx';
import { ModelGraph } from './model_graph.tsx';
import { TimelineView } from './timeline_view.tsx';
import { ViewControls } from './view_controls.tsx';
import { useShortcuts } from './shortcuts.ts';
import type { Update } from './session.ts';
import { setupToQuery, type Setup } from './setup.ts';
import { keptTraining } from './training.ts';

const WHAT_MOVED: Record<Update, string> = {
  discriminator: 'D was updated: its picture moved toward telling the real points from the generated ones; the generated points stayed where they were.',
  generator: 'G was updated: the generated points moved along the arrows (the way G\'s loss pushes them); D stayed as it was.',
};

export function PlaygroundPage({ query = '' }: { query?: string }) {
  const { training, backend, error: backendError } = useTraining(() => keptTraining(query));
  const [stroke, setStroke] = useState<number[][]>([]);
  const setup = training?.setup;

  // The URL names the set-up, so that the view can be shared.
  useEffect(() => { if (setup) history.replaceState(null, '', href({ page: 'playground', query: setupToQuery(setup) })); }, [setup]);

  const toggle = () => training && (training.playing ? training.pause() : training.play());
  useShortcuts({ ' ': toggle, n: () => training?.next(), d: () => training?.stepOne('discriminator'), g: () => training?.stepOne('generator') });

  if (!training || !setup) return <section><h1>Playground</h1>{backendError ? <Problem>{backendError}</Problem> : <Note>Starting TensorFlow.js…</Note>}</section>;
  const { session, snapshot, playing, stepwise, view, ghost, lastUpdate, restarted, error } = training;
  const change = (patch: Partial<Setup>) => training.change(patch);
  const m = snapshot?.metrics;
  return (
    // The tensor count is for the tests' leak checks, not for the learner.
    <section class="playground" data-tensors={tf.memory().numTensors}>
      <h1>Playground <span class="muted">· TensorFlow.js on {backend === 'webgl' ? 'WebGL' : 'the CPU'}</span></h1>
      <div class="controls row">
        <button data-testid="play" disabled={!session || stepwise} aria-keyshortcuts="Space" onClick={toggle}>{playing ? 'Pause' : 'Play'}</button>
        <button data-testid="reset" onClick={() => training.reset()}>Reset</button>
        <label><input type="checkbox" data-testid="stepwise" checked={stepwise} onChange={(e) => training.setStepwise(e.currentTarget.checked)} /> step by step</label>
        {stepwise && session && <button data-testid="next-update" aria-keyshortcuts="N" onClick={() => training.next()}>Next: {session.next === 'discriminator' ? `D update (${session.dUpdates + 1} of ${setup.dSteps})` : 'G update'}</button>}
        <button data-testid="d-step" aria-keyshortcuts="D" disabled={!session} title="one update of D alone; G stays as it is" onClick={() => training.stepOne('discriminator')}>D step</button>
        <button data-testid="g-step" aria-keyshortcuts="G" disabled={!session} title="one update of G alone; D stays as it is" onClick={() => training.stepOne('generator')}>G step</button>
        <button disabled={!session} title="model.json, weights.bin and manifest.json, as ganforge exports a generator: the explorer opens them" onClick={() => training.download()}>Download the generator</button>
        <span class="facts">
          step <output data-testid="step" data-value={session?.step ?? 0}>{session?.step ?? 0}</output>
          {' · '}JSD <output data-testid="jsd" data-value={m?.jsd ?? ''}>{m ? m.jsd.toFixed(3) : '–'}</output>
          {' · '}KL <output data-testid="kl" data-value={m?.kl ?? ''}>{m ? m.kl.toFixed(3) : '–'}</output>
          {' · '}W1 <output data-testid="w1" data-value={m?.w1 ?? ''}>{m ? m.w1.toFixed(3) : '–'}</output>
          {m?.modes !== undefined && <>{' · '}modes <output data-testid="modes">{m.modesCovered}/{m.modes}</output></>}
        </span>
        <span class="facts keys">keys: Space play/pause · N {stepwise ? 'next update' : 'one step'} · D a D step · G a G step</span>
      </div>
      {session && <TimelineView timeline={training.timeline} session={session} rewind={(i) => training.rewind(i)} branch={() => training.branch()} />}
      {error && <Problem>The playground stopped: {error}. Press Reset to start again from new weights.</Problem>}
      {restarted && <Note>Restarted: {restarted}.</Note>}
      {lastUpdate && <Note>{WHAT_MOVED[lastUpdate]}</Note>}
      <div class="row">
        <Knobs setup={setup} change={change} />
        <div class="main-view">
          <MainView session={session} snapshot={snapshot} view={view} ghost={ghost} setup={setup} stroke={stroke} setStroke={setStroke} change={change} />
          <ViewControls view={view} setView={(p) => training.setView(p)} dim={session?.target.dim} />
          {setup.data === 'drawn' && <p class="facts">Click or drag on the picture to draw the data{setup.drawn.length > 0 && <> · <button onClick={() => change({ drawn: [] })}>clear</button></>}</p>}
        </div>
        {session && snapshot && (
          <div class="side-views">
            <NoiseView session={session} snapshot={snapshot} />
            <ModelGraph o={snapshot.overview} nextUpdate={stepwise ? session.next : undefined} />
          </div>
        )}
      </div>
      {session && snapshot && <Charts session={session} snapshot={snapshot} marks={training.marks} sessions={training.sessions} />}
      <p class="facts">
        The loss, k, the optimiser and its settings, label smoothing, the penalties, the clip, the batch size and drawn points apply to the training under way from its next update (a changed optimiser or rate starts that optimiser afresh);
        new data, layer sizes, noise or seed start training again from new weights. The address bar holds the whole set-up, so the link restores this view;
        the training waits here, paused, while you visit another page.
        JSD and KL (nats) compare with the exact density: in 1-D on a fine grid, with G's density by a kernel estimate; in 2-D on blurred 64 × 64 histograms, the truth's from 50,000 exact draws.
        W1 is exact in 1-D and sliced (the mean over 32 directions) in 2-D; a mode is covered with enough samples within 3 std of it.
      </p>
    </section>
  );
}
