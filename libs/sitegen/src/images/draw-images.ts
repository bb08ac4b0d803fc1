import type { ImageSpec, SitePlan } from '../plan/site-plan';
import { mix } from '../theme/colour';
import { FONT_PAIRINGS } from '../theme/fonts';
import type { Palette } from '../theme/palette';
import { escapeHtml as esc, initials, seededRandom } from '../text/text';
import { MOTIFS, type Ink, type MotifId } from './motifs';
import { avatar, landscape, streetMap } from './scenes';
import type { SiteImage } from './site-image';

type Rand = () => number;
interface Canvas {
  w: number;
  h: number;
}

/** Pixel size of each kind of picture; the renderer writes these as width/height to avoid layout shift. */
function canvasOf(spec: Pick<ImageSpec, 'role' | 'motif'>): Canvas {
  if (spec.role === 'logo') return { w: 96, h: 96 };
  if (spec.motif === 'person') return { w: 400, h: 400 };
  if (spec.role === 'hero') return { w: 960, h: 640 };
  return spec.role === 'section' ? { w: 800, h: 600 } : { w: 640, h: 480 };
}

const inkOf = (p: Palette): Ink => ({ main: p.primary, accent: p.accent, light: p.bg, dark: p.text });

/** A motif scaled into a box, keeping its 200×200 design grid. */
function placed(motif: MotifId, ink: Ink, x: number, y: number, size: number): string {
  const s = Math.round((size / 200) * 1000) / 1000;
  return `<g transform="translate(${Math.round(x)} ${Math.round(y)}) scale(${s})">${MOTIFS[motif].draw(ink)}</g>`;
}

function decorations(c: Canvas, p: Palette, rnd: Rand, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    const r = Math.round(c.h * (0.06 + rnd() * 0.2));
    const colour = i % 2 ? p.accent : p.primary;
    out += `<circle cx="${Math.round(rnd() * c.w)}" cy="${Math.round(rnd() * c.h)}" r="${r}" fill="${colour}" opacity="${(0.1 + rnd() * 0.12).toFixed(2)}"/>`;
  }
  return out;
}

function hero(spec: ImageSpec, c: Canvas, p: Palette, rnd: Rand): string {
  if (spec.motif === 'landscape') return landscape(c.w, c.h, p, rnd);
  if (spec.motif === 'person') return avatar(c.w, c.h, p, rnd);
  const size = c.h * 0.68;
  // Right of centre: banner heroes lay their text panel over the left half.
  const cx = c.w * 0.64;
  return (
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${p.surface}"/><stop offset="1" stop-color="${mix(p.primary, p.bg, 0.82)}"/></linearGradient>` +
    `<pattern id="dots" width="24" height="24" patternUnits="userSpaceOnUse"><circle cx="2" cy="2" r="2" fill="${p.primary}" opacity=".18"/></pattern></defs>` +
    `<rect width="${c.w}" height="${c.h}" fill="url(#bg)"/><rect x="${c.w * 0.05}" y="${c.h * 0.08}" width="${c.w * 0.3}" height="${c.h * 0.4}" fill="url(#dots)"/>` +
    decorations(c, p, rnd, 4) +
    `<ellipse cx="${cx}" cy="${c.h * 0.88}" rx="${size * 0.5}" ry="${c.h * 0.04}" fill="${p.text}" opacity=".12"/>` +
    placed(spec.motif, inkOf(p), cx - size / 2, c.h * 0.5 - size / 2, size)
  );
}

