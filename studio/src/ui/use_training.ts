// A training kept outside the page (the playground's, the lab's), started once TensorFlow.js has
// its backend, shown while the page is, and re-rendering the page whenever it changes.
import { useEffect, useState } from 'preact/hooks';
import { startBackend } from '../explorer/backend.ts';
import { messageOf } from './messages.tsx';

export interface ShownTraining {
  subscribe(listener: () => void): () => void;
  /** Trains only while its page is on screen. */
  show(shown: boolean): void;
}

export function useTraining<T extends ShownTraining>(kept: () => T): { training?: T; backend?: string; error?: string } {
  const [state, setState] = useState<{ training?: T; backend?: string; error?: string }>({});
  const [, rerender] = useState(0);
  useEffect(() => {
    let live = true, training: T | undefined, stop = () => {};
    startBackend().then((backend) => {
      if (!live) return;
      training = kept();
      stop = training.subscribe(() => rerender((n) => n + 1));
      training.show(true);
      setState({ training, backend });
    }, (e) => live && setState({ error: messageOf(e) }));
    return () => { live = false; stop(); training?.show(false); };
  }, []);
  return state;
}
