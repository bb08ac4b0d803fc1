/**
 * Characters the HTML and XML specs forbid in a document: C0/C1 controls (bar tab,
 * newline and carriage return), lone surrogates and noncharacters. parse5 reports each
 * one as a parse error, so prompt text is cleaned before it reaches any output.
 */
function isForbiddenCodePoint(cp: number): boolean {
  if (cp <= 0x08 || cp === 0x0b || cp === 0x0c || (cp >= 0x0e && cp <= 0x1f)) return true;
  if (cp >= 0x7f && cp <= 0x9f) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return true;
  if (cp >= 0xfdd0 && cp <= 0xfdef) return true;
  return (cp & 0xfffe) === 0xfffe;
}

function stripForbidden(input: string): string {
  let out = '';
  for (const ch of input) {
    if (!isForbiddenCodePoint(ch.codePointAt(0) ?? 0)) out += ch;
  }
  return out;
}

/** Drops forbidden characters and collapses whitespace runs to one space. */
export function cleanText(input: string): string {
  return stripForbidden(input).replace(/\s+/g, ' ').trim();
}

/** Like cleanText, but keeps line breaks and indentation (for preformatted code). */
function cleanLines(input: string): string {
  return stripForbidden(input)
    .split(/\r\n?|\n/)
    .map((line) => line.replace(/\t/g, '  ').replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeChars = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Safe for HTML and XML text and for quoted attribute values. */
export function escapeHtml(input: string): string {
  return escapeChars(cleanText(input));
}

export function escapeLines(input: string): string {
  return escapeChars(cleanLines(input));
}

/** Cuts at a word boundary so generated copy never ends mid-word. */
export function truncate(input: string, max: number): string {
  if (input.length <= max) return input;
  // Never split a surrogate pair: half an emoji is a forbidden character in HTML.
  const cut = input.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

export function capitalize(input: string): string {
  return input.charAt(0).toUpperCase() + input.slice(1);
}

export function titleCase(input: string): string {
  return input.replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

export function slugify(input: string, fallback: string): string {
  const slug = input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return /^[a-z]/.test(slug) ? slug : fallback;
}

export function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /\p{L}|\d/u.test(w));
  const letters = words.slice(0, 2).map((w) => Array.from(w.replace(/[^\p{L}\d]/gu, ''))[0] ?? '');
  return letters.join('').toUpperCase() || 'A';
}

/**
 * Fills `{key}` placeholders. A bracketed group `[ in {city}]` is kept only when every
 * placeholder inside it has a value, so copy reads naturally when the prompt omits a detail.
 */
export function fillCopy(pattern: string, vars: Readonly<Record<string, string | undefined>>): string {
  const withGroups = pattern.replace(/\[([^[\]]*)\]/g, (_m, inner: string) => {
    const keys = [...inner.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    return keys.every((k) => vars[k]) ? inner : '';
  });
  return withGroups
    .replace(/\{(\w+)\}/g, (_m, key: string) => vars[key] ?? '')
    .replace(/(\S)[ \t]{2,}/g, '$1 ')
    .trim();
}

/** FNV-1a: a stable 32-bit seed from any string. */
export function hashString(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * mulberry32: small, fast and deterministic, enough for the images' decorative variation, and what randomized
 * tests and benches replay from their seed. Changing it changes every image generated from a plan.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
