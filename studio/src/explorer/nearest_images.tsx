// The training images nearest to the sample, on request (the run's images are fetched once):
// a sample that sits on top of a training image is a copy, not a new image.
import { useMemo, useState } from 'preact/hooks';
import { messageOf, Note, Problem } from '../ui/messages.tsx';
import { SampleImage } from '../ui/sample_image.tsx';
import { fetchTrainingImages, nearestImages, type TrainingImages } from './neighbours.ts';

const NEIGHBOURS = 6;
const fetched = new Map<string, Promise<TrainingImages>>();

export function NearestImages({ runId, sample, shape, labelNames }: { runId?: string; sample: Float32Array; shape: number[]; labelNames: string[] }) {
  const [state, setState] = useState<{ images?: TrainingImages; error?: string; loading?: boolean }>({});
  const neighbours = useMemo(() => (state.images ? nearestImages(state.images, sample, NEIGHBOURS) : []), [state.images, sample]);
  if (!runId) return <Note>The nearest training images need the model's run: open the model from its run to see them.</Note>;
  const load = () => {
    setState({ loading: true });
    if (!fetched.has(runId)) fetched.set(runId, fetchTrainingImages(runId).catch((e) => { fetched.delete(runId); throw e; }));
    fetched.get(runId)!.then((images) => {
      if (images.shape.join() !== shape.join()) setState({ error: `The run's training images are ${images.shape.join('×')} but the model draws ${shape.join('×')}, so they cannot be compared.` });
      else setState({ images });
    }, (e) => setState({ error: messageOf(e) }));
  };
  if (state.error) return <Problem>{state.error}</Problem>;
  if (!state.images) {
    return <p><button onClick={load} disabled={state.loading}>{state.loading ? 'Loading the training images…' : 'Show the nearest training images'}</button></p>;
  }
  const scale = Math.max(1, Math.round(56 / shape[1]));
  return (
    <div>
      <p class="muted">Nearest of the {state.images.count} training images (Euclidean distance on pixels in [-1, 1]):</p>
      <div class="row" data-testid="neighbours">
        {neighbours.map((n) => (
          <div class="cell" key={n.index}>
            <SampleImage values={n.values} shape={shape} scale={scale} label={`a training image at distance ${n.distance.toFixed(2)}`} />
            {n.distance.toFixed(2)}{n.label !== undefined && ` · ${labelNames[n.label] ?? n.label}`}
          </div>
        ))}
      </div>
    </div>
  );
}
