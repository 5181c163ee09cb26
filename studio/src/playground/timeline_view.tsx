// The timeline's slider under the playground's controls: dragging it brings back a kept step (and
// pauses), Play or "Branch from here" trains on from it, and the line says what the budget holds.
import type { Session } from './session.ts';
import { MAX_BYTES, MAX_KEPT, type Timeline } from './timeline.ts';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 1)} MB`;

export function TimelineView({ timeline, session, rewind, branch }: { timeline: Timeline; session: Session; rewind: (index: number) => void; branch: () => void }) {
  const steps = timeline.steps(session);
  const viewing = timeline.viewing;
  const index = viewing ?? steps.length - 1;
  const newest = steps[steps.length - 1];
  return (
    <div class="timeline row">
      <label>timeline
        <input type="range" data-testid="timeline" min={0} max={steps.length - 1} step={1} value={index} data-steps={steps.join(',')} data-every={timeline.every}
          aria-valuetext={`step ${steps[index]}`} onInput={(e) => rewind(Number(e.currentTarget.value))} />
      </label>
      <span class="facts">
        {viewing === undefined ? 'live' : <>showing step <output data-testid="timeline-step">{steps[index]}</output> of {newest}</>}
        {' · '}<span data-testid="timeline-kept" data-value={timeline.kept.length} data-bytes={timeline.bytes}>{timeline.kept.length} snapshots, every {timeline.every} steps, {mb(timeline.bytes)}</span>
        <span title="when full, every other snapshot goes and the interval doubles"> (at most {MAX_KEPT} and {mb(MAX_BYTES)}, thinned evenly)</span>
      </span>
      {viewing !== undefined && viewing < steps.length - 1 && (
        <button data-testid="branch" title="train on from this step with the knobs as they are now; the later snapshots of this line are dropped" onClick={branch}>Branch from here</button>
      )}
    </div>
  );
}
