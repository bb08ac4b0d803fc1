import { toHex } from '../theme/colour';

export interface CssRule {
  selector: string;
  decls: ReadonlyMap<string, string>;
}

/** Innermost `selector { declarations }` blocks; enough for contrast and url() checks. */
export function cssRules(css: string): CssRule[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: CssRule[] = [];
  for (const m of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const decls = new Map<string, string>();
    for (const decl of m[2].split(';')) {
      const colon = decl.indexOf(':');
      if (colon > 0)
        decls.set(
          decl.slice(0, colon).trim().toLowerCase(),
          decl
            .slice(colon + 1)
            .replace(/!important/i, '')
            .trim(),
        );
    }
    rules.push({ selector: m[1].trim(), decls });
  }
  return rules;
}

/** Custom properties declared on :root. */
export function rootVariables(rules: readonly CssRule[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const r of rules) {
    if (!/(^|,)\s*:root\s*($|,)/.test(r.selector)) continue;
    for (const [k, v] of r.decls) if (k.startsWith('--')) vars.set(k, v);
  }
  return vars;
}

const NAMED: Readonly<Record<string, string>> = { white: '#ffffff', black: '#000000' };

/** A plain colour value as #rrggbb; undefined for gradients, transparency, currentColor… */
export function resolveColour(
  value: string | undefined,
  vars: ReadonlyMap<string, string>,
  depth = 0,
): string | undefined {
  if (!value || depth > 4) return undefined;
  const v = value.trim().toLowerCase();
  const ref = /^var\(\s*(--[\w-]+)\s*(?:,\s*(.+))?\)$/.exec(v);
  if (ref) return resolveColour(vars.get(ref[1]) ?? ref[2], vars, depth + 1);
  if (/^#[0-9a-f]{6}$/.test(v)) return v;
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`;
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*(?:[,/]\s*([\d.]+%?))?\s*\)$/.exec(v);
  if (rgb && (rgb[4] === undefined || rgb[4] === '1' || rgb[4] === '100%'))
    return toHex([+rgb[1], +rgb[2], +rgb[3]]);
  return NAMED[v];
}

export function urlsIn(css: string): string[] {
  const urls = [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map((m) => m[2]);
  const imports = [...css.matchAll(/@import\s+(['"])([^'"]+)\1/g)].map((m) => m[2]);
  return [...urls, ...imports];
}
