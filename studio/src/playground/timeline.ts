// The playground's timeline (issue 23, item 2): the session's state kept every `every` steps in a
// fixed budget, so that the learner can bring back any kept step and branch off from it. When the
// budget is full the interval doubles and every other snapshot goes, so the kept steps stay evenly
// spread over the whole run however long it trains.
import type { Session } from './session.ts';
import { stateBytes, type SessionState } from './session_state.ts';

/** The first interval: small enough that the first steps, where most happens, can be brought back. */
const FIRST_EVERY = 10;
/** The budget: at most this many snapshots, and at most this many bytes in all. */
export const MAX_KEPT = 64, MAX_BYTES = 64 * 2 ** 20;

export class Timeline {
  kept: SessionState[] = [];
  every = FIRST_EVERY;
  /** The kept snapshot the session was loaded from, while the learner looks back; undefined while live. */
  viewing?: number;

  get bytes(): number {
    return this.kept.reduce((sum, s) => sum + stateBytes(s), 0);
  }

  /** The steps the slider offers: the kept ones, and the session's own while it is live and past them. */
  steps(session: Session): number[] {
    const steps = this.kept.map((s) => s.step);
    return this.viewing === undefined && (steps.length === 0 || this.last.step < session.step) ? [...steps, session.step] : steps;
  }

  private get last(): SessionState {
    return this.kept[this.kept.length - 1];
  }

  /** Keeps the session's state after a whole training step that falls on the interval (`always`: wherever it is, mid-step too). */
  offer(session: Session, always = false): void {
    if (this.kept.length > 0 && this.last.step >= session.step) return;
    if (!always && (session.dUpdates !== 0 || session.step % this.every !== 0)) return;
    this.kept.push(session.save());
    this.thin();
  }

  /** The state at slider position `index`, keeping the live state first so that the last position brings it back. */
  rewind(session: Session, index: number): SessionState {
    if (this.viewing === undefined) this.offer(session, true);
    this.viewing = Math.max(0, Math.min(this.kept.length - 1, index));
    return this.kept[this.viewing];
  }

  /** Training goes on from the viewed snapshot: the old line's later ones are dropped. Says whether there were any. */
  branch(): boolean {
    if (this.viewing === undefined) return false;
    const later = this.kept.length - 1 - this.viewing;
    this.kept = this.kept.slice(0, this.viewing + 1);
    this.viewing = undefined;
    return later > 0;
  }

  private thin(): void {
    while (this.kept.length > 2 && (this.kept.length > MAX_KEPT || this.bytes > MAX_BYTES)) {
      this.every *= 2;
      // The latest stays, wherever it is: it may be the live state kept on rewinding.
      const last = this.last;
      this.kept = this.kept.filter((s) => s.step % this.every === 0 || s === last);
    }
  }
}
