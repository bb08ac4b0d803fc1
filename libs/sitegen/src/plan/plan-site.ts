import { COMPONENTS, componentOfKind } from '../components/registry';
import type { ComponentDef, ComponentKind, CopyHint } from '../components/types';
import { ICON_NAMES, type IconName } from '../components/icons';
import { MOTIFS, type MotifId } from '../images/motifs';
import { isDark } from '../theme/colour';
import { derivePalette, type Palette, type PaletteSeed } from '../theme/palette';
import type { SectionHint, TemplateDef } from '../templates/types';
import { capitalize, cleanText, fillCopy, hashString, slugify, truncate } from '../text/text';
import { extractFacts, type PromptFacts } from './extract';
import { rankTemplates } from './match';
import {
  sitePlanSchema,
  type ImageSpec,
  type SiteCta,
  type SiteItem,
  type SitePlan,
  type SiteSection,
} from './site-plan';

type Vars = Readonly<Record<string, string | undefined>>;

/** Section kinds a prompt can ask for by name, added when the chosen template lacks them. */
const REQUESTABLE: ReadonlyArray<{
  pattern: RegExp;
  kind: ComponentKind;
  nav: string;
  satisfiedBy: readonly ComponentKind[];
}> = [
  { pattern: /\bpric(e|es|ing)\b/, kind: 'pricing', nav: 'Pricing', satisfiedBy: ['pricing'] },
  { pattern: /\bfaqs?\b|\bfrequently asked\b/, kind: 'faq', nav: 'FAQ', satisfiedBy: ['faq'] },
  {
    pattern: /\btestimonials?\b|\breviews?\b/,
    kind: 'testimonials',
    nav: 'Reviews',
    satisfiedBy: ['testimonials'],
  },
  {
    pattern: /\bgallery\b|\bphotos\b/,
    kind: 'gallery',
    nav: 'Gallery',
    satisfiedBy: ['gallery', 'portfolio'],
  },
  {
    pattern: /\bnewsletter\b|\bmailing list\b/,
    kind: 'newsletter',
    nav: 'Newsletter',
    satisfiedBy: ['newsletter'],
  },
  { pattern: /\bcontact\b/, kind: 'contact', nav: 'Contact', satisfiedBy: ['contact', 'booking', 'rsvp'] },
  {
    pattern: /\bbookings?\b|\breservations?\b|\bappointments?\b|\bbook (a|an|online)\b/,
    kind: 'booking',
    nav: 'Book',
    satisfiedBy: ['booking'],
  },
  { pattern: /\bmap\b|\blocation\b|\bdirections\b/, kind: 'map', nav: 'Find us', satisfiedBy: ['map'] },
  { pattern: /\bteam\b|\bstaff\b/, kind: 'team', nav: 'Team', satisfiedBy: ['team'] },
  { pattern: /\bblog\b|\barticles\b/, kind: 'blog', nav: 'Blog', satisfiedBy: ['blog'] },
  { pattern: /\bmenu\b/, kind: 'menu', nav: 'Menu', satisfiedBy: ['menu'] },
  { pattern: /\bopening hours\b/, kind: 'hours', nav: 'Hours', satisfiedBy: ['hours'] },
  {
    pattern: /\bschedule\b|\bagenda\b|\btimetable\b/,
    kind: 'schedule',
    nav: 'Schedule',
    satisfiedBy: ['schedule'],
  },
];

/** Kinds that close a page; sections a prompt asks for go before them. */
const CLOSING_KINDS: readonly ComponentKind[] = [
  'contact',
  'booking',
  'rsvp',
  'donate',
  'newsletter',
  'cta',
  'map',
  'hours',
  'footer',
];
/** Where a call to action goes when its hint names no target. */
const ACTION_KINDS: readonly ComponentKind[] = [
  'contact',
  'booking',
  'rsvp',
  'donate',
  'newsletter',
  'download',
];
const MAX_NAV = 6;

function withRequestedSections(t: TemplateDef, prompt: string): SectionHint[] {
  const hints = [...t.sections];
  const lower = prompt.toLowerCase();
  const kinds = () => hints.map((h) => COMPONENTS[h.use].kind);
  for (const req of REQUESTABLE) {
    const def = componentOfKind(req.kind);
    if (!def || !req.pattern.test(lower) || kinds().some((k) => req.satisfiedBy.includes(k))) continue;
    let at = hints.length;
    while (at > 0 && CLOSING_KINDS.includes(kinds()[at - 1])) at--;
    hints.splice(Math.max(at, 2), 0, { use: def.id, nav: req.nav });
  }
  return hints;
}

