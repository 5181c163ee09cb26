// The lab's four trainings in one page, interleaved: each animation frame shares a short budget
// among the panels that play, taking turns, so that no model blocks the page for long and all four
// move on together; a frame that measures a panel does nothing else, so a measurement's pause
// lands on one frame only. A clock that runs while any panel plays is the charts' common x axis.
// Like the playground's training it lives outside the page, so it survives a visit elsewhere.
import { messageOf } from '../ui/messages.tsx';
import { DiffusionModel } from './diffusion_model.ts';
import { GanModel } from './gan_model.ts';
import { GmnModel } from './gmn_model.ts';
import { labData, type LabData, type LabModel, type Measured } from './lab_model.ts';
import { FAMILIES, labFromQuery, labToQuery, modelKey, type LabFamily, type LabSetup } from './lab_setup.ts';
import { VaeModel } from './vae_model.ts';

/** Milliseconds of training per frame, shared among the playing panels (a frame at 60 Hz is 16.7 ms). */
const FRAME_BUDGET_MS = 24;
/** How often each playing panel is measured at most; a slow measurement waits longer, so that measuring takes at most a tenth of the time. */
const MEASURE_EVERY_MS = 600, MEASURE_SHARE = 0.1;

/** One measurement on the lab's clock. */
export interface LabRecord {
  /** Seconds on the lab's clock. */
  time: number;
  step: number;
  jsd: number;
  kl: number;
  w1: number;
  /** Updates per second since the panel's last measurement (NaN where it did not play in between). */
  rate: number;
  losses: Record<string, number>;
}

export class Panel {
  model?: LabModel;
  playing = false;
  error?: string;
  last?: Measured;
  history: LabRecord[] = [];
  /** Counts new models, so the charts draw a new one's history anew. */
  generation = 0;
  /** Updates per second at the last measurement. */
  rate = Number.NaN;
  measuredAt = 0;
  stepAtMeasure = 0;
  /** When the panel is measured next while it plays. */
  measureAt = 0;

  constructor(readonly family: LabFamily) {}
}

function buildModel(family: LabFamily, setup: LabSetup, data: LabData): LabModel {
  switch (family) {
    case 'gan': return new GanModel(setup);
    case 'vae': return new VaeModel(setup, data);
    case 'gmn': return new GmnModel(setup, data);
    case 'diffusion': return new DiffusionModel(setup, data);
  }
}

const hasData = (s: LabSetup) => s.data !== 'drawn' || s.drawn.length > 0;

export class Lab {
  data?: LabData;
  readonly panels: Record<LabFamily, Panel> = Object.fromEntries(FAMILIES.map((f) => [f, new Panel(f)])) as Record<LabFamily, Panel>;
  /** Seconds the lab has trained (any panel playing). */
  clock = 0;
  private frame = 0;
  private shown = false;
  private next = 0;
  private readonly listeners = new Set<() => void>();

