import { parse, parseFragment } from 'parse5';
import { z } from 'zod';
import type { SiteFile } from '../render/site-file';
import { contrastRatio } from '../theme/colour';
import { MIN_TEXT_CONTRAST, PALETTE_TEXT_PAIRS, paletteVar } from '../theme/palette';
import { cssRules, resolveColour, rootVariables, urlsIn } from './css';
import { accessibleName, ancestors, attr, elements, textOf, type Document, type Element } from './html-tree';

export const CHECK_DEFINITIONS = [
  { id: 'html-parse', name: 'HTML parses without errors', severity: 'error' },
  { id: 'doctype', name: 'HTML5 doctype', severity: 'error' },
  { id: 'document-metadata', name: 'Language, charset, viewport and title', severity: 'error' },
  { id: 'meta-description', name: 'Meta description', severity: 'warning' },
  { id: 'duplicate-ids', name: 'Unique element ids', severity: 'error' },
  { id: 'aria-references', name: 'ARIA and label references resolve', severity: 'error' },
  { id: 'landmarks', name: 'Landmarks: header, nav, one main, footer', severity: 'error' },
  { id: 'skip-link', name: 'Skip link to the main content', severity: 'warning' },
  { id: 'headings', name: 'One h1 and no empty headings', severity: 'error' },
  { id: 'heading-order', name: 'Heading levels do not skip', severity: 'warning' },
  { id: 'img-alt', name: 'Every image has alt text', severity: 'error' },
  { id: 'svg-assets', name: 'SVG files are titled and script-free', severity: 'error' },
  { id: 'form-labels', name: 'Form controls are labelled', severity: 'error' },
  { id: 'link-text', name: 'Links and buttons have text', severity: 'error' },
  { id: 'internal-links', name: 'Internal links resolve', severity: 'error' },
  { id: 'external-resources', name: 'No external resources or links', severity: 'warning' },
  { id: 'csp-compatible', name: 'No inline scripts, handlers or styles', severity: 'warning' },
  { id: 'color-contrast', name: 'Text colour contrast (WCAG AA)', severity: 'error' },
  { id: 'responsive', name: 'Responsive viewport and media queries', severity: 'warning' },
  { id: 'size-budget', name: 'Size budget', severity: 'warning' },
] as const;

export type CheckId = (typeof CHECK_DEFINITIONS)[number]['id'];

export const siteCheckSchema = z.object({
  id: z.string(),
  name: z.string(),
  passed: z.boolean(),
  severity: z.enum(['error', 'warning']),
  messages: z.array(z.string()),
});
export const siteCheckReportSchema = z.object({
  passed: z.boolean(),
  checks: z.array(siteCheckSchema),
  stats: z.object({
    files: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    images: z.number().int().nonnegative(),
    links: z.number().int().nonnegative(),
  }),
});
export type SiteCheck = z.infer<typeof siteCheckSchema>;
export type SiteCheckReport = z.infer<typeof siteCheckReportSchema>;

export interface SiteCheckOptions {
  /** Whole site, in bytes of UTF-8. */
  maxTotalBytes?: number;
  maxFileBytes?: number;
  /** Minimum contrast ratio for text; WCAG AA (4.5) by default. */
  minContrast?: number;
}

export const DEFAULT_SIZE_BUDGET = { maxTotalBytes: 750_000, maxFileBytes: 250_000 } as const;
const MAX_MESSAGES = 25;

type Add = (id: CheckId, message: string) => void;

interface HtmlDoc {
  file: SiteFile;
  root: Document;
  els: Element[];
  ids: Set<string>;
}

