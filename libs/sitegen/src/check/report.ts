import { z } from 'zod';
import type { SiteFile } from '../render/site-file';
import type { Document, Element } from './html-tree';

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
export type Add = (id: CheckId, message: string) => void;

/** One parsed HTML page of the site. */
export interface HtmlDoc {
  file: SiteFile;
  root: Document;
  els: Element[];
  ids: Set<string>;
}
