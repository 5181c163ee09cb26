// The learner's choice of what the main view shows and how fast training plays.
import { LAYERS, SPEEDS, type Layer, type ViewOptions } from './view_options.ts';

/** 1-D data draw D as a curve and have no noise grid over the main view (the noise view maps z to x). */
const ONE_D: Partial<Record<Layer, string>> = { heat: 'D and D*' };

export function ViewControls({ view, setView, dim }: { view: ViewOptions; setView: (patch: Partial<ViewOptions>) => void; dim?: number }) {
  const layers = (Object.keys(LAYERS) as Layer[]).filter((k) => dim !== 1 || k !== 'grid');
  return (
    <div class="view-controls">
      <div class="row layers">
        {layers.map((k) => (
          <label key={k}>
            <input type="checkbox" data-testid={`layer-${k}`} checked={view.layers[k]} onChange={(e) => setView({ layers: { ...view.layers, [k]: e.currentTarget.checked } })} /> {(dim === 1 && ONE_D[k]) || LAYERS[k]}
          </label>
        ))}
      </div>
      <div class="row">
        <label>arrows
          <select data-testid="arrow-scale-mode" value={view.arrowScale} onChange={(e) => setView({ arrowScale: e.currentTarget.value as ViewOptions['arrowScale'] })}>
            <option value="auto">longest arrow fixed</option>
            <option value="fixed">true size, fixed scale</option>
          </select>
        </label>
        <label>speed
          <select data-testid="speed" value={String(view.speed)} onChange={(e) => setView({ speed: Number(e.currentTarget.value) })}>
            {SPEEDS.map((s) => <option key={s.value} value={String(s.value)}>{s.label}</option>)}
          </select>
        </label>
      </div>
    </div>
  );
}