const byteLength = (s: string) => new TextEncoder().encode(s).length;
const isHtml = (f: SiteFile) => f.path.endsWith('.html') || f.content_type.startsWith('text/html');
const isCss = (f: SiteFile) => f.path.endsWith('.css') || f.content_type.startsWith('text/css');
const isSvg = (f: SiteFile) => f.path.endsWith('.svg') || f.content_type.startsWith('image/svg');
const describe = (el: Element) => {
  const id = attr(el, 'id');
  const name = attr(el, 'name');
  const src = attr(el, 'src') ?? attr(el, 'href');
  return `<${el.tagName}${id ? ` id="${id}"` : ''}${name ? ` name="${name}"` : ''}${src ? ` ${attr(el, 'src') ? 'src' : 'href'}="${src}"` : ''}>`;
};

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
function checkUrl(
  url: string,
  from: string,
  navigation: boolean,
  docs: ReadonlyMap<string, HtmlDoc>,
  paths: ReadonlySet<string>,
  add: Add,
  ownIds?: ReadonlySet<string>,
) {
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

const URL_ATTRS: Readonly<Record<string, readonly string[]>> = {
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
const NAVIGATION = new Set(['a', 'area', 'form']);
const SECTIONING = new Set(['article', 'aside', 'main', 'nav', 'section']);
const UNLABELLED_INPUTS = new Set(['hidden', 'submit', 'reset', 'button', 'image']);

function inspectDocument(
  doc: HtmlDoc,
  docs: ReadonlyMap<string, HtmlDoc>,
  paths: ReadonlySet<string>,
  add: Add,
  stats: { images: number; links: number },
) {
  const { file, root, els } = doc;
  const at = (msg: string) => `${file.path}: ${msg}`;
  const byTag = (tag: string) => els.filter((e) => e.tagName === tag);
  const byId = new Map<string, Element>();
  const idCount = new Map<string, number>();
  for (const el of els) {
    const id = attr(el, 'id');
    if (id === undefined) continue;
    if (!byId.has(id)) byId.set(id, el);
    idCount.set(id, (idCount.get(id) ?? 0) + 1);
  }
  for (const [id, n] of idCount) if (n > 1) add('duplicate-ids', at(`id "${id}" is used ${n} times`));

  const doctype = root.childNodes.find((n) => n.nodeName === '#documentType') as
    { name?: string } | undefined;
  if (!doctype) add('doctype', at('missing <!doctype html>'));
  else if (doctype.name?.toLowerCase() !== 'html')
    add('doctype', at(`doctype is "${doctype.name}", not html`));

  const html = byTag('html')[0];
  if (!html || !attr(html, 'lang')?.trim()) add('document-metadata', at('<html> has no lang attribute'));
  const metas = byTag('meta');
  if (!metas.some((m) => /^utf-8$/i.test(attr(m, 'charset') ?? '')))
    add('document-metadata', at('no <meta charset="utf-8">'));
  const viewport = metas.find((m) => attr(m, 'name') === 'viewport');
  if (!viewport || !/width=device-width/.test(attr(viewport, 'content') ?? '')) {
    add('document-metadata', at('no viewport meta with width=device-width'));
    add('responsive', at('no viewport meta: phones will render a zoomed-out desktop page'));
  }
  if (!byTag('title').some((t) => textOf(t).trim())) add('document-metadata', at('missing or empty <title>'));
  if (!metas.some((m) => attr(m, 'name') === 'description' && attr(m, 'content')?.trim()))
    add('meta-description', at('no meta description'));

  for (const el of els) {
    for (const a of ['aria-labelledby', 'aria-describedby', 'aria-controls']) {
      for (const ref of (attr(el, a) ?? '').split(/\s+/).filter(Boolean)) {
        if (!byId.has(ref)) add('aria-references', at(`${describe(el)} ${a}="${ref}" points to no element`));
      }
    }
    if (el.tagName === 'label' && attr(el, 'for') && !byId.has(attr(el, 'for') as string)) {
      add('aria-references', at(`<label for="${attr(el, 'for')}"> points to no element`));
    }
    if (el.attrs.some((a) => /^on/i.test(a.name)))
      add('csp-compatible', at(`${describe(el)} has an inline event handler`));
    if (attr(el, 'style') !== undefined)
      add('csp-compatible', at(`${describe(el)} has an inline style attribute`));
    if (el.tagName === 'script' && !attr(el, 'src') && textOf(el).trim())
      add('csp-compatible', at('inline <script> will be blocked by a strict CSP'));
  }

  const role = (el: Element) => attr(el, 'role');
  const topLevel = (el: Element) => !ancestors(el).some((a) => SECTIONING.has(a.tagName));
  const mains = els.filter((e) => e.tagName === 'main' || role(e) === 'main');
  if (mains.length !== 1) add('landmarks', at(`expected one <main>, found ${mains.length}`));
  if (!els.some((e) => (e.tagName === 'header' && topLevel(e)) || role(e) === 'banner'))
    add('landmarks', at('no page <header> (banner)'));
  if (!els.some((e) => e.tagName === 'nav' || role(e) === 'navigation')) add('landmarks', at('no <nav>'));
  if (!els.some((e) => (e.tagName === 'footer' && topLevel(e)) || role(e) === 'contentinfo'))
    add('landmarks', at('no page <footer> (contentinfo)'));

  const mainId = mains[0] ? attr(mains[0], 'id') : undefined;
  const firstLink = byTag('a')[0];
  if (!mainId || !firstLink || attr(firstLink, 'href') !== `#${mainId}`)
    add('skip-link', at('the first link should skip to the main content (<a href="#main">)'));

  const headings = els
    .filter((e) => /^h[1-6]$/.test(e.tagName))
    .map((e) => ({ level: Number(e.tagName[1]), text: textOf(e).replace(/\s+/g, ' ').trim() }));
  const h1s = headings.filter((h) => h.level === 1).length;
  if (h1s !== 1) add('headings', at(`expected exactly one <h1>, found ${h1s}`));
  headings.forEach((h, i) => {
    if (!h.text) add('headings', at(`empty <h${h.level}>`));
    const prev = headings[i - 1];
    if (prev && h.level > prev.level + 1)
      add('heading-order', at(`<h${prev.level}> is followed by <h${h.level}> ("${h.text.slice(0, 40)}")`));
  });

  for (const el of els) {
    const decorative =
      role(el) === 'presentation' || role(el) === 'none' || attr(el, 'aria-hidden') === 'true';
    if (
      el.tagName === 'img' ||
      (el.tagName === 'input' && attr(el, 'type') === 'image') ||
      el.tagName === 'area'
    ) {
      if (el.tagName === 'img') stats.images++;
      const alt = attr(el, 'alt');
      if (alt === undefined) add('img-alt', at(`${describe(el)} has no alt attribute`));
      else if (!alt.trim() && !decorative)
        add('img-alt', at(`${describe(el)} has empty alt text; describe it, or mark it role="presentation"`));
    }
    if (el.tagName === 'svg' && !ancestors(el).some((a) => a.tagName === 'svg') && !decorative) {
      const named =
        attr(el, 'aria-label') ||
        attr(el, 'aria-labelledby') ||
        el.childNodes.some((c) => 'tagName' in c && c.tagName === 'title');
      if (!named) add('img-alt', at('inline <svg> is neither aria-hidden nor named (aria-label or <title>)'));
    }
  }

  const labelFor = new Set(
    byTag('label')
      .filter((l) => textOf(l).trim())
      .map((l) => attr(l, 'for')),
  );
  for (const el of els) {
    const isControl =
      el.tagName === 'select' ||
      el.tagName === 'textarea' ||
      (el.tagName === 'input' && !UNLABELLED_INPUTS.has((attr(el, 'type') ?? 'text').toLowerCase()));
    if (!isControl) continue;
    const id = attr(el, 'id');
    const labelled =
      (id !== undefined && labelFor.has(id)) ||
      ancestors(el).some((a) => a.tagName === 'label' && textOf(a).trim()) ||
      !!attr(el, 'aria-label')?.trim() ||
      (!!attr(el, 'aria-labelledby') && !!accessibleName(el, byId)) ||
      !!attr(el, 'title')?.trim();
    if (!labelled) add('form-labels', at(`${describe(el)} has no label`));
  }

  for (const el of els) {
    const isLink = el.tagName === 'a' && attr(el, 'href') !== undefined;
    if (isLink) stats.links++;
    if ((isLink || el.tagName === 'button') && !accessibleName(el, byId))
      add('link-text', at(`${describe(el)} has no accessible text`));
    for (const a of URL_ATTRS[el.tagName] ?? []) {
      const value = attr(el, a);
      if (value === undefined) continue;
      const urls = a === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0]) : [value];
      for (const url of urls) checkUrl(url, file.path, NAVIGATION.has(el.tagName), docs, paths, add, doc.ids);
    }
  }
  for (const style of byTag('style'))
    for (const url of urlsIn(textOf(style))) checkUrl(url, file.path, false, docs, paths, add);
}

