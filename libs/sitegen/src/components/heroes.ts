import type { SiteSection } from '../plan/site-plan';
import {
  actions,
  esc,
  field,
  heading,
  itemIcon,
  list,
  paragraphs,
  picture,
  staticForm,
  storeBadges,
  titleId,
} from './render-kit';
import { defineComponents, type RenderContext } from './types';

function intro(s: SiteSection, ctx: RenderContext, eyebrow?: string): string {
  const kicker = eyebrow ? `<p class="eyebrow">${esc(eyebrow)}</p>` : '';
  const lead = s.subheading ? `<p class="lead">${esc(s.subheading)}</p>` : '';
  return `${kicker}${heading(ctx.level, s.heading, ` id="${titleId(s)}"`)}${lead}${s.body ? paragraphs(s.body) : ''}`;
}

const eyebrowOf = (ctx: RenderContext) =>
  ctx.plan.business.city ? `${ctx.plan.business.noun} · ${ctx.plan.business.city}` : ctx.plan.business.noun;

const heroPicture = (s: SiteSection, ctx: RenderContext, cls = 'hero-media') =>
  picture(ctx, s.image, cls, true);

const HERO_CSS = `.hero{padding-block:3rem}
.hero h1{margin:.25rem 0 1rem}
.eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:.8rem;font-weight:700;color:var(--primary);margin:0}
.hero-media{border-radius:var(--radius);width:100%}`;

const hero = (
  id: string,
  name: string,
  css: string,
  render: (s: SiteSection, ctx: RenderContext) => string,
  section = true,
) => ({
  id,
  kind: 'hero' as const,
  name,
  slot: 'main' as const,
  media: { section },
  defaults: { anchor: 'home', heading: '{Offer}[ in {city}]', subheading: '{tagline}', cta: 'Get in touch' },
  css: `${HERO_CSS}\n${css}`,
  render,
});