function parseItem(spec: string, vars: Vars): SiteItem | undefined {
  const [title, text, meta, icon] = spec.split('|').map((part) => part.trim());
  const filled = {
    title: fillCopy(title, vars),
    text: text ? fillCopy(text, vars) : '',
    meta: meta ? fillCopy(meta, vars) : '',
  };
  // A detail the prompt did not give ("Address | [{city}]") drops the whole line, not just its value.
  if (!filled.title || (text && !filled.text)) return undefined;
  const item: SiteItem = { title: truncate(filled.title, 140) };
  if (filled.text) item.text = truncate(filled.text, 600);
  if (filled.meta) item.meta = truncate(filled.meta, 80);
  if (icon && (ICON_NAMES as readonly string[]).includes(icon)) item.icon = icon as IconName;
  return item;
}

function anchorsFor(hints: readonly SectionHint[]): string[] {
  const used = new Set<string>();
  return hints.map((h) => {
    const base = h.anchor ?? COMPONENTS[h.use].defaults.anchor;
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    return anchor;
  });
}

function targetResolver(hints: readonly SectionHint[], anchors: readonly string[]) {
  const kindAt = hints.map((h) => COMPONENTS[h.use].kind);
  const firstOfKinds = (kinds: readonly ComponentKind[]) =>
    anchors.find((_a, i) => kinds.includes(kindAt[i]));
  return (to: string | undefined, self: string): string => {
    if (to && anchors.includes(to) && to !== self) return `#${to}`;
    const byKind = to ? firstOfKinds([to as ComponentKind]) : undefined;
    const target =
      byKind ??
      firstOfKinds(ACTION_KINDS) ??
      anchors.find((a, i) => a !== self && COMPONENTS[hints[i].use].slot === 'main');
    return `#${target && target !== self ? target : 'main'}`;
  };
}

function buildSection(
  hint: SectionHint,
  def: ComponentDef,
  anchor: string,
  vars: Vars,
  resolve: (to: string | undefined, self: string) => string,
): SiteSection {
  const copy: CopyHint = { ...def.defaults, ...hint };
  const fill = (v: string | undefined, max: number) => (v ? truncate(fillCopy(v, vars), max) : undefined);
  const cta = (label: string | undefined, to: string | undefined): SiteCta | undefined =>
    label ? { label: truncate(fillCopy(label, vars), 60), href: resolve(to, anchor) } : undefined;
  const section: SiteSection = {
    component: def.id,
    anchor,
    heading: fill(copy.heading, 160) || fill(def.defaults.heading, 160) || (vars.name as string),
    items: (copy.items ?? []).map((i) => parseItem(i, vars)).filter((i): i is SiteItem => !!i),
  };
  const optional = {
    navLabel: fill(copy.nav, 30),
    subheading: fill(copy.subheading, 300),
    body: fill(copy.body, 1200),
    cta: cta(copy.cta, copy.ctaTo),
    secondaryCta: cta(copy.secondaryCta, copy.secondaryTo),
  };
  for (const [k, v] of Object.entries(optional)) if (v) Object.assign(section, { [k]: v });
  return section;
}

function describeSubject(motif: MotifId, context: string): string {
  return truncate(`${MOTIFS[motif].label}, for “${context}”`, 200);
}

function altFor(motif: MotifId, title: string, vars: Vars): string {
  if (motif === 'person') return truncate(`Portrait of ${title}`, 200);
  if (motif === 'map')
    return truncate(`Map showing where to find ${vars.name}${vars.city ? ` in ${vars.city}` : ''}`, 200);
  return truncate(`${title}: illustration of ${MOTIFS[motif].label}`, 200);
}

