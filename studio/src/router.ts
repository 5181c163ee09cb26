// The app's pages live in the URL's hash, so a view can be shared and the server serves one page.
//   #/                     runs
//   #/run/<id>             one run
//   #/compare/<id>,<id>    runs side by side
//   #/explore[/<id>]       the model explorer, on a run's model or on files the user picks
//   #/playground[?<set-up>] in-browser training, its whole set-up in the query
//   #/lab[?<set-up>]        four families learn one 2-D distribution side by side
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'runs' }
  | { page: 'run'; id: string }
  | { page: 'compare'; ids: string[] }
  | { page: 'explore'; id?: string }
  | { page: 'playground'; query?: string }
  | { page: 'lab'; query?: string }
  | { page: 'unknown'; hash: string };

function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page = '', ...rest] = path.split('/');
  const arg = rest.join('/');
  const decode = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };
  switch (page) {
    case '': case 'runs': return { page: 'runs' };
    case 'run': return arg ? { page: 'run', id: decode(arg) } : { page: 'runs' };
    case 'compare': return { page: 'compare', ids: arg ? arg.split(',').map(decode) : [] };
    case 'explore': return arg ? { page: 'explore', id: decode(arg) } : { page: 'explore' };
    case 'playground': return { page: 'playground', query };
    case 'lab': return { page: 'lab', query };
    default: return { page: 'unknown', hash };
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case 'runs': return '#/';
    case 'run': return `#/run/${encodeURIComponent(route.id)}`;
    case 'compare': return `#/compare/${route.ids.map(encodeURIComponent).join(',')}`;
    case 'explore': return route.id ? `#/explore/${encodeURIComponent(route.id)}` : '#/explore';
    case 'playground': return route.query ? `#/playground?${route.query}` : '#/playground';
    case 'lab': return route.query ? `#/lab?${route.query}` : '#/lab';
    case 'unknown': return route.hash;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
