import { parse } from 'parse5';
import type { SiteFile } from '../render/site-file';
import { MIN_TEXT_CONTRAST } from '../theme/palette';
import { inspectCss, inspectSvg } from './asset-checks';
import { urlsIn } from './css';
import { inspectDocument } from './document-checks';
import { attr, elements, textOf } from './html-tree';
import { checkUrl, type SiteScope } from './links';
import {
  CHECK_DEFINITIONS,
  DEFAULT_SIZE_BUDGET,
  type Add,
  type CheckId,
  type HtmlDoc,
  type SiteCheck,
  type SiteCheckOptions,
  type SiteCheckReport,
} from './report';

const MAX_MESSAGES = 25;

const byteLength = (s: string) => new TextEncoder().encode(s).length;
const isHtml = (f: SiteFile) => f.path.endsWith('.html') || f.content_type.startsWith('text/html');
const isCss = (f: SiteFile) => f.path.endsWith('.css') || f.content_type.startsWith('text/css');
const isSvg = (f: SiteFile) => f.path.endsWith('.svg') || f.content_type.startsWith('image/svg');

function parsePage(file: SiteFile, add: Add): HtmlDoc {
  const root = parse(file.content, {
    onParseError: (e) => add('html-parse', `${file.path}:${e.startLine}:${e.startCol} ${e.code}`),
  });
  const els = elements(root);
  const ids = new Set(els.map((e) => attr(e, 'id')).filter((id): id is string => id !== undefined));
  return { file, root, els, ids };
}

/**
 * The testing agent's checks over a generated site. Never throws on bad input: every
 * problem becomes a message on a failed check; `passed` is false only for error-level ones.
 */
export function checkSite(files: readonly SiteFile[], opts: SiteCheckOptions = {}): SiteCheckReport {
  const budget = { ...DEFAULT_SIZE_BUDGET, ...opts };
  const found = new Map<CheckId, string[]>();
  const add: Add = (id, message) => found.set(id, [...(found.get(id) ?? []), message]);
  const stats = { files: files.length, bytes: 0, images: 0, links: 0 };

  const docs = new Map(files.filter(isHtml).map((f) => [f.path, parsePage(f, add)]));
  const site: SiteScope = { docs, paths: new Set(files.map((f) => f.path.replace(/^\.?\//, ''))), add };
  if (docs.size === 0) add('document-metadata', 'the site has no HTML page');
  for (const doc of docs.values()) {
    const counts = inspectDocument(doc, site);
    stats.images += counts.images;
    stats.links += counts.links;
  }

  const sheets = files.filter(isCss).map((f) => ({ path: f.path, css: f.content }));
  for (const sheet of [...sheets])
    for (const url of urlsIn(sheet.css)) checkUrl(url, sheet.path, false, site);
  for (const doc of docs.values()) {
    for (const style of doc.els.filter((e) => e.tagName === 'style'))
      sheets.push({ path: doc.file.path, css: textOf(style) });
  }
  if (!inspectCss(sheets, opts.minContrast ?? MIN_TEXT_CONTRAST, add)) {
    add('responsive', 'no stylesheet has a min-width or max-width media query');
  }
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
  return report.checks.map((c) => {
    if (c.passed) return `✓ ${c.name}`;
    const more = c.messages.length > 1 ? ` (+${c.messages.length - 1} more)` : '';
    return `${c.severity === 'error' ? '✗' : '⚠'} ${c.name}: ${c.messages[0] ?? ''}${more}`;
  });
}
