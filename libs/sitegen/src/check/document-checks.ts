import { urlsIn } from './css';
import { accessibleName, ancestors, attr, textOf, type Element } from './html-tree';
import { NAVIGATION, URL_ATTRS, checkUrl, type SiteScope } from './links';
import type { CheckId, HtmlDoc } from './report';

const SECTIONING = new Set(['article', 'aside', 'main', 'nav', 'section']);
const UNLABELLED_INPUTS = new Set(['hidden', 'submit', 'reset', 'button', 'image']);

/** One page under inspection: its elements by id and tag, and a reporter that names the page. */
interface PageScope {
  doc: HtmlDoc;
  site: SiteScope;
  byId: ReadonlyMap<string, Element>;
  byTag(tag: string): Element[];
  report(id: CheckId, message: string): void;
}

const describe = (el: Element) => {
  const id = attr(el, 'id');
  const name = attr(el, 'name');
  const src = attr(el, 'src');
  const href = attr(el, 'href');
  const ref = src !== undefined ? ` src="${src}"` : href !== undefined ? ` href="${href}"` : '';
  return `<${el.tagName}${id ? ` id="${id}"` : ''}${name ? ` name="${name}"` : ''}${ref}>`;
};
const role = (el: Element) => attr(el, 'role');

function checkIds({ doc, report }: PageScope) {
  const count = new Map<string, number>();
  for (const id of doc.els.map((e) => attr(e, 'id')).filter((v): v is string => v !== undefined)) {
    count.set(id, (count.get(id) ?? 0) + 1);
  }
  for (const [id, n] of count) if (n > 1) report('duplicate-ids', `id "${id}" is used ${n} times`);
}

function checkHead({ doc, byTag, report }: PageScope) {
  const doctype = doc.root.childNodes.find((n) => n.nodeName === '#documentType') as
    { name?: string } | undefined;
  if (!doctype) report('doctype', 'missing <!doctype html>');
  else if (doctype.name?.toLowerCase() !== 'html')
    report('doctype', `doctype is "${doctype.name}", not html`);

  const html = byTag('html')[0];
  if (!html || !attr(html, 'lang')?.trim()) report('document-metadata', '<html> has no lang attribute');
  const metas = byTag('meta');
  if (!metas.some((m) => /^utf-8$/i.test(attr(m, 'charset') ?? '')))
    report('document-metadata', 'no <meta charset="utf-8">');
  const viewport = metas.find((m) => attr(m, 'name') === 'viewport');
  if (!viewport || !/width=device-width/.test(attr(viewport, 'content') ?? '')) {
    report('document-metadata', 'no viewport meta with width=device-width');
    report('responsive', 'no viewport meta: phones will render a zoomed-out desktop page');
  }
  if (!byTag('title').some((t) => textOf(t).trim())) report('document-metadata', 'missing or empty <title>');
  if (!metas.some((m) => attr(m, 'name') === 'description' && attr(m, 'content')?.trim())) {
    report('meta-description', 'no meta description');
  }
}

function checkReferencesAndCsp({ doc, byId, report }: PageScope) {
  for (const el of doc.els) {
    for (const a of ['aria-labelledby', 'aria-describedby', 'aria-controls']) {
      for (const ref of (attr(el, a) ?? '').split(/\s+/).filter(Boolean)) {
        if (!byId.has(ref)) report('aria-references', `${describe(el)} ${a}="${ref}" points to no element`);
      }
    }
    const forId = el.tagName === 'label' ? attr(el, 'for') : undefined;
    if (forId && !byId.has(forId)) report('aria-references', `<label for="${forId}"> points to no element`);
    if (el.attrs.some((a) => /^on/i.test(a.name)))
      report('csp-compatible', `${describe(el)} has an inline event handler`);
    if (attr(el, 'style') !== undefined)
      report('csp-compatible', `${describe(el)} has an inline style attribute`);
    if (el.tagName === 'script' && !attr(el, 'src') && textOf(el).trim()) {
      report('csp-compatible', 'inline <script> will be blocked by a strict CSP');
    }
  }
}

