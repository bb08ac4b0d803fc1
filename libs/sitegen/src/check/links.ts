import type { Add, HtmlDoc } from './report';

/** What every check across files needs: the parsed pages, every file path, and where to report. */
export interface SiteScope {
  docs: ReadonlyMap<string, HtmlDoc>;
  paths: ReadonlySet<string>;
  add: Add;
}

function resolvePath(from: string, ref: string): string {
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  const parts: string[] = [];
  for (const seg of (ref.startsWith('/') ? ref.slice(1) : dir + ref).split('/')) {
    if (seg === '..') parts.pop();
    else if (seg && seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Resolves one URL found in `from`; reports it under internal-links or external-resources. */
export function checkUrl(
  url: string,
  from: string,
  navigation: boolean,
  site: SiteScope,
  ownIds?: ReadonlySet<string>,
) {
  const { docs, paths, add } = site;
  const ref = url.trim();
  if (!ref) return add('internal-links', `${from}: empty URL`);
  if (/^javascript:/i.test(ref))
    return add('internal-links', `${from}: javascript: URL "${ref.slice(0, 40)}"`);
  if (/^(https?:)?\/\//i.test(ref)) {
    return add(
      'external-resources',
      `${from}: ${navigation ? 'links to' : 'loads'} external ${ref.slice(0, 80)}`,
    );
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return; // mailto:, tel:, data: stay on the page
  const [pathAndQuery, fragment] = ref.split('#', 2) as [string, string | undefined];
  const path = pathAndQuery.split('?')[0];
  if (!path) {
    if (!fragment) return add('internal-links', `${from}: "#" links nowhere`);
    if (ownIds && !ownIds.has(decode(fragment)))
      add('internal-links', `${from}: #${fragment} has no matching id`);
    return;
  }
  const target = resolvePath(from, decode(path));
  if (!paths.has(target)) return add('internal-links', `${from}: ${ref} does not exist`);
  const doc = docs.get(target);
  if (fragment && doc && !doc.ids.has(decode(fragment)))
    add('internal-links', `${from}: ${ref} has no matching id`);
}

export const URL_ATTRS: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  script: ['src'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  iframe: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  embed: ['src'],
  object: ['data'],
  form: ['action'],
  track: ['src'],
};
export const NAVIGATION = new Set(['a', 'area', 'form']);
