// A run's sample grids over training: a slider over the steps that have one. At the last grid it
// follows new grids as they arrive.
import { useState } from 'preact/hooks';
import { fileUrl, samplePath } from '../api.ts';
import { Note } from '../ui/messages.tsx';

export function SampleSlider({ id, steps }: { id: string; steps: number[] }) {
  // null: follow the latest grid.
  const [chosen, setChosen] = useState<number | null>(null);
  if (steps.length === 0) return <Note>No sample grid yet: the first is written when training starts.</Note>;
  const index = chosen === null ? steps.length - 1 : Math.min(chosen, steps.length - 1);
  return (
    <div class="slider-view">
      <label>
        step <b data-testid="sample-step">{steps[index]}</b> <span class="muted">(grid {index + 1} of {steps.length})</span>
        <input type="range" min={0} max={steps.length - 1} value={index} aria-label="sample grid step"
          onInput={(e) => { const i = Number(e.currentTarget.value); setChosen(i === steps.length - 1 ? null : i); }} />
      </label>
      <img class="grid" src={fileUrl(id, samplePath(steps[index]))} alt={`samples at step ${steps[index]}`} />
    </div>
  );
}

/** The latest step at or before `step` (the grid a run had then), or its first grid. */
export const gridAt = (steps: number[], step: number) => steps.filter((s) => s <= step).pop() ?? steps[0];
