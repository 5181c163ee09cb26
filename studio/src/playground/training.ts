// The playground's training, kept outside the page (issue 26): the set-up, its session, the loop
// that trains it in animation-frame-sized chunks, and what the views show. It outlives the page,
// so that visiting another page pauses the training instead of losing it.
// The loop is the only code that trains while playing, and every change of session stops it
// first: a frame scheduled before a Reset must never step the networks the Reset disposes.
// The timeline keeps the session's state as it trains; looking back pauses, and training from a
// looked-back step branches off there.
import { messageOf } from '../ui/messages.tsx';
import { downloadGenerator } from './download.ts';
import { Session, type Update } from './session.ts';
import { restartReason, sessionKey, setupFromQuery, setupToQuery, type Setup } from './setup.ts';
import type { Snapshot } from './snapshot.ts';
import { Timeline } from './timeline.ts';
import { DEFAULT_VIEW, type ViewOptions } from './view_options.ts';

/** Training time per animation frame: the page stays responsive while it trains. */
const FRAME_BUDGET_MS = 25;
/** Views and metrics are refreshed at most this often while playing, and take at most a quarter of the time. */
const SNAPSHOT_EVERY_MS = 150;

/** Drawn data with no point yet has nothing to train on. */
const hasData = (s: Setup) => s.data !== 'drawn' || s.drawn.length > 0;

export class Training {
  session?: Session;
  snapshot?: Snapshot;
  timeline = new Timeline();
  /** Play was pressed: training runs while the page is shown. */
  playing = false;
  stepwise = false;
  view: ViewOptions = structuredClone(DEFAULT_VIEW);
  lastUpdate?: Update;
  /** The generated points before the last single update or slow-motion step, drawn as ghosts. */
  ghost?: Float32Array;
  /** Knob changes during this session, marked on the charts. */
  marks: { step: number; label: string }[] = [];
  /** Counts sessions, so that the charts start afresh with a new one. */
  sessions = 0;
  /** Why the last knob change started training again, while no training knob has changed since. */
  restarted?: string;
  error?: string;
  private frame = 0;
  private shown = false;
  private readonly listeners = new Set<() => void>();

  constructor(public setup: Setup) {
    this.restart();
  }

  /** Calls `listener` whenever what the page shows changed; returns the way to stop. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The page is shown or left: training pauses while the learner is on another page, and goes on when they come back. */
  show(shown: boolean): void {
    this.shown = shown;
    if (shown && this.playing) this.run();
    else this.halt();
  }

  /** New data, networks, noise or seed start a new session; any other knob or drawn point applies to the running one from its next update. */
  change(patch: Partial<Setup>): void {
    const before = this.setup;
    this.setup = { ...before, ...patch };
    if (!this.session || !hasData(this.setup) || sessionKey(this.session.setup) !== sessionKey(this.setup)) {
      this.restarted = restartReason(before, this.setup);
      this.restart();
    } else {
      const label = changedKnobs(before, this.setup);
      if (label) this.marks = [...this.marks, { step: this.session.step, label }];
      this.session.retune(this.setup);
      this.restarted = undefined;
      // The views show D and G's push as the new loss reads them.
      this.measure();
    }
    this.changed();
  }

  reset(): void {
    this.restarted = undefined;
    this.restart();
    this.changed();
  }

  play(): void {
    if (!this.session || this.stepwise) return;
    this.branchIfRewound();
    // A resumed training clears the last failure's banner; a new failure sets it again.
    this.error = this.lastUpdate = undefined;
    this.playing = true;
    this.run();
    this.changed();
  }

  /** Shows the weights where training stopped: the views lag by up to a snapshot's interval while playing. */
  pause(): void {
    this.halt();
    this.playing = false;
    this.measure();
    this.changed();
  }

  setStepwise(on: boolean): void {
    this.stepwise = on;
    this.pause();
  }

  setView(patch: Partial<ViewOptions>): void {
    const speedChanged = patch.speed !== undefined && patch.speed !== this.view.speed;
    this.view = { ...this.view, ...patch };
    // A new speed starts the loop's clock again.
    if (speedChanged && this.playing) this.run();
    this.changed();
  }

  /** The next single update in step-by-step mode, else one training step (k D updates and a G update); pauses first. */
  next(): void {
    this.single(() => {
      if (this.stepwise) this.lastUpdate = this.session!.update();
      else { this.session!.trainStep(); this.lastUpdate = undefined; }
    });
  }

  /** One update of D alone or G alone, whatever the step-by-step order says; pauses first. */
  stepOne(which: Update): void {
    this.single(() => { this.lastUpdate = this.session!.updateOne(which); });
  }

