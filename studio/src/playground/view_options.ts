// What the learner chose to see and how fast to train: the main view's layers, the arrows'
// scale and the play speed. Plain data kept by the training, so that it survives a page visit.

/** The main view's layers, each with its own toggle. */
export const LAYERS = { heat: 'D\'s heat map', real: 'real points', generated: 'generated points', ghosts: 'ghosts of the last step', grid: 'G\'s noise grid', arrows: 'gradient arrows' } as const;
export type Layer = keyof typeof LAYERS;

/**
 * 'auto': the longest arrow is a fixed length, so that directions show whatever the gradient's
 * size; 'fixed': one length per unit of gradient at every step, so that vanishing gradients show.
 */
export type ArrowScale = 'auto' | 'fixed';

/** Play speeds in training steps per second; 0 is as fast as the browser trains. */
export const SPEEDS = [{ value: 0, label: 'full speed' }, { value: 10, label: '10 steps/s' }, { value: 2, label: '2 steps/s' }, { value: 0.5, label: 'a step every 2 s' }] as const;

export interface ViewOptions {
  layers: Record<Layer, boolean>;
  arrowScale: ArrowScale;
  speed: number;
}

export const DEFAULT_VIEW: ViewOptions = {
  layers: { heat: true, real: true, generated: true, ghosts: true, grid: false, arrows: true },
  arrowScale: 'auto',
  speed: 0,
};
