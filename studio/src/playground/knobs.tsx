// The set-up's controls: one labelled input per knob of the GAN core that applies to MLPs.
import { useState } from 'preact/hooks';
import { LOSS_PROPERTIES } from '../../../src/config/schema.ts';
import { DATA_NAMES, LOSSES, OPTIMIZERS, PRIORS, parseBetas, type Setup } from './setup.ts';

/**
 * A typed knob shows the set-up's value except while the learner types in it: the page renders
 * many times a second while training plays, and each render would put the old value back.
 */
function useTyping(current: string) {
  const [typing, setTyping] = useState(false);
  return { value: typing ? undefined : current, onFocus: () => setTyping(true), onBlur: () => setTyping(false) };
}

export const DATA_LABELS: Record<Setup['data'], string> = {
  gaussian1d: '1-D Gaussian', bimodal1d: '1-D bimodal', ring: 'ring of 8', grid: '5 × 5 grid', spiral: 'spiral', moons: 'two moons', drawn: 'drawn by you',
};

type Change = (patch: Partial<Setup>) => void;

/** A select over `values` for one key of a set-up (the playground's, the lab's). */
export function Choice<S, K extends keyof S & string>({ k, label, values, setup, change, names }: {
  k: K; label: string; values: readonly string[]; setup: S; change: (patch: Partial<S>) => void; names?: Record<string, string>;
}) {
  return (
    <label>{label}
      <select data-testid={`knob-${k}`} value={String(setup[k])} onChange={(e) => change({ [k]: e.currentTarget.value } as Partial<S>)}>
        {values.map((v) => <option key={v} value={v}>{names?.[v] ?? v}</option>)}
      </select>
    </label>
  );
}

/** A number input for one key of a set-up, committed when it holds a value in [min, max]. */
export function NumberKnob<S, K extends keyof S & string>({ k, label, setup, change, step, min, max, disabled }: {
  k: K; label: string; setup: S; change: (patch: Partial<S>) => void; step: number; min: number; max: number; disabled?: boolean;
}) {
  const commit = (e: { currentTarget: HTMLInputElement }) => {
    const v = Number(e.currentTarget.value);
    if (Number.isFinite(v) && v >= min && v <= max) change({ [k]: v } as Partial<S>);
    else e.currentTarget.value = String(setup[k]);
  };
  const typing = useTyping(String(setup[k]));
  return (
    <label>{label}
      <input type="number" data-testid={`knob-${k}`} {...typing} step={step} min={min} max={max} disabled={disabled} onChange={commit} />
    </label>
  );
}

function SizesKnob({ k, label, setup, change }: { k: 'generatorHidden' | 'discriminatorHidden'; label: string; setup: Setup; change: Change }) {
  const commit = (e: { currentTarget: HTMLInputElement }) => {
    const sizes = e.currentTarget.value.split(',').map((s) => Number(s.trim()));
    if (sizes.length <= 4 && sizes.every((v) => Number.isInteger(v) && v > 0 && v <= 512)) change({ [k]: sizes });
    else e.currentTarget.value = setup[k].join(',');
  };
  const typing = useTyping(setup[k].join(','));
  return (
    <label title="hidden layer widths, comma-separated (at most 4 layers of at most 512)">{label}
      <input type="text" size={9} data-testid={`knob-${k}`} {...typing} onChange={commit} />
    </label>
  );
}

function BetasKnob({ k, label, setup, change }: { k: 'generatorBetas' | 'discriminatorBetas'; label: string; setup: Setup; change: Change }) {
  const commit = (e: { currentTarget: HTMLInputElement }) => {
    const betas = parseBetas(e.currentTarget.value);
    if (betas) change({ [k]: betas });
    else e.currentTarget.value = setup[k].join(',');
  };
  const typing = useTyping(setup[k].join(','));
  return (
    <label title="Adam's beta1, beta2, each in [0, 1)">{label}
      <input type="text" size={9} data-testid={`knob-${k}`} {...typing} disabled={setup.optimizer !== 'adam'} onChange={commit} />
    </label>
  );
}

export function Knobs({ setup, change }: { setup: Setup; change: Change }) {
  const p = { setup, change };
  return (
    <div class="knobs">
      <Choice k="data" label="data" values={DATA_NAMES} names={DATA_LABELS} {...p} />
      <SizesKnob k="generatorHidden" label="G hidden" {...p} />
      <SizesKnob k="discriminatorHidden" label="D hidden" {...p} />
      <Choice k="loss" label="loss" values={LOSSES} {...p} />
      <NumberKnob k="dSteps" label="k (D steps per G step)" step={1} min={1} max={20} {...p} />
      <Choice k="optimizer" label="optimiser" values={OPTIMIZERS} {...p} />
      <NumberKnob k="generatorLr" label="G learning rate" step={0.0001} min={1e-6} max={1} {...p} />
      <NumberKnob k="discriminatorLr" label="D learning rate" step={0.0001} min={1e-6} max={1} {...p} />
      <BetasKnob k="generatorBetas" label="G Adam betas" {...p} />
      <BetasKnob k="discriminatorBetas" label="D Adam betas" {...p} />
      <NumberKnob k="momentum" label="momentum (SGD, RMSProp)" step={0.1} min={0} max={0.99} disabled={setup.optimizer === 'adam'} {...p} />
      <NumberKnob k="labelSmoothing" label="label smoothing (one-sided)" step={0.05} min={0} max={0.5} disabled={!LOSS_PROPERTIES[setup.loss].targets} {...p} />
      <NumberKnob k="gradientPenalty" label="gradient penalty λ" step={0.5} min={0} max={100} disabled={LOSS_PROPERTIES[setup.loss].gradientPenalty === 0} {...p} />
      <NumberKnob k="r1" label="R1 penalty γ" step={0.5} min={0} max={100} {...p} />
      <NumberKnob k="clip" label="weight clip" step={0.01} min={0.001} max={10} disabled={LOSS_PROPERTIES[setup.loss].clip === null} {...p} />
      <Choice k="noisePrior" label="noise prior" values={PRIORS} {...p} />
      <NumberKnob k="latentDim" label="noise dimension" step={1} min={1} max={16} {...p} />
      <NumberKnob k="batchSize" label="batch size" step={8} min={8} max={1024} {...p} />
      <NumberKnob k="seed" label="seed" step={1} min={0} max={2 ** 31} {...p} />
    </div>
  );
}