  constructor(public setup: LabSetup) {
    this.rebuild(FAMILIES);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Trains only while the page is on screen. */
  show(shown: boolean): void {
    this.shown = shown;
    this.run();
  }

  /** A new set-up: the models whose data or knobs changed start again from new weights. */
  change(patch: Partial<LabSetup>): void {
    const before = this.setup;
    this.setup = { ...before, ...patch };
    const shared = ['data', 'drawn', 'batchSize', 'seed'].some((k) => JSON.stringify(before[k as keyof LabSetup]) !== JSON.stringify(this.setup[k as keyof LabSetup]));
    this.rebuild(FAMILIES.filter((f) => shared || modelKey(before, f) !== modelKey(this.setup, f)), shared);
  }

  play(family: LabFamily): void {
    const p = this.panels[family];
    if (!p.model || p.error) return;
    p.playing = true;
    p.measuredAt = performance.now();
    p.measureAt = p.measuredAt + MEASURE_EVERY_MS;
    p.stepAtMeasure = p.model.step;
    this.run();
    this.changed();
  }

  /** Pauses a panel, measured where it stopped. */
  pause(family: LabFamily): void {
    const p = this.panels[family];
    if (p.playing && p.model) this.measure(p);
    p.playing = false;
    this.changed();
  }

  playAll(playing: boolean): void {
    for (const f of FAMILIES) if (playing) this.play(f); else this.pause(f);
  }

  get anyPlaying(): boolean {
    return FAMILIES.some((f) => this.panels[f].playing);
  }

  /** One update of this panel's model; pauses it first. */
  step(family: LabFamily): void {
    const p = this.panels[family];
    if (!p.model) return;
    p.playing = false;
    this.guard(p, () => p.model!.trainStep());
    this.measure(p);
    this.changed();
  }

  async download(family: LabFamily): Promise<void> {
    const p = this.panels[family];
    if (!p.model) return;
    try {
      await p.model.download();
    } catch (e) {
      p.error = messageOf(e);
      this.changed();
    }
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    for (const f of FAMILIES) this.panels[f].model?.dispose();
    this.listeners.clear();
  }

  private rebuild(families: readonly LabFamily[], newData = true): void {
    if (newData || !this.data) this.data = hasData(this.setup) ? labData(this.setup) : undefined;
    for (const f of families) {
      const p = this.panels[f];
      p.model?.dispose();
      p.model = p.last = p.error = undefined;
      p.history = [];
      p.generation++;
      p.rate = Number.NaN;
      if (!this.data) { p.playing = false; continue; }
      this.guard(p, () => { p.model = buildModel(f, this.setup, this.data!); });
      if (p.model) this.measure(p);
      if (p.playing) this.play(f);
    }
    this.changed();
  }

  private run(): void {
    cancelAnimationFrame(this.frame);
    if (!this.shown || !this.anyPlaying) return;
    let last = performance.now();
    const tick = () => {
      const start = performance.now();
      this.clock += (start - last) / 1000;
      last = start;
      const playing = FAMILIES.map((f) => this.panels[f]).filter((p) => p.playing && p.model);
      // A frame either measures one panel that is due (a measurement is the longest pause) or trains.
      const due = playing.find((p) => performance.now() >= p.measureAt);
      if (due) {
        this.measure(due);
        this.changed();
      } else {
        // The panels take turns: each trains for its share of the budget, and a frame ends once the
        // budget is spent, the next one going on with the next panel, so that a slow model's single
        // update (tens of ms on a busy CPU) does not add up with the other three in one frame.
        const slice = FRAME_BUDGET_MS / Math.max(1, playing.length);
        for (let i = 0; i < playing.length && performance.now() - start < FRAME_BUDGET_MS; i++) {
          const p = playing[this.next++ % playing.length];
          const from = performance.now();
          // At least one update a turn, however slow the model.
          this.guard(p, () => { do p.model!.trainStep(); while (performance.now() - from < slice); });
        }
      }
      if (this.anyPlaying) this.frame = requestAnimationFrame(tick);
      else this.changed();
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** Measures a panel's model and appends the record to its history; NaN samples stop it with a message. */
  private measure(p: Panel): void {
    const model = p.model!;
    const now = performance.now();
    this.guard(p, () => {
      const m = model.measure();
      if (!Number.isFinite(m.metrics.w1)) throw new Error(`the samples turned NaN at step ${model.step}; lower the learning rate`);
      p.last = m;
      // Updates per second of wall time while it played, the other panels' turns included: what the page delivers.
      p.rate = p.playing && now > p.measuredAt ? (1000 * (model.step - p.stepAtMeasure)) / (now - p.measuredAt) : p.rate;
      p.history = [...p.history, { time: this.clock, step: model.step, ...m.metrics, rate: p.playing ? p.rate : Number.NaN, losses: m.losses }];
    });
    p.measuredAt = performance.now();
    p.stepAtMeasure = model.step;
    p.measureAt = p.measuredAt + Math.max(MEASURE_EVERY_MS, (p.measuredAt - now) / MEASURE_SHARE);
  }

  private guard(p: Panel, f: () => void): void {
    try {
      f();
    } catch (e) {
      p.playing = false;
      p.error = messageOf(e).replace(/\.$/, '');
    }
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

let kept: Lab | undefined;

/** The lab the learner left, unless the address names another set-up. */
export function keptLab(query: string): Lab {
  if (kept && (query === '' || labToQuery(labFromQuery(query)) === labToQuery(kept.setup))) return kept;
  kept?.dispose();
  kept = new Lab(labFromQuery(query));
  return kept;
}
