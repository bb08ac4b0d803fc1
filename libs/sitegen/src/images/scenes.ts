import type { Palette } from '../theme/palette';
import { mix } from '../theme/colour';

/** Full-frame pictures whose composition varies with the seed: no two gallery shots alike. */
type Rand = () => number;

const round = (n: number) => Math.round(n * 10) / 10;

function ridge(w: number, h: number, base: number, amplitude: number, rnd: Rand): string {
  const steps = 6 + Math.floor(rnd() * 4);
  const pts: string[] = [`0,${h}`];
  for (let i = 0; i <= steps; i++) {
    const x = (w * i) / steps;
    const y = base - amplitude * (0.3 + rnd() * 0.7) * (i % 2 === 0 ? 0.55 : 1);
    pts.push(`${round(x)},${round(y)}`);
  }
  pts.push(`${w},${h}`);
  return pts.join(' ');
}

export function landscape(w: number, h: number, p: Palette, rnd: Rand): string {
  const sunX = round(w * (0.2 + rnd() * 0.6));
  const sunY = round(h * (0.18 + rnd() * 0.2));
  const layers = [0.55, 0.7, 0.85].map((f, i) => {
    const colour = mix(p.primary, i === 2 ? p.text : p.bg, i === 2 ? 0.35 : 0.55 - i * 0.2);
    return `<polygon points="${ridge(w, h, h * f, h * (0.32 - i * 0.07), rnd)}" fill="${colour}"/>`;
  });
  return (
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${mix(p.accent, p.bg, 0.55)}"/><stop offset="1" stop-color="${p.bg}"/></linearGradient></defs>` +
    `<rect width="${w}" height="${h}" fill="url(#sky)"/><circle cx="${sunX}" cy="${sunY}" r="${round(h * 0.09)}" fill="${p.accent}"/>${layers.join('')}`
  );
}

const SKIN = ['#f2d3b1', '#e0ac69', '#c68642', '#8d5524', '#5c3a21', '#ffdbac'];
const HAIR = ['#2c1b10', '#6a4e3b', '#b68b5a', '#1b1b1b', '#a0522d', '#d8c3a5'];

export function avatar(w: number, h: number, p: Palette, rnd: Rand): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const skin = pick(SKIN);
  const hair = pick(HAIR);
  const shirt = rnd() < 0.5 ? p.primary : p.accent;
  const cx = w / 2;
  const longHair = rnd() < 0.5;
  const hairBack = longHair
    ? `<path d="M${cx - 78} ${h * 0.42}c0-70 156-70 156 0v${h * 0.32}h-156z" fill="${hair}"/>`
    : '';
  return (
    `<rect width="${w}" height="${h}" fill="${mix(shirt, p.bg, 0.78)}"/>${hairBack}` +
    `<path d="M${cx - 130} ${h}c0-90 60-130 130-130s130 40 130 130z" fill="${shirt}"/>` +
    `<rect x="${cx - 22}" y="${h * 0.55}" width="44" height="50" fill="${skin}"/>` +
    `<circle cx="${cx}" cy="${h * 0.42}" r="66" fill="${skin}"/>` +
    `<path d="M${cx - 68} ${h * 0.4}c4-56 132-66 136-4-30-14-80-22-136 4z" fill="${hair}"/>` +
    `<circle cx="${cx - 22}" cy="${h * 0.44}" r="5" fill="#2b2b2b"/><circle cx="${cx + 22}" cy="${h * 0.44}" r="5" fill="#2b2b2b"/>` +
    `<path d="M${cx - 18} ${h * 0.52}q18 14 36 0" fill="none" stroke="#7a3b2e" stroke-width="4" stroke-linecap="round"/>`
  );
}

export function streetMap(w: number, h: number, p: Palette, rnd: Rand): string {
  const land = mix(p.bg, p.accent, 0.12);
  const road = mix(p.bg, '#ffffff', 0.6);
  const park = mix('#5a9e6f', p.bg, 0.55);
  const water = mix('#4a90c2', p.bg, 0.35);
  const lines: string[] = [];
  for (let x = 40 + rnd() * 40; x < w; x += 90 + rnd() * 60) lines.push(`M${round(x)} 0v${h}`);
  for (let y = 30 + rnd() * 40; y < h; y += 80 + rnd() * 50) lines.push(`M0 ${round(y)}h${w}`);
  const riverY = round(h * (0.65 + rnd() * 0.2));
  return (
    `<rect width="${w}" height="${h}" fill="${land}"/>` +
    `<rect x="${round(w * 0.08)}" y="${round(h * 0.1)}" width="${round(w * 0.22)}" height="${round(h * 0.25)}" rx="12" fill="${park}"/>` +
    `<path d="M0 ${riverY}c${w * 0.25} -60 ${w * 0.5} 60 ${w} -10" fill="none" stroke="${water}" stroke-width="34"/>` +
    `<path d="${lines.join('')}" stroke="${road}" stroke-width="10" fill="none"/>` +
    `<path d="M0 ${round(h * 0.45)}L${w} ${round(h * 0.3)}" stroke="${mix(p.accent, p.bg, 0.3)}" stroke-width="16"/>` +
    `<g transform="translate(${w / 2 - 30} ${h / 2 - 80})"><path d="M30 80S0 48 0 30a30 30 0 0 1 60 0c0 18-30 50-30 50z" fill="${p.primary}"/><circle cx="30" cy="30" r="11" fill="${p.bg}"/></g>`
  );
}
