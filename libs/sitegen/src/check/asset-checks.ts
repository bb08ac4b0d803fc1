import { parseFragment } from 'parse5';
import type { SiteFile } from '../render/site-file';
import { contrastRatio } from '../theme/colour';
import { PALETTE_TEXT_PAIRS, paletteVar } from '../theme/palette';
import { cssRules, resolveColour, rootVariables } from './css';
import { attr, elements, textOf } from './html-tree';
import type { Add } from './report';

/** Contrast of every rule that sets both colours, and of the declared palette; true when any media query adapts the layout. */
export function inspectCss(
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

export function inspectSvg(file: SiteFile, add: Add) {
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
