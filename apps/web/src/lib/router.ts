import { useEffect, useState } from 'react';

/**
 * Hash routes (#/builds/…): the gateway serves one index.html at `/`, so deep
 * links and reloads work without any server-side fallback.
 */
export type Route =
  { name: 'workspace'; buildId?: string } | { name: 'builds' } | { name: 'usage' } | { name: 'not_found' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const build = /^\/workspace\/([0-9a-f-]{36})\/?$/i.exec(path);
  if (build) return { name: 'workspace', buildId: build[1].toLowerCase() };
  if (path === '/' || path === '/workspace') return { name: 'workspace' };
  if (path === '/builds') return { name: 'builds' };
  if (path === '/usage') return { name: 'usage' };
  return { name: 'not_found' };
}

export const hrefOf = {
  workspace: (buildId?: string) => (buildId ? `#/workspace/${buildId}` : '#/'),
  builds: () => '#/builds',
  usage: () => '#/usage',
};

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