export const HERO_COMPONENTS = defineComponents(
  hero(
    'hero-split',
    'Hero: text beside an illustration',
    `.hero-split{display:grid;gap:2rem;align-items:center}
@media (min-width:48em){.hero-split{grid-template-columns:1.1fr 1fr}}`,
    (s, ctx) =>
      `<div class="hero hero-split"><div>${intro(s, ctx, eyebrowOf(ctx))}${actions(s)}</div>${heroPicture(s, ctx)}</div>`,
  ),
  hero(
    'hero-centered',
    'Hero: centred headline over a wide illustration',
    `.hero-centered{text-align:center;max-width:48rem;margin-inline:auto}
.hero-centered .actions{justify-content:center}
.hero-centered .hero-media{margin-top:2rem}`,
    (s, ctx) =>
      `<div class="hero hero-centered">${intro(s, ctx, eyebrowOf(ctx))}${actions(s)}${heroPicture(s, ctx)}</div>`,
  ),
  hero(
    'hero-banner',
    'Hero: full-width banner with a text panel',
    `.hero-banner{display:grid}
.hero-banner>*{grid-area:1/1}
.hero-banner .hero-media{min-height:18rem;object-fit:cover}
.hero-panel{align-self:end;margin:1rem;padding:1.5rem;border-radius:var(--radius);background:var(--bg);color:var(--text);max-width:36rem}
@media (min-width:48em){.hero-panel{align-self:center;margin:3rem;padding:2.5rem}}`,
    (s, ctx) =>
      `<div class="hero hero-banner">${heroPicture(s, ctx)}<div class="hero-panel">${intro(s, ctx)}${actions(s)}</div></div>`,
  ),
  hero(
    'hero-product',
    'Hero: product showcase with highlights',
    `.hero-product{display:grid;gap:2rem;align-items:center}
.hero-highlights{list-style:none;padding:0;margin:1rem 0;display:flex;flex-wrap:wrap;gap:.5rem}
.hero-highlights li{display:inline-flex;align-items:center;gap:.4rem;padding:.35rem .75rem;border:1px solid var(--border);border-radius:999px;background:var(--surface);color:var(--text);font-size:.9rem}
@media (min-width:48em){.hero-product{grid-template-columns:1fr 1fr}.hero-product .hero-media{order:-1}}`,
    (s, ctx) =>
      `<div class="hero hero-product"><div>${intro(s, ctx, eyebrowOf(ctx))}` +
      `<ul class="hero-highlights" role="list">${list(s.items, (it) => `<li>${itemIcon(it)}${esc(it.title)}</li>`)}</ul>${actions(s)}</div>${heroPicture(s, ctx)}</div>`,
  ),
  hero(
    'hero-app',
    'Hero: app with store badges and a phone',
    `.hero-app{display:grid;gap:2rem;align-items:center}
.store-badges{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.25rem 0;padding:0;list-style:none}
.store-badge{display:inline-block;padding:.6rem 1rem;border-radius:.6rem;background:var(--text);color:var(--bg);font-weight:600;font-size:.9rem}
@media (min-width:48em){.hero-app{grid-template-columns:1.2fr 1fr}}`,
    (s, ctx) =>
      `<div class="hero hero-app"><div>${intro(s, ctx)}${storeBadges(s)}${actions(s)}</div>${heroPicture(s, ctx)}</div>`,
  ),
  hero(
    'hero-portrait',
    'Hero: portrait with name and role',
    `.hero-portrait{display:grid;gap:1.5rem;justify-items:center;text-align:center}
.hero-portrait .hero-media{width:12rem;height:12rem;border-radius:50%;border:4px solid var(--primary)}
.hero-portrait .actions{justify-content:center}
@media (min-width:48em){.hero-portrait{grid-template-columns:auto 1fr;justify-items:start;text-align:left}.hero-portrait .actions{justify-content:start}}`,
    (s, ctx) =>
      `<div class="hero hero-portrait">${heroPicture(s, ctx)}<div>${intro(s, ctx)}${actions(s)}</div></div>`,
  ),
  hero(
    'hero-event',
    'Hero: event with date and venue facts',
    `.hero-event{display:grid;gap:2rem;align-items:center}
.event-facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:1rem;margin:1.5rem 0}
.event-facts div{padding:.75rem 1rem;border-left:4px solid var(--primary);background:var(--surface);color:var(--text)}
.event-facts dt{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);background:var(--surface)}
.event-facts dd{margin:0;font-weight:700}
@media (min-width:48em){.hero-event{grid-template-columns:1.2fr 1fr}}`,
    (s, ctx) =>
      `<div class="hero hero-event"><div>${intro(s, ctx)}<dl class="event-facts">${list(s.items, (it) => `<div><dt>${esc(it.title)}</dt><dd>${esc(it.text ?? '')}</dd></div>`)}</dl>${actions(s)}</div>${heroPicture(s, ctx)}</div>`,
  ),
  hero(
    'hero-search',
    'Hero: headline with a search form',
    `.hero-search{display:grid;gap:2rem;align-items:center}
.search-form{display:grid;gap:1rem;padding:1.25rem;border-radius:var(--radius);background:var(--surface);color:var(--text);border:1px solid var(--border)}
@media (min-width:48em){.hero-search{grid-template-columns:1.2fr 1fr}.search-form{grid-template-columns:repeat(3,1fr);align-items:end}.search-form .form-actions{grid-column:1/-1}}`,
    (s, ctx) => {
      const options = s.items.map((it) => it.title);
      const inner =
        field(s, { name: 'where', label: 'Where', type: 'search', autocomplete: 'address-level2' }) +
        field(s, { name: 'type', label: 'Type', options: options.length ? options : ['Any'] }) +
        field(s, {
          name: 'budget',
          label: 'Budget',
          options: ['Any budget', 'Up to 300k', '300k – 600k', '600k +'],
        });
      return `<div class="hero hero-search"><div>${intro(s, ctx, eyebrowOf(ctx))}${staticForm(s, inner, s.cta?.label ?? 'Search', 'Showing matching listings below.', 'search-form')}</div>${heroPicture(s, ctx)}</div>`;
    },
  ),
  hero(
    'hero-minimal',
    'Hero: big typographic statement',
    `.hero-minimal{padding-block:4rem}
.hero-minimal h1{font-size:clamp(2.5rem,8vw,5rem);max-width:16ch}
.hero-minimal .lead{max-width:40rem}`,
    (s, ctx) => `<div class="hero hero-minimal">${intro(s, ctx, eyebrowOf(ctx))}${actions(s)}</div>`,
    false,
  ),
);
