// How the app says something is wrong: one sentence in the page, never a blank screen.
import type { ComponentChildren } from 'preact';
import { useEffect, useErrorBoundary } from 'preact/hooks';

/** A problem the user should read (a bad file, a missing part, a server that went away). */
export function Problem({ children }: { children: ComponentChildren }) {
  return <p class="problem" role="alert">{children}</p>;
}

/** Something that is fine but worth knowing (no report yet, a run whose data the page cannot draw). */
export function Note({ children }: { children: ComponentChildren }) {
  return <p class="note">{children}</p>;
}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Shows an error thrown while rendering `children` instead of an empty page, until `resetKey` changes. */
export function Guard({ resetKey, children }: { resetKey: string; children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary();
  useEffect(() => { if (error) reset(); }, [resetKey]);
  if (error) return <Problem>This view failed: {messageOf(error)}</Problem>;
  return <>{children}</>;
}