function inspectCss(
  sheets: ReadonlyArray<{ path: string; css: string }>,
  minContrast: number,
  add: Add,
): boolean {
  const rules = sheets.flatMap((s) => cssRules(s.css));
  const vars = rootVariables(rules);
  for (const rule of rules) {
    const fg = resolveColour(rule.decls.get('color'), vars);
    const bg = resolveColour(rule.decls.get('background-color') ?? rule.decls.get('background'), vars);
    if (!fg || !bg) continue;
    const ratio = contrastRatio(fg, bg);
    if (ratio < minContrast)
      add(
        'color-contrast',
        `${rule.selector}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1 (needs ${minContrast}:1)`,
      );
  }
  for (const [fgKey, bgKey] of PALETTE_TEXT_PAIRS) {
    const fg = resolveColour(vars.get(paletteVar(fgKey)), vars);
    const bg = resolveColour(vars.get(paletteVar(bgKey)), vars);
    if (!fg || !bg) continue;
    const ratio = contrastRatio(fg, bg);
    if (ratio < minContrast)
      add(
        'color-contrast',
        `palette ${paletteVar(fgKey)} on ${paletteVar(bgKey)} is ${ratio.toFixed(2)}:1 (needs ${minContrast}:1)`,
      );
  }
  return sheets.some((s) => /@media[^{]*\((min|max)-width/.test(s.css));
}

function inspectSvg(file: SiteFile, add: Add) {
  const at = (msg: string) => add('svg-assets', `${file.path}: ${msg}`);
  const root = parseFragment(file.content.replace(/^\s*<\?xml[^>]*\?>/, ''));
  const els = elements(root);
  const svg = els[0];
  if (!svg || svg.tagName !== 'svg') return at('does not start with <svg>');
  if (attr(svg, 'xmlns') !== 'http://www.w3.org/2000/svg') at('missing xmlns="http://www.w3.org/2000/svg"');
  if (!els.some((e) => e.tagName === 'title' && textOf(e).trim()))
    at('has no <title> (its text alternative)');
  for (const el of els) {
    if (el.tagName === 'script' || el.tagName === 'foreignObject') at(`contains <${el.tagName}>`);
    for (const a of el.attrs) {
      if (/^on/i.test(a.name)) at(`<${el.tagName}> has event handler ${a.name}`);
      if (
        (a.name === 'href' || a.name === 'xlink:href') &&
        /^(https?:)?\/\/|^javascript:/i.test(a.value.trim())
      )
        at(`<${el.tagName}> references ${a.value.slice(0, 60)}`);
    }
  }
}

/**
 * The testing agent's checks over a generated site. Never throws on bad input: every
 * problem becomes a message on a failed check; `passed` is false only for error-level ones.
 */
export function checkSite(files: readonly SiteFile[], opts: SiteCheckOptions = {}): SiteCheckReport {
  const budget = { ...DEFAULT_SIZE_BUDGET, ...opts };
  const minContrast = opts.minContrast ?? MIN_TEXT_CONTRAST;
  const found = new Map<CheckId, string[]>();
  const add: Add = (id, message) => found.set(id, [...(found.get(id) ?? []), message]);
  const stats = { files: files.length, bytes: 0, images: 0, links: 0 };
  const paths = new Set(files.map((f) => f.path.replace(/^\.?\//, '')));

  const docs = new Map<string, HtmlDoc>();
  for (const file of files.filter(isHtml)) {
    const root = parse(file.content, {
      onParseError: (e) => add('html-parse', `${file.path}:${e.startLine}:${e.startCol} ${e.code}`),
    });
    const els = elements(root);
    docs.set(file.path, {
      file,
      root,
      els,
      ids: new Set(els.map((e) => attr(e, 'id')).filter((id): id is string => id !== undefined)),
    });
  }
  if (docs.size === 0) add('document-metadata', 'the site has no HTML page');
  for (const doc of docs.values()) inspectDocument(doc, docs, paths, add, stats);

  const sheets = files.filter(isCss).map((f) => ({ path: f.path, css: f.content }));
  for (const doc of docs.values())
    for (const s of doc.els.filter((e) => e.tagName === 'style'))
      sheets.push({ path: doc.file.path, css: textOf(s) });
  for (const sheet of files.filter(isCss))
    for (const url of urlsIn(sheet.content)) checkUrl(url, sheet.path, false, docs, paths, add);
  if (!inspectCss(sheets, minContrast, add))
    add('responsive', 'no stylesheet has a min-width or max-width media query');

  for (const svg of files.filter(isSvg)) inspectSvg(svg, add);

  for (const f of files) {
    const size = byteLength(f.content);
    stats.bytes += size;
    if (size > budget.maxFileBytes)
      add('size-budget', `${f.path} is ${size} bytes (budget ${budget.maxFileBytes})`);
  }
  if (stats.bytes > budget.maxTotalBytes)
    add('size-budget', `the site is ${stats.bytes} bytes (budget ${budget.maxTotalBytes})`);

  const checks: SiteCheck[] = CHECK_DEFINITIONS.map(({ id, name, severity }) => {
    const all = found.get(id) ?? [];
    const messages =
      all.length > MAX_MESSAGES
        ? [...all.slice(0, MAX_MESSAGES), `…and ${all.length - MAX_MESSAGES} more`]
        : all;
    return { id, name, severity, passed: all.length === 0, messages };
  });
  return { passed: checks.every((c) => c.passed || c.severity !== 'error'), checks, stats };
}

/** One line per check, for the testing agent's messages. */
export function summarizeReport(report: SiteCheckReport): string[] {
  return report.checks.map((c) =>
    c.passed
      ? `✓ ${c.name}`
      : `${c.severity === 'error' ? '✗' : '⚠'} ${c.name}: ${c.messages[0] ?? ''}${c.messages.length > 1 ? ` (+${c.messages.length - 1} more)` : ''}`,
  );
}
