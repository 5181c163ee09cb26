// One training session of the playground: the networks, their optimisers and seeded draws for a
// set-up, stepped one update at a time (step-by-step) or k D updates and one G update at a time,
// with the history the charts draw. The training knobs and the drawn points can change while it
// runs (retune), and its whole state can be saved and loaded again (the timeline).
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../../src/random/prng.ts';
import { buildNetworks, buildOptimizer, discriminatorStep, drawNoise, generatorStep, optimizerSettings, type Network, type Networks } from './gan.ts';
import { histogram2d } from './metrics2d.ts';
import type { Setup } from './setup.ts';
import { loadState, saveState, type SessionState } from './session_state.ts';
import { takeSnapshot, type Probe, type Snapshot } from './snapshot.ts';
import { makeTarget, rngFor, type Target } from './target.ts';

/** Points the views and metrics compare; the truth's 2-D histogram comes from many more. */
const PROBE_POINTS = 1500, TRUTH_POINTS = 50000;

export interface History {
  steps: number[];
  dLoss: number[];
  gLoss: number[];
  jsd: number[];
  kl: number[];
  w1: number[];
  modesCovered: number[];
}

export type Update = 'discriminator' | 'generator';

export class Session {
  /** Replaced when drawn points are added: training goes on towards the new distribution. */
  target: Target;
  /** Generator updates so far. */
  step = 0;
  /** Discriminator updates since the last generator update. */
  dUpdates = 0;
  private dLoss?: tf.Scalar;
  private gLoss?: tf.Scalar;
  readonly history: History = { steps: [], dLoss: [], gLoss: [], jsd: [], kl: [], w1: [], modesCovered: [] };
  /** How many times the history was thinned: the charts then draw it anew. */
  thinned = 0;
  readonly nets: Networks;
  private dOpt: tf.Optimizer;
  private gOpt: tf.Optimizer;
  private readonly rng: Rng;
  private probe: Probe;

  constructor(public setup: Setup) {
    this.target = makeTarget(setup.data, setup.drawn);
    this.nets = buildNetworks(setup, this.target.dim, rngFor(setup.seed, 1));
    this.dOpt = buildOptimizer(setup, 'discriminator');
    this.gOpt = buildOptimizer(setup, 'generator');
    this.rng = rngFor(setup.seed, 2);
    this.probe = makeProbe(setup, this.target);
  }

  /**
   * Trains on under a set-up that differs from this one in training knobs or drawn points only (the
   * same sessionKey): the networks and the step count stay, an optimiser whose type, rate, betas or
   * momentum changed starts afresh, and new drawn points become the data from the next update.
   */
  retune(setup: Setup): void {
    if (JSON.stringify(setup.drawn) !== JSON.stringify(this.setup.drawn)) {
      this.target = makeTarget(setup.data, setup.drawn);
      this.probe = makeProbe(setup, this.target);
    }
    const renew = (network: Network, opt: tf.Optimizer) => {
      if (JSON.stringify(optimizerSettings(this.setup, network)) === JSON.stringify(optimizerSettings(setup, network))) return opt;
      opt.dispose();
      return buildOptimizer(setup, network);
    };
    this.dOpt = renew('discriminator', this.dOpt);
    this.gOpt = renew('generator', this.gOpt);
    this.setup = setup;
  }

  /** The update the step-by-step mode performs next: k discriminator updates, then one generator update. */
  get next(): Update {
    return this.dUpdates < this.setup.dSteps ? 'discriminator' : 'generator';
  }

  /** Performs the next single update and says which it was. */
  update(): Update {
    return this.updateOne(this.next);
  }

