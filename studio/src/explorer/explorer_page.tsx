// The model explorer: opens a run's exported generator, or model files the user picks, and shows
// what it draws (see model_view.tsx). Whatever is wrong with the files is said in one sentence.
import { useEffect, useState } from 'preact/hooks';
import { useRunList } from '../dashboard/run_list.ts';
import { href } from '../router.ts';
import { messageOf, Note, Problem } from '../ui/messages.tsx';
import { startBackend } from './backend.ts';
import { pickedModelFiles, runModelFiles } from './model_files.ts';
import { ModelView } from './model_view.tsx';
import { openModel, type OpenModel } from './open_model.ts';

type Opening = { model?: OpenModel; error?: string; loading?: boolean };

function dispose(m: OpenModel): void {
  m.model.dispose();
  if (m.kind === 'latent') m.encoder?.model.dispose();
}

/** Opens the run's model or the picked files whenever either changes, and disposes of the last one. */
function useOpenModel(id: string | undefined, picked: File[] | null): { opening: Opening; backend?: string } {
  const [opening, setOpening] = useState<Opening>({});
  const [backend, setBackend] = useState<string>();
  useEffect(() => {
    if (!id && !picked) { setOpening({}); return; }
    let cancelled = false;
    let opened: OpenModel | undefined;
    setOpening({ loading: true });
    (async () => {
      setBackend(await startBackend());
      opened = await openModel(picked ? pickedModelFiles(picked) : runModelFiles(id!));
      if (cancelled) dispose(opened);
      else setOpening({ model: opened });
    })().catch((e) => {
      if (!cancelled) setOpening({ error: messageOf(e) });
    });
    return () => {
      cancelled = true;
      if (opened) dispose(opened);
    };
  }, [id, picked]);
  return { opening, backend };
}

function ModelPicker({ id, onPick }: { id?: string; onPick: (files: File[]) => void }) {
  const { list } = useRunList();
  const withModel = (list?.runs ?? []).filter((r) => r.model);
  const pick = (e: Event) => {
    const files = [...((e.currentTarget as HTMLInputElement).files ?? [])];
    if (files.length) onPick(files);
  };
  return (
    <div class="panel row">
      <label>
        a run's model
        <select aria-label="run" value={id ?? ''} onChange={(e) => { location.hash = href({ page: 'explore', id: e.currentTarget.value || undefined }); }}>
          <option value="">{withModel.length ? 'choose a run…' : 'no run has exported a model yet'}</option>
          {withModel.map((r) => <option key={r.id} value={r.id}>{r.id} ({r.architecture}, step {r.step})</option>)}
          {id && !withModel.some((r) => r.id === id) && <option value={id}>{id}</option>}
        </select>
      </label>
      <label>or model files <input type="file" multiple accept=".json,.bin" aria-label="model files" onChange={pick} /></label>
      <label>or a model folder <input type="file" aria-label="model folder" onChange={pick} {...{ webkitdirectory: '' }} /></label>
    </div>
  );
}

export function ExplorerPage({ id }: { id?: string }) {
  const [picked, setPicked] = useState<File[] | null>(null);
  // A run named in the URL replaces picked files.
  useEffect(() => { if (id) setPicked(null); }, [id]);
  const { opening, backend } = useOpenModel(id, id ? null : picked);
  const onPick = (files: File[]) => {
    setPicked(files);
    if (id) location.hash = href({ page: 'explore' });
  };
  return (
    <section>
      <h1>Model explorer</h1>
      <ModelPicker id={id} onPick={onPick} />
      {!id && !picked && <Note>Choose a run whose model to explore, or pick the files of an exported model: model.json, weights.bin and manifest.json (the model/ folder of a run).</Note>}
      {opening.loading && <Note>Opening the model…</Note>}
      {opening.error && <Problem>{opening.error}</Problem>}
      {opening.model && <ModelView model={opening.model} runId={id} backend={backend!} />}
    </section>
  );
}
