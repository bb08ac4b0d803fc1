/**
 * Font pairings from system stacks only: a generated site must not fetch fonts from a
 * CDN (the site is served under a strict CSP and must work offline).
 */
export const FONT_PAIRINGS = {
  'modern-sans': {
    label: 'Modern sans',
    heading: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  'classic-serif': {
    label: 'Classic serif headings',
    heading: 'Georgia, "Times New Roman", Times, serif',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  },
  'elegant-didone': {
    label: 'Elegant didone',
    heading: 'Didot, "Bodoni MT", "Bodoni 72", "Playfair Display", Georgia, serif',
    body: '"Avenir Next", Avenir, "Segoe UI", "Helvetica Neue", Arial, sans-serif',
  },
  humanist: {
    label: 'Humanist sans',
    heading: '"Gill Sans", "Gill Sans MT", Seravek, Calibri, "Trebuchet MS", sans-serif',
    body: 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
  },
  'tech-mono': {
    label: 'Technical mono headings',
    heading: 'ui-monospace, "SFMono-Regular", "Cascadia Code", Menlo, Consolas, "Liberation Mono", monospace',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  },
  rounded: {
    label: 'Friendly rounded',
    heading:
      'ui-rounded, "SF Pro Rounded", "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, "Arial Rounded MT", sans-serif',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  },
  'old-style': {
    label: 'Old-style book',
    heading:
      '"Iowan Old Style", "Palatino Linotype", Palatino, "URW Palladio L", P052, "Book Antiqua", serif',
    body: '"Iowan Old Style", "Palatino Linotype", Palatino, "URW Palladio L", P052, "Book Antiqua", serif',
  },
  'industrial-slab': {
    label: 'Industrial slab',
    heading: 'Rockwell, "Rockwell Nova", "Roboto Slab", "DejaVu Serif", "Sitka Small", serif',
    body: 'Inter, Roboto, "Helvetica Neue", "Arial Nova", "Nimbus Sans", Arial, sans-serif',
  },
  'condensed-display': {
    label: 'Condensed display',
    heading:
      '"Avenir Next Condensed", "Arial Narrow", "Roboto Condensed", "Liberation Sans Narrow", sans-serif',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  },
} as const;

export type FontPairingId = keyof typeof FONT_PAIRINGS;
export const FONT_PAIRING_IDS = Object.keys(FONT_PAIRINGS) as [FontPairingId, ...FontPairingId[]];
