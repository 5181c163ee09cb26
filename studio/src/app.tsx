// The studio's frame: the navigation and the page the URL names. Pages that need the heavy
// libraries (Vega for curves, TensorFlow.js for the explorer and the playground) load them when first opened.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { RunsPage } from './dashboard/runs_page.tsx';
import { href, useRoute, type Route } from './router.ts';
import { Guard, messageOf, Note, Problem } from './ui/messages.tsx';

function lazyPage<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let page: FunctionComponent<P> | undefined;
  return function LazyPage(props: P) {
    const [state, setState] = useState<{ page?: FunctionComponent<P>; error?: string }>({ page });
    useEffect(() => {
      if (!state.page) load().then((p) => { page = p; setState({ page: p }); }, (e) => setState({ error: messageOf(e) }));
    }, []);
    if (state.error) return <Problem>This page could not be loaded ({state.error}); reload the page, or restart ganforge studio if it was updated.</Problem>;
    const Page = state.page;
    return Page ? <Page {...props} /> : <Note>Loading…</Note>;
  };
}

const RunPage = lazyPage(() => import('./dashboard/run_page.tsx').then((m) => m.RunPage));
const ComparePage = lazyPage(() => import('./dashboard/compare_page.tsx').then((m) => m.ComparePage));
const ExplorerPage = lazyPage(() => import('./explorer/explorer_page.tsx').then((m) => m.ExplorerPage));
const PlaygroundPage = lazyPage(() => import('./playground/playground_page.tsx').then((m) => m.PlaygroundPage));
const LabPage = lazyPage(() => import('./lab/lab_page.tsx').then((m) => m.LabPage));

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'runs': return <RunsPage />;
    case 'run': return <RunPage id={route.id} />;
    case 'compare': return <ComparePage ids={route.ids} />;
    case 'explore': return <ExplorerPage id={route.id} />;
    // A query typed or pasted into the address bar restores that set-up from scratch.
    case 'playground': return <PlaygroundPage key={route.query} query={route.query} />;
    case 'lab': return <LabPage key={route.query} query={route.query} />;
    case 'unknown': return <Problem>The studio has no page {route.hash}; pick one above.</Problem>;
  }
}

const NAV: { label: string; route: Route; active: Route['page'][] }[] = [
  { label: 'Runs', route: { page: 'runs' }, active: ['runs', 'run'] },
  { label: 'Compare', route: { page: 'compare', ids: [] }, active: ['compare'] },
  { label: 'Explorer', route: { page: 'explore' }, active: ['explore'] },
  { label: 'Playground', route: { page: 'playground' }, active: ['playground'] },
  { label: 'Lab', route: { page: 'lab' }, active: ['lab'] },
];

export function App() {
  const route = useRoute();
  return (
    <>
      <header>
        <a class="brand" href="#/">ganforge studio</a>
        <nav>{NAV.map((n) => <a key={n.label} href={href(n.route)} class={n.active.includes(route.page) ? 'active' : ''}>{n.label}</a>)}</nav>
      </header>
      <main>
        <Guard resetKey={location.hash}><Page route={route} /></Guard>
      </main>
    </>
  );
}