function tile(spec: ImageSpec, c: Canvas, p: Palette, rnd: Rand): string {
  if (spec.motif === 'landscape') return landscape(c.w, c.h, p, rnd);
  if (spec.motif === 'person') return avatar(c.w, c.h, p, rnd);
  if (spec.motif === 'map') return streetMap(c.w, c.h, p, rnd);
  const grounds = [mix(p.primary, p.bg, 0.85), mix(p.accent, p.bg, 0.75), p.surface];
  const ground = grounds[Math.floor(rnd() * grounds.length)];
  const size = c.h * (0.62 + rnd() * 0.12);
  const x = c.w / 2 - size / 2 + (rnd() - 0.5) * c.w * 0.15;
  return `<rect width="${c.w}" height="${c.h}" fill="${ground}"/>${decorations(c, p, rnd, 3)}${placed(spec.motif, inkOf(p), x, c.h / 2 - size / 2, size)}`;
}

function logo(plan: SitePlan, c: Canvas, p: Palette): string {
  const font = esc(FONT_PAIRINGS[plan.theme.fonts].heading);
  const letters = esc(initials(plan.business.name));
  const size = letters.length > 1 ? 38 : 48;
  return (
    `<rect width="${c.w}" height="${c.h}" rx="${plan.theme.radius === 'sharp' ? 6 : 22}" fill="${p.primary}"/>` +
    `<circle cx="${c.w - 20}" cy="20" r="9" fill="${p.accent}"/>` +
    `<text x="50%" y="54%" dominant-baseline="middle" text-anchor="middle" font-family="${font}" font-size="${size}" font-weight="700" fill="${p.onPrimary}">${letters}</text>`
  );
}

function describeImage(spec: ImageSpec, plan: SitePlan): string {
  const p = plan.theme.palette;
  if (spec.role === 'logo')
    return `Logo mark: the initials of ${plan.business.name} on a ${p.primary} tile with a ${p.accent} dot.`;
  return `${plan.theme.style} vector illustration of ${spec.subject}, drawn in the site's palette (${p.primary}, ${p.accent} on ${p.bg}).`;
}

function drawImage(spec: ImageSpec, plan: SitePlan): SiteImage {
  const p = plan.theme.palette;
  const c = canvasOf(spec);
  const rnd = seededRandom(spec.seed);
  const body =
    spec.role === 'logo'
      ? logo(plan, c, p)
      : spec.role === 'hero'
        ? hero(spec, c, p, rnd)
        : tile(spec, c, p, rnd);
  const description = describeImage(spec, plan);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${c.w} ${c.h}" width="${c.w}" height="${c.h}" role="img" aria-labelledby="title desc">` +
    `<title id="title">${esc(spec.alt)}</title><desc id="desc">${esc(description)}</desc>${body}</svg>\n`;
  return { path: spec.path, svg, alt: spec.alt, description, width: c.w, height: c.h };
}

/** Every image the plan asks for, drawn as SVG in the plan's palette; same plan, same bytes. */
export function drawImages(plan: SitePlan): SiteImage[] {
  return plan.images.map((spec) => drawImage(spec, plan));
}

export interface ImagePrompt {
  path: string;
  prompt: string;
  size: `${number}x${number}`;
}

/** The prompt an image model would get for each image, when a real one is configured. */
export function imagePrompts(plan: SitePlan): ImagePrompt[] {
  const p = plan.theme.palette;
  const where = plan.business.city ? ` in ${plan.business.city}` : '';
  return plan.images.map((spec) => {
    const size =
      spec.role === 'hero'
        ? '1536x1024'
        : spec.role === 'item' && spec.motif !== 'person'
          ? '1024x768'
          : '1024x1024';
    const prompt =
      spec.role === 'logo'
        ? `Minimal logo mark for "${plan.business.name}", a ${plan.business.noun}${where}: the initials ${initials(plan.business.name)} in a rounded square, ${p.primary} with a ${p.accent} accent, flat vector, no other text.`
        : `${plan.theme.style} flat vector illustration of ${spec.subject}, for the website of "${plan.business.name}", a ${plan.business.noun}${where}. ` +
          `Colour palette: primary ${p.primary}, accent ${p.accent}, background ${p.bg}. Clean shapes, generous space, no text, no watermark.`;
    return { path: spec.path, prompt, size: size as ImagePrompt['size'] };
  });
}
