// The explorer's inputs: seeds, sliders, and how large a sample image is drawn.
import type { ComponentChildren } from 'preact';
import type { Condition } from './draw.ts';

export function SeedInput({ label, value, onChange }: { label: string; value: number; onChange: (seed: number) => void }) {
  return (
    <label>
      {label}
      <input type="number" min={0} step={1} value={value} aria-label={label} style={{ width: '90px' }}
        onInput={(e) => { const v = Number(e.currentTarget.value); if (Number.isInteger(v) && v >= 0) onChange(v); }} />
    </label>
  );
}

/** A seed and a button for a random one. */
export function SeedRow({ seed, onChange, children }: { seed: number; onChange: (seed: number) => void; children?: ComponentChildren }) {
  return (
    <div class="row">
      <SeedInput label="seed" value={seed} onChange={onChange} />
      <button onClick={() => onChange(Math.floor(Math.random() * 1e6))}>random seed</button>
      {children}
    </div>
  );
}

export function Slider({ label, min, max, step, value, digits = 2, onChange }: {
  label: string; min: number; max: number; step: number; value: number; digits?: number; onChange: (v: number) => void;
}) {
  return (
    <label>
      {label} <b>{value.toFixed(digits)}</b>
      <input type="range" min={min} max={max} step={step} value={value} aria-label={label} onInput={(e) => onChange(Number(e.currentTarget.value))} />
    </label>
  );
}

/** Screen pixels per image pixel, so that a sample is about `target` pixels wide. */
export const scaleFor = (shape: number[], target: number) => Math.max(1, Math.round(target / shape[1]));

/** The command that draws the same n samples in Node. */
export const sampleCommand = (n: number, seed: number, condition: Condition) =>
  `ganforge sample --n ${n} --seed ${seed}${condition.kind === 'class' ? ` --label ${condition.label}` : ''}`;
