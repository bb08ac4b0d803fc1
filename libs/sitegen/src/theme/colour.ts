export type Rgb = readonly [number, number, number];

export function parseHex(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const n = parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex(rgb: Rgb): string {
  return `#${rgb
    .map((v) =>
      Math.round(Math.min(255, Math.max(0, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** WCAG 2.x relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Linear mix in sRGB: t=0 gives `a`, t=1 gives `b`. */
export function mix(a: string, b: string, t: number): string {
  const ca = parseHex(a);
  const cb = parseHex(b);
  return toHex([0, 1, 2].map((i) => ca[i] + (cb[i] - ca[i]) * t) as unknown as Rgb);
}

export function isDark(hex: string): boolean {
  return luminance(hex) < 0.18;
}

/**
 * Moves `fg` towards black (on light backgrounds) or white (on dark ones) until it
 * reaches `min` contrast against every background; keeps as much of its hue as it can.
 */
export function ensureContrast(fg: string, backgrounds: readonly string[], min: number): string {
  const target = isDark(backgrounds[0]) ? '#ffffff' : '#000000';
  const worst = (c: string) => Math.min(...backgrounds.map((bg) => contrastRatio(c, bg)));
  for (let step = 0; step <= 40; step++) {
    const candidate = mix(fg, target, step / 40);
    if (worst(candidate) >= min) return candidate;
  }
  return target;
}

/** The candidate that reads best on `bg`. */
export function bestOn(bg: string, candidates: readonly string[]): string {
  return candidates.reduce((best, c) => (contrastRatio(c, bg) > contrastRatio(best, bg) ? c : best));
}
