import { bestOn, contrastRatio, ensureContrast, isDark, mix } from './colour';

/** What a template (or a prompt) chooses; everything else is derived with contrast guaranteed. */
export interface PaletteSeed {
  bg: string;
  text: string;
  primary: string;
  accent: string;
}

export interface Palette {
  bg: string;
  surface: string;
  text: string;
  muted: string;
  primary: string;
  onPrimary: string;
  accent: string;
  border: string;
}

/** WCAG AA for body text. Derivation aims a little higher so hex rounding never drops below it. */
export const MIN_TEXT_CONTRAST = 4.5;
const AIM = 4.7;

export function derivePalette(seed: PaletteSeed): Palette {
  const dark = isDark(seed.bg);
  const surface = mix(seed.bg, dark ? '#ffffff' : seed.text, dark ? 0.06 : 0.04);
  const grounds = [seed.bg, surface];
  const text = ensureContrast(seed.text, grounds, 7);
  const muted = ensureContrast(mix(text, seed.bg, 0.3), grounds, AIM);
  const primary = ensureContrast(seed.primary, grounds, AIM);
  const onPrimary = bestOn(primary, ['#ffffff', '#111111', seed.bg, text]);
  const border = mix(seed.bg, text, dark ? 0.22 : 0.16);
  return { bg: seed.bg, surface, text, muted, primary, onPrimary, accent: seed.accent, border };
}

/** `onPrimary` → `--on-primary`: the custom properties the stylesheet and the site checker share. */
export const paletteVar = (key: keyof Palette) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The pairs a rendered site puts text on; the same list the site checker verifies. */
export const PALETTE_TEXT_PAIRS: ReadonlyArray<readonly [keyof Palette, keyof Palette]> = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['primary', 'bg'],
  ['primary', 'surface'],
  ['onPrimary', 'primary'],
];

export function paletteContrastIssues(p: Palette): string[] {
  return PALETTE_TEXT_PAIRS.flatMap(([fg, bg]) => {
    const ratio = contrastRatio(p[fg], p[bg]);
    return ratio < MIN_TEXT_CONTRAST
      ? [`${fg} on ${bg}: ${ratio.toFixed(2)}:1 (needs ${MIN_TEXT_CONTRAST}:1)`]
      : [];
  });
}
