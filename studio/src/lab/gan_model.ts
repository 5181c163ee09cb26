// The lab's GAN: the playground's own session (its networks, D and G steps from src/gan/losses.ts,
// and its snapshot with D's heat map and G's push), on the lab's data with the lab's GAN knobs.
import { downloadGenerator } from '../playground/download.ts';
import { Session } from '../playground/session.ts';
import { DEFAULT_SETUP, type Setup } from '../playground/setup.ts';
import type { Snapshot } from '../playground/snapshot.ts';
import type { LabModel, Measured } from './lab_model.ts';
import type { LabSetup } from './lab_setup.ts';

export const ganSetup = (s: LabSetup): Setup => ({
  ...DEFAULT_SETUP, data: s.data, drawn: s.drawn, batchSize: s.batchSize, seed: s.seed,
  loss: s.ganLoss, generatorLr: s.ganLr, discriminatorLr: s.ganLr,
});

export class GanModel implements LabModel {
  readonly family = 'gan';
  readonly session: Session;
  /** The views' data at the last measurement. */
  snapshot?: Snapshot;

  constructor(setup: LabSetup) {
    this.session = new Session(ganSetup(setup));
  }

  get step(): number { return this.session.step; }

  trainStep(): void { this.session.trainStep(); }

  measure(): Measured {
    const s = this.snapshot = this.session.snapshot();
    return { fake: s.fake, metrics: { jsd: s.metrics.jsd, kl: s.metrics.kl, w1: s.metrics.w1 }, losses: { 'D loss': s.overview.dLoss, 'G loss': s.overview.gLoss } };
  }

  download(): Promise<void> { return downloadGenerator(this.session); }

  dispose(): void { this.session.dispose(); }
}