  /** Pauses and brings back the timeline's snapshot at slider position `index`, as the views drew it then. */
  rewind(index: number): void {
    if (!this.session) return;
    this.halt();
    this.playing = false;
    this.session.load(this.timeline.rewind(this.session, index));
    // The weights are those of a healthy step now; a NaN one fails again in measure.
    this.error = this.lastUpdate = this.ghost = undefined;
    this.measure();
    this.changed();
  }

  /** "Branch from here": plays on from the looked-back step (in step-by-step mode, waits for the next update). */
  branch(): void {
    if (!this.stepwise) return this.play();
    this.branchIfRewound();
    this.changed();
  }

  /** Training from a looked-back step: the old line after it is dropped, and the knobs as they are now apply. */
  private branchIfRewound(): void {
    const session = this.session;
    if (!session || this.timeline.viewing === undefined) return;
    const label = changedKnobs(session.setup, this.setup);
    session.retune(this.setup);
    if (this.timeline.branch()) {
      session.truncateHistory(session.step);
      this.marks = [...this.marks.filter((m) => m.step <= session.step), { step: session.step, label: label ? `branch: ${label}` : 'branch' }];
    } else if (label) {
      this.marks = [...this.marks, { step: session.step, label }];
    }
  }

  private single(update: () => void): void {
    if (!this.session) return;
    this.halt();
    this.playing = false;
    this.branchIfRewound();
    try {
      update();
      this.timeline.offer(this.session);
    } catch (e) {
      this.fail(e);
    }
    this.measure(true);
    this.changed();
  }

  /** Saves the generator as ganforge exports one; a failure shows in the banner. */
  async download(): Promise<void> {
    if (!this.session) return;
    try {
      await downloadGenerator(this.session);
    } catch (e) {
      this.fail(e);
      this.changed();
    }
  }

  dispose(): void {
    this.halt();
    this.session?.dispose();
    this.session = undefined;
    this.listeners.clear();
  }

  private restart(): void {
    // The loop first: it must not step the networks disposed here.
    this.halt();
    this.session?.dispose();
    this.session = this.snapshot = this.lastUpdate = this.error = this.ghost = undefined;
    this.marks = [];
    this.timeline = new Timeline();
    this.sessions++;
    if (!hasData(this.setup)) return;
    try {
      this.session = new Session(this.setup);
      this.timeline.offer(this.session);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.measure();
    if (this.playing) this.run();
  }

  private run(): void {
    this.halt();
    const session = this.session;
    if (!this.shown || !session || this.error) return;
    let nextSnapshot = performance.now() + SNAPSHOT_EVERY_MS;
    // Slow motion: one step whenever the clock says one is due, each shown with its ghosts.
    const slow = this.view.speed, t0 = performance.now();
    let done = 0;
    const tick = () => {
      const start = performance.now();
      let stepped = false;
      try {
        if (slow > 0) {
          if (((start - t0) / 1000) * slow >= done + 1) { session.trainStep(); this.timeline.offer(session); done++; stepped = true; }
        } else {
          while (performance.now() - start < FRAME_BUDGET_MS) { session.trainStep(); this.timeline.offer(session); }
        }
      } catch (e) {
        this.fail(e);
        this.changed();
        return;
      }
      const now = performance.now();
      if (stepped) {
        this.measure(true);
        this.changed();
      } else if (slow === 0 && now > nextSnapshot) {
        this.measure();
        nextSnapshot = performance.now() + Math.max(SNAPSHOT_EVERY_MS, 3 * (performance.now() - now));
        this.changed();
      }
      if (this.playing) this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  private halt(): void {
    cancelAnimationFrame(this.frame);
  }

  /** A new snapshot for the views (`ghost`: keeping the last one's generated points as ghosts); NaN points stop the training with a banner. */
  private measure(ghost = false): void {
    if (!this.session) return;
    this.ghost = ghost ? this.snapshot?.fake : undefined;
    try {
      this.snapshot = this.session.snapshot();
      if (!Number.isFinite(this.snapshot.metrics.w1)) throw new Error(`the generated points turned NaN at step ${this.session.step}; lower the learning rates`);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.halt();
    this.playing = false;
    this.error = messageOf(e).replace(/\.$/, '');
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The training knobs that differ, as the charts' marks name them: "generatorLr 0.001 → 0.002". */
function changedKnobs(before: Setup, after: Setup): string {
  const text = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
  return (Object.keys(after) as (keyof Setup)[])
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => (k === 'drawn' ? 'drawn points' : `${k} ${text(before[k])} → ${text(after[k])}`)).join(', ');
}

let kept: Training | undefined;

/** The training the learner left, unless the address names another set-up: a query typed or pasted starts that one from scratch. */
export function keptTraining(query: string): Training {
  if (kept && (query === '' || setupToQuery(setupFromQuery(query)) === setupToQuery(kept.setup))) return kept;
  kept?.dispose();
  kept = new Training(setupFromQuery(query));
  return kept;
}