function checkStructure({ doc, byTag, report }: PageScope) {
  const els = doc.els;
  const topLevel = (el: Element) => !ancestors(el).some((a) => SECTIONING.has(a.tagName));
  const mains = els.filter((e) => e.tagName === 'main' || role(e) === 'main');
  if (mains.length !== 1) report('landmarks', `expected one <main>, found ${mains.length}`);
  if (!els.some((e) => (e.tagName === 'header' && topLevel(e)) || role(e) === 'banner'))
    report('landmarks', 'no page <header> (banner)');
  if (!els.some((e) => e.tagName === 'nav' || role(e) === 'navigation')) report('landmarks', 'no <nav>');
  if (!els.some((e) => (e.tagName === 'footer' && topLevel(e)) || role(e) === 'contentinfo')) {
    report('landmarks', 'no page <footer> (contentinfo)');
  }

  const mainId = mains[0] ? attr(mains[0], 'id') : undefined;
  const firstLink = byTag('a')[0];
  if (!mainId || !firstLink || attr(firstLink, 'href') !== `#${mainId}`) {
    report('skip-link', 'the first link should skip to the main content (<a href="#main">)');
  }

  const headings = els
    .filter((e) => /^h[1-6]$/.test(e.tagName))
    .map((e) => ({ level: Number(e.tagName[1]), text: textOf(e).replace(/\s+/g, ' ').trim() }));
  const h1s = headings.filter((h) => h.level === 1).length;
  if (h1s !== 1) report('headings', `expected exactly one <h1>, found ${h1s}`);
  headings.forEach((h, i) => {
    if (!h.text) report('headings', `empty <h${h.level}>`);
    const prev = headings[i - 1];
    if (prev && h.level > prev.level + 1) {
      report('heading-order', `<h${prev.level}> is followed by <h${h.level}> ("${h.text.slice(0, 40)}")`);
    }
  });
}

/** Images need a text alternative; decorative ones must say so (role="presentation" or aria-hidden). */
function checkImages({ doc, report }: PageScope): number {
  let images = 0;
  for (const el of doc.els) {
    const decorative =
      role(el) === 'presentation' || role(el) === 'none' || attr(el, 'aria-hidden') === 'true';
    const needsAlt =
      el.tagName === 'img' ||
      el.tagName === 'area' ||
      (el.tagName === 'input' && attr(el, 'type') === 'image');
    if (needsAlt) {
      if (el.tagName === 'img') images++;
      const alt = attr(el, 'alt');
      if (alt === undefined) report('img-alt', `${describe(el)} has no alt attribute`);
      else if (!alt.trim() && !decorative)
        report('img-alt', `${describe(el)} has empty alt text; describe it, or mark it role="presentation"`);
    }
    if (el.tagName === 'svg' && !decorative && !ancestors(el).some((a) => a.tagName === 'svg')) {
      const named =
        attr(el, 'aria-label') ||
        attr(el, 'aria-labelledby') ||
        el.childNodes.some((c) => 'tagName' in c && c.tagName === 'title');
      if (!named) report('img-alt', 'inline <svg> is neither aria-hidden nor named (aria-label or <title>)');
    }
  }
  return images;
}

function checkForms({ doc, byId, byTag, report }: PageScope) {
  const labelFor = new Set(
    byTag('label')
      .filter((l) => textOf(l).trim())
      .map((l) => attr(l, 'for')),
  );
  for (const el of doc.els) {
    const type = (attr(el, 'type') ?? 'text').toLowerCase();
    const isControl =
      el.tagName === 'select' ||
      el.tagName === 'textarea' ||
      (el.tagName === 'input' && !UNLABELLED_INPUTS.has(type));
    if (!isControl) continue;
    const id = attr(el, 'id');
    const labelled =
      (id !== undefined && labelFor.has(id)) ||
      ancestors(el).some((a) => a.tagName === 'label' && textOf(a).trim()) ||
      !!attr(el, 'aria-label')?.trim() ||
      (!!attr(el, 'aria-labelledby') && !!accessibleName(el, byId)) ||
      !!attr(el, 'title')?.trim();
    if (!labelled) report('form-labels', `${describe(el)} has no label`);
  }
}

function checkLinks({ doc, site, byId, byTag, report }: PageScope): number {
  let links = 0;
  const from = doc.file.path;
  for (const el of doc.els) {
    const isLink = el.tagName === 'a' && attr(el, 'href') !== undefined;
    if (isLink) links++;
    if ((isLink || el.tagName === 'button') && !accessibleName(el, byId))
      report('link-text', `${describe(el)} has no accessible text`);
    for (const a of URL_ATTRS[el.tagName] ?? []) {
      const value = attr(el, a);
      if (value === undefined) continue;
      const urls = a === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0]) : [value];
      for (const url of urls) checkUrl(url, from, NAVIGATION.has(el.tagName), site, doc.ids);
    }
  }
  for (const style of byTag('style'))
    for (const url of urlsIn(textOf(style))) checkUrl(url, from, false, site);
  return links;
}

/** Every page-level check; returns the page's image and link counts for the report's stats. */
export function inspectDocument(doc: HtmlDoc, site: SiteScope): { images: number; links: number } {
  const byId = new Map<string, Element>();
  for (const el of doc.els) {
    const id = attr(el, 'id');
    if (id !== undefined && !byId.has(id)) byId.set(id, el);
  }
  const scope: PageScope = {
    doc,
    site,
    byId,
    byTag: (tag) => doc.els.filter((e) => e.tagName === tag),
    report: (id, message) => site.add(id, `${doc.file.path}: ${message}`),
  };
  checkIds(scope);
  checkHead(scope);
  checkReferencesAndCsp(scope);
  checkStructure(scope);
  checkForms(scope);
  return { images: checkImages(scope), links: checkLinks(scope) };
}