  /** One update of this network alone (the D step and G step buttons); a G update ends a training step. */
  updateOne(which: Update): Update {
    const s = this.setup;
    if (which === 'discriminator') {
      this.dLoss?.dispose();
      this.dLoss = discriminatorStep(this.nets, s, this.dOpt, this.target.sample(s.batchSize, this.rng), drawNoise(s, s.batchSize, this.rng), this.rng);
      this.dUpdates++;
    } else {
      this.gLoss?.dispose();
      this.gLoss = generatorStep(this.nets, s, this.gOpt, drawNoise(s, s.batchSize, this.rng));
      this.dUpdates = 0;
      this.step++;
    }
    return which;
  }

  /** k discriminator updates and one generator update (finishing a half-done one in step-by-step mode). */
  trainStep(): void {
    while (this.update() !== 'generator');
  }

  /** The views' data now, with its metrics appended to the history when training moved on. */
  snapshot(): Snapshot {
    const snap = takeSnapshot(this.nets, this.setup, this.target, this.probe, { d: valueOf(this.dLoss), g: valueOf(this.gLoss) });
    const h = this.history;
    // A step loaded from the timeline is already in the history.
    if (h.steps.length === 0 || h.steps[h.steps.length - 1] < this.step) {
      h.steps.push(this.step); h.dLoss.push(snap.overview.dLoss); h.gLoss.push(snap.overview.gLoss);
      h.jsd.push(snap.metrics.jsd); h.kl.push(snap.metrics.kl); h.w1.push(snap.metrics.w1);
      h.modesCovered.push(snap.metrics.modesCovered ?? Number.NaN);
      // Long sessions keep every other point, so that the charts stay cheap to draw.
      if (h.steps.length > 2000) {
        for (const k of Object.keys(h) as (keyof History)[]) h[k] = h[k].filter((_, i) => i % 2 === 0);
        this.thinned++;
      }
    }
    return snap;
  }

  /** A copy of everything training goes on from, in plain arrays. */
  save(): SessionState {
    const { nets, dOpt, gOpt, setup, step, dUpdates } = this;
    return saveState({ nets, dOpt, gOpt }, { setup, step, dUpdates, rng: this.rng.getState(), losses: { d: valueOf(this.dLoss), g: valueOf(this.gLoss) } });
  }

  /** Goes back to a saved state of this session: its weights, optimisers, draws, step and set-up. */
  load(state: SessionState): void {
    // Optimisers of the saved set-up's kind and settings, to put its slots in.
    this.retune(state.setup);
    loadState({ nets: this.nets, dOpt: this.dOpt, gOpt: this.gOpt }, state);
    this.dLoss?.dispose();
    this.gLoss?.dispose();
    this.dLoss = Number.isNaN(state.losses.d) ? undefined : tf.scalar(state.losses.d);
    this.gLoss = Number.isNaN(state.losses.g) ? undefined : tf.scalar(state.losses.g);
    this.rng.setState(state.rng);
    this.step = state.step;
    this.dUpdates = state.dUpdates;
  }

  /** Forgets the history after `step`: training branches off there. */
  truncateHistory(step: number): void {
    const h = this.history, keep = h.steps.filter((s) => s <= step).length;
    for (const k of Object.keys(h) as (keyof History)[]) h[k] = h[k].slice(0, keep);
    // The charts draw it anew, as after thinning.
    this.thinned++;
  }

  dispose(): void {
    this.dLoss?.dispose();
    this.gLoss?.dispose();
    this.nets.generator.dispose();
    this.nets.discriminator.dispose();
    this.dOpt.dispose();
    this.gOpt.dispose();
  }
}

/** The fixed noise and real points the views compare (the same noise for the same seed, whatever the data). */
function makeProbe(setup: Setup, target: Target): Probe {
  const rng = rngFor(setup.seed, 3);
  return {
    noise: drawNoise(setup, PROBE_POINTS, rng),
    real: target.sample(PROBE_POINTS, rng),
    ...(target.dim === 2 ? { truthHistogram: histogram2d(target.sample(TRUTH_POINTS, rng)) } : {}),
  };
}

const valueOf = (t?: tf.Scalar) => (t ? t.dataSync()[0] : Number.NaN);
