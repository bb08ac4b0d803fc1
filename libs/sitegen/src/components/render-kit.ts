import type { SiteCta, SiteItem, SiteSection } from '../plan/site-plan';
import { escapeHtml as esc } from '../text/text';
import { iconSvg } from './icons';
import type { RenderContext } from './types';

export { esc };

export const titleId = (s: SiteSection) => `${s.anchor}__title`;

export function heading(level: number, text: string, attrs = ''): string {
  const n = Math.min(6, Math.max(1, level));
  return `<h${n}${attrs}>${esc(text)}</h${n}>`;
}

/** The section's own heading, with the id its <section> is labelled by. */
export function sectionHead(s: SiteSection, ctx: RenderContext, cls = 'section-head'): string {
  if (!s.heading) return '';
  const sub = s.subheading ? `<p class="lead">${esc(s.subheading)}</p>` : '';
  const body = s.body ? paragraphs(s.body) : '';
  return `<div class="${cls}">${heading(ctx.level, s.heading, ` id="${titleId(s)}"`)}${sub}${body}</div>`;
}

export function itemHeading(ctx: RenderContext, text: string, cls = ''): string {
  return heading(ctx.level + 1, text, cls ? ` class="${cls}"` : '');
}

/** Body copy: blank-line separated paragraphs. */
export function paragraphs(text: string, cls = ''): string {
  const c = cls ? ` class="${cls}"` : '';
  return text
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p${c}>${esc(p)}</p>`)
    .join('');
}

export function button(cta: SiteCta | undefined, variant: 'primary' | 'ghost' | 'small' = 'primary'): string {
  return cta ? `<a class="btn btn--${variant}" href="${esc(cta.href)}">${esc(cta.label)}</a>` : '';
}

export function actions(s: SiteSection): string {
  if (!s.cta && !s.secondaryCta) return '';
  return `<div class="actions">${button(s.cta)}${button(s.secondaryCta, 'ghost')}</div>`;
}

/** An <img> for a drawn asset; nothing when the image was not produced. */
export function picture(ctx: RenderContext, path: string | undefined, cls = 'media', eager = false): string {
  const img = path ? ctx.images.get(path) : undefined;
  if (!img) return '';
  const loading = eager ? ' fetchpriority="high"' : ' loading="lazy"';
  return `<img class="${cls}" src="${esc(img.path)}" alt="${esc(img.alt)}" width="${img.width}" height="${img.height}" decoding="async"${loading}>`;
}

export function itemIcon(it: SiteItem, cls = 'icon'): string {
  return it.icon ? iconSvg(it.icon, cls) : '';
}

export function text(it: SiteItem, cls = ''): string {
  return it.text ? `<p${cls ? ` class="${cls}"` : ''}>${esc(it.text)}</p>` : '';
}

export function meta(it: SiteItem, cls = 'meta'): string {
  return it.meta ? `<p class="${cls}">${esc(it.meta)}</p>` : '';
}

export function list<T>(values: readonly T[], render: (v: T, i: number) => string): string {
  return values.map(render).join('');
}

/** A semicolon-separated text as list entries ("Unlimited projects; Priority support"). */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((v) => v.trim())
    .filter(Boolean);
}

interface Field {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'date' | 'number' | 'search';
  autocomplete?: string;
  required?: boolean;
  options?: readonly string[];
  multiline?: boolean;
}

export function field(s: SiteSection, f: Field): string {
  const id = `${s.anchor}__${f.name}`;
  const req = f.required ? ' required' : '';
  const ac = f.autocomplete ? ` autocomplete="${f.autocomplete}"` : '';
  const label = `<label for="${id}">${esc(f.label)}</label>`;
  if (f.options) {
    const opts = f.options.map((o) => `<option>${esc(o)}</option>`).join('');
    return `<div class="field">${label}<select id="${id}" name="${f.name}"${req}>${opts}</select></div>`;
  }
  if (f.multiline) {
    return `<div class="field field--wide">${label}<textarea id="${id}" name="${f.name}" rows="4"${req}></textarea></div>`;
  }
  return `<div class="field">${label}<input id="${id}" name="${f.name}" type="${f.type ?? 'text'}"${ac}${req}></div>`;
}

/**
 * A form for a static site: there is no server to post to, so app.js confirms locally;
 * without script the browser just returns to the section.
 */
export function staticForm(
  s: SiteSection,
  inner: string,
  submit: string,
  success: string,
  cls = 'form',
): string {
  return (
    `<form class="${cls}" action="#${s.anchor}" method="get" data-static-form data-success="${esc(success)}">` +
    `${inner}<div class="form-actions"><button class="btn btn--primary" type="submit">${esc(submit)}</button></div>` +
    `<p class="form-status" role="status" aria-live="polite"></p></form>`
  );
}

export function cards(s: SiteSection, cls: string, body: (it: SiteItem, i: number) => string): string {
  return `<ul class="${cls}" role="list">${list(s.items, (it, i) => `<li class="card">${body(it, i)}</li>`)}</ul>`;
}

/** Store names as badges; plain text, since a generated site links nowhere outside itself. */
export function storeBadges(s: SiteSection): string {
  const names = s.items.length ? s.items.map((it) => it.title) : ['App Store', 'Google Play'];
  return `<ul class="store-badges" role="list">${list(names, (n) => `<li class="store-badge">${esc(n)}</li>`)}</ul>`;
}

/** A data table; the `rowHeader` column names its row for screen readers. */
export function dataTable(
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  rowHeader = 0,
  cls = 'table',
): string {
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (cells) =>
        `<tr>${cells.map((c, i) => (i === rowHeader ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`,
    )
    .join('');
  return `<div class="table-wrap"><table class="${cls}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}