/** Adds the pictures a section's component shows to `images`, and points the section at them. */
function attachImages(
  section: SiteSection,
  hint: SectionHint,
  def: ComponentDef,
  t: TemplateDef,
  vars: Vars,
  images: ImageSpec[],
) {
  const seedOf = (path: string) => hashString(`${t.id}|${vars.name}|${path}`);
  const isHero = def.kind === 'hero';
  if (def.media?.section) {
    const path = `assets/${isHero ? 'hero' : section.anchor}.svg`;
    const motif = hint.motif ?? t.motif;
    const alt = isHero
      ? truncate(`Illustration of ${MOTIFS[motif].label} for ${vars.name}`, 200)
      : altFor(motif, section.heading, vars);
    images.push({
      path,
      role: isHero ? 'hero' : 'section',
      motif,
      alt,
      subject: describeSubject(motif, section.heading),
      seed: seedOf(path),
    });
    section.image = path;
  }
  if (def.media?.items) {
    section.items.forEach((item, i) => {
      const path = `assets/${section.anchor}-${i + 1}.svg`;
      const motif =
        hint.motifs?.[i % hint.motifs.length] ?? hint.motif ?? (def.kind === 'team' ? 'person' : t.motif);
      images.push({
        path,
        role: 'item',
        motif,
        alt: altFor(motif, item.title, vars),
        subject: describeSubject(motif, item.title),
        seed: seedOf(path),
      });
      item.image = path;
    });
  }
}

function paletteFor(seed: PaletteSeed, colours: PromptFacts['colours']): Palette {
  let s = { ...seed };
  if (colours.mode === 'dark' && !isDark(s.bg)) s = { ...s, bg: '#111317', text: '#f3f4f6' };
  if (colours.mode === 'light' && isDark(s.bg)) s = { ...s, bg: '#ffffff', text: '#1a1a1a' };
  if (colours.primary) s.primary = colours.primary;
  if (colours.accent) s.accent = colours.accent;
  return derivePalette(s);
}

export interface PlanOptions {
  /** Use this template (still scored against the prompt) instead of the best match. */
  templateId?: string;
}

/**
 * The planner's offline answer: pick the best template for the prompt and fill it with
 * copy, colours and pictures derived from what the prompt says. Deterministic.
 */
export function planSite(prompt: string, options: PlanOptions = {}): SitePlan {
  const text = cleanText(prompt);
  const ranked = rankTemplates(text);
  const match = options.templateId ? ranked.find((m) => m.template.id === options.templateId) : ranked[0];
  if (!match) throw new RangeError(`unknown template "${options.templateId}"`);
  const t = match.template;
  const facts = extractFacts(text);
  const base = { city: facts.city, noun: t.noun };
  const name = facts.name ?? (fillCopy(t.copy.name, base) || t.name);
  const offer = facts.offer ?? fillCopy(t.copy.offer, base);
  const vars0 = {
    ...base,
    name,
    offer,
    Offer: capitalize(offer),
    email: `hello@${slugify(name, 'studio')}.example`,
  };
  const tagline = truncate(fillCopy(t.copy.tagline, vars0), 200);
  const vars: Vars = { ...vars0, tagline };

  const hints = withRequestedSections(t, text);
  const anchors = anchorsFor(hints);
  const resolve = targetResolver(hints, anchors);
  const images: ImageSpec[] = [];
  const logoPath = 'assets/logo.svg';
  images.push({
    path: logoPath,
    role: 'logo',
    motif: t.motif,
    alt: truncate(`${name} logo`, 200),
    subject: truncate(`logo mark for ${name}`, 200),
    seed: hashString(`${t.id}|${name}|${logoPath}`),
  });

  let navCount = 0;
  const sections = hints.map((hint, i) => {
    const def = COMPONENTS[hint.use];
    const section = buildSection(hint, def, anchors[i], vars, resolve);
    if (section.navLabel && (def.slot !== 'main' || ++navCount > MAX_NAV)) delete section.navLabel;
    attachImages(section, hint, def, t, vars, images);
    return section;
  });

  const where = facts.city ? ` in ${facts.city}` : '';
  return sitePlanSchema.parse({
    version: 1,
    lang: 'en',
    template: { id: t.id, name: t.name, category: t.category, score: match.score },
    business: {
      name,
      tagline,
      description: truncate(`${name} is a ${t.noun}${where} offering ${offer}.`, 400),
      ...(facts.city ? { city: facts.city } : {}),
      offer,
      noun: t.noun,
    },
    seo: {
      title: truncate(`${name} · ${capitalize(t.noun)}${where}`, 120),
      description: truncate(`${name} — ${tagline}`, 160),
    },
    theme: {
      palette: paletteFor(t.palette, facts.colours),
      fonts: t.fonts,
      radius: t.radius,
      style: t.style,
    },
    sections,
    images,
  } satisfies SitePlan);
}
