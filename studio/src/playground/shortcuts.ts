// Keys that act on the whole page (Space: play/pause, N: one step, D and G: one update of either), kept out of the way of typing
// and of the controls' own keys.
import { useEffect, useRef } from 'preact/hooks';

/** Whether a key pressed here belongs to the element: text is typed, or Space presses a focused button or ticks a box. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return key === ' ' || !['checkbox', 'radio', 'range', 'button'].includes(target.type);
  return key === ' ' && (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement);
}

/** Calls `actions[key]` (lower case) for a key pressed without modifiers outside the controls that use it. */
export function useShortcuts(actions: Record<string, () => void>): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      const action = latest.current[e.key.toLowerCase()];
      if (!action || e.ctrlKey || e.metaKey || e.altKey || e.repeat || ownsKey(e.target, e.key)) return;
      // Space would also scroll the page.
      e.preventDefault();
      action();
    };
    addEventListener('keydown', down);
    return () => removeEventListener('keydown', down);
  }, []);
}
