import type { SiteItem, SiteSection } from '../plan/site-plan';
import {
  actions,
  button,
  cards,
  esc,
  itemHeading,
  itemIcon,
  list,
  meta,
  picture,
  sectionHead,
  splitList,
  storeBadges,
  text,
} from './render-kit';
import { defineComponents, type RenderContext } from './types';

const CARD_MEDIA_CSS = (cls: string) => `.${cls}{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem}
.${cls} .card{padding:0;overflow:hidden;display:flex;flex-direction:column}
.${cls} .card-body{padding:1rem 1.25rem;display:flex;flex-direction:column;gap:.35rem;flex:1}
.${cls} h3,.${cls} h4{margin:0}
.${cls} p{margin:0}`;

const mediaCard = (ctx: RenderContext, it: SiteItem, body: string) =>
  `${picture(ctx, it.image)}<div class="card-body">${body}</div>`;

/** A per-card link that still says where it goes when read out of context. */
const cardLink = (s: SiteSection, it: SiteItem) =>
  s.cta
    ? `<a class="card-link" href="${esc(s.cta.href)}">${esc(s.cta.label)}<span class="visually-hidden">: ${esc(it.title)}</span></a>`
    : '';

export const COMMERCE_COMPONENTS = defineComponents(
  {
    id: 'product-grid',
    kind: 'products',
    name: 'Product cards with prices',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'shop',
      heading: 'Shop the collection',
      items: [
        'Signature piece | Our best-loved design | 120',
        'Everyday classic | Made to be used and loved | 65',
        'Limited edition | Small batch, while it lasts | 180',
      ],
      cta: 'Order',
      ctaTo: 'contact',
    },
    css: `${CARD_MEDIA_CSS('products')}
.products .price{font-weight:700;color:var(--primary);font-size:1.1rem}
.card-link{margin-top:auto;font-weight:600}
@media (min-width:40em){.products{grid-template-columns:repeat(2,1fr)}}
@media (min-width:64em){.products{grid-template-columns:repeat(3,1fr)}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(s, 'products', (it) =>
        mediaCard(
          ctx,
          it,
          `${itemHeading(ctx, it.title)}${text(it, 'muted')}${meta(it, 'price')}${cardLink(s, it)}`,
        ),
      ),
  },
  {
    id: 'product-spotlight',
    kind: 'products',
    name: 'Single product spotlight',
    slot: 'main',
    media: { section: true },
    defaults: {
      anchor: 'spotlight',
      heading: 'In the spotlight',
      body: 'Our most-loved piece, made in small numbers with uncommon care.',
      items: ['Hand finished', 'Lifetime guarantee', 'Free delivery'],
      cta: 'Reserve yours',
    },
    css: `.spotlight{display:grid;gap:2rem;align-items:center}
.spotlight .media{border-radius:var(--radius)}
@media (min-width:48em){.spotlight{grid-template-columns:1fr 1fr}}`,
    render: (s, ctx) =>
      `<div class="spotlight">${picture(ctx, s.image)}<div>${sectionHead(s, ctx)}<ul class="checklist" role="list">${list(s.items, (it) => `<li><span>${esc(it.title)}</span></li>`)}</ul>${actions(s)}</div></div>`,
  },
  {
    id: 'categories-tiles',
    kind: 'categories',
    name: 'Shop-by-category tiles',
    slot: 'main',
    media: { items: true },
    defaults: { anchor: 'collections', heading: 'Collections', items: ['New in', 'Bestsellers', 'Gifts'] },
    css: `.tiles{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:1rem}
.tiles figure{margin:0;position:relative}
.tiles img{border-radius:var(--radius);width:100%}
.tiles figcaption{margin-top:.5rem;font-weight:700;font-family:var(--font-heading)}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="tiles" role="list">${list(s.items, (it) => `<li><figure>${picture(ctx, it.image)}<figcaption>${esc(it.title)}</figcaption></figure></li>`)}</ul>`,
  },
  {
    id: 'listings-grid',
    kind: 'listings',
    name: 'Property listings',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'listings',
      heading: 'Featured listings',
      items: [
        'Bright family home | 4 bed; 2 bath; garden | 640,000',
        'City apartment | 2 bed; 1 bath; balcony | 395,000',
        'Garden flat | 1 bed; 1 bath; patio | 280,000',
      ],
      cta: 'Arrange a viewing',
      ctaTo: 'contact',
    },
    css: `${CARD_MEDIA_CSS('listings')}
.listings .price{font-family:var(--font-heading);font-size:1.3rem;font-weight:700}
.facts{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.5rem 1rem;color:var(--muted);font-size:.9rem}
@media (min-width:48em){.listings{grid-template-columns:repeat(3,1fr)}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(s, 'listings', (it) =>
        mediaCard(
          ctx,
          it,
          `${meta(it, 'price')}${itemHeading(ctx, it.title)}<ul class="facts" role="list">${list(splitList(it.text), (f) => `<li>${esc(f)}</li>`)}</ul>${cardLink(s, it)}`,
        ),
      ),
  },
  {
    id: 'rooms-cards',
    kind: 'rooms',
    name: 'Rooms and suites',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'rooms',
      heading: 'Rooms & suites',
      items: [
        'Classic room | Queen bed, garden view, rain shower | from 140 / night',
        'Suite | King bed, separate lounge, balcony | from 240 / night',
      ],
      cta: 'Book this room',
      ctaTo: 'book',
    },
    css: `${CARD_MEDIA_CSS('rooms')}
.rooms .meta{font-weight:700;color:var(--primary)}
@media (min-width:48em){.rooms .card{flex-direction:row}.rooms img{width:45%;object-fit:cover}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(s, 'rooms', (it) =>
        mediaCard(ctx, it, `${itemHeading(ctx, it.title)}${text(it)}${meta(it)}${cardLink(s, it)}`),
      ),
  },
  {
    id: 'courses-list',
    kind: 'courses',
    name: 'Course cards with level and length',
    slot: 'main',
    defaults: {
      anchor: 'courses',
      heading: 'Courses',
      items: [
        'Foundations | Start from zero and build real confidence. | 6 weeks · Beginner | book',
        'Next level | Go deeper with projects and feedback. | 8 weeks · Intermediate | award',
      ],
      cta: 'Enrol',
      ctaTo: 'contact',
    },
    css: `.courses{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem}
.courses .card{display:flex;flex-direction:column;gap:.4rem}
.courses .icon{color:var(--primary)}
.courses .meta{margin:0;font-size:.85rem;font-weight:700;color:var(--muted)}
.courses h3,.courses h4,.courses p{margin:0}
@media (min-width:48em){.courses{grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(
        s,
        'courses',
        (it) => `${itemIcon(it)}${meta(it)}${itemHeading(ctx, it.title)}${text(it)}${cardLink(s, it)}`,
      ),
  },
  {
    id: 'causes-progress',
    kind: 'causes',
    name: 'Campaigns with funding progress',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'campaigns',
      heading: 'Current campaigns',
      items: [
        'Clean water | Wells and filters for families who need them. | 72',
        'School meals | A warm lunch for every child. | 45',
      ],
      cta: 'Support this',
      ctaTo: 'donate',
    },
    css: `${CARD_MEDIA_CSS('campaigns')}
.campaigns progress{width:100%;height:.75rem}
.campaigns .funded{font-size:.9rem;font-weight:600}
@media (min-width:48em){.campaigns{grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(s, 'campaigns', (it) => {
        const pct = Math.max(0, Math.min(100, Math.round(Number.parseFloat(it.meta ?? '') || 0)));
        return mediaCard(
          ctx,
          it,
          `${itemHeading(ctx, it.title)}${text(it)}<progress max="100" value="${pct}" aria-label="${esc(it.title)}: ${pct}% funded">${pct}%</progress><p class="funded">${pct}% funded</p>${cardLink(s, it)}`,
        );
      }),
  },
  {
    id: 'about-story',
    kind: 'about',
    name: 'About story with picture',
    slot: 'main',
    media: { section: true },
    defaults: {
      anchor: 'about',
      heading: 'About {name}',
      body: '{name} began with a simple idea: {offer}, done with care[ for the people of {city}].\n\nToday we are a small, dedicated team and we still treat every customer like a neighbour.',
    },
    css: `.about{display:grid;gap:2rem;align-items:center}
.about .media{border-radius:var(--radius)}
.about-points{list-style:none;margin:1rem 0 0;padding:0;display:grid;gap:.5rem}
.about-points li::before{content:"— ";color:var(--primary)}
@media (min-width:48em){.about{grid-template-columns:1fr 1fr}}`,
    render: (s, ctx) =>
      `<div class="about">${picture(ctx, s.image)}<div>${sectionHead(s, ctx)}${s.items.length ? `<ul class="about-points" role="list">${list(s.items, (it) => `<li>${esc(it.title)}</li>`)}</ul>` : ''}${actions(s)}</div></div>`,
  },
  {
    id: 'cta-band',
    kind: 'cta',
    name: 'Call-to-action band',
    slot: 'main',
    tone: 'primary',
    defaults: {
      anchor: 'get-started',
      heading: 'Ready when you are',
      subheading: '{tagline}',
      cta: 'Get in touch',
    },
    css: `.cta-band{text-align:center;max-width:44rem;margin-inline:auto}
.cta-band .actions{justify-content:center}`,
    render: (s, ctx) => `<div class="cta-band">${sectionHead(s, ctx)}${actions(s)}</div>`,
  },
  {
    id: 'cta-split',
    kind: 'cta',
    name: 'Call-to-action with side buttons',
    slot: 'main',
    defaults: {
      anchor: 'next-step',
      heading: 'Let us talk about your plans',
      subheading: 'A short call is the fastest way to see if we are a good fit.',
      cta: 'Book a call',
    },
    css: `.cta-split{display:grid;gap:1.5rem;align-items:center;padding:2rem;border-radius:var(--radius);border:2px solid var(--primary);background:var(--bg);color:var(--text)}
@media (min-width:48em){.cta-split{grid-template-columns:2fr 1fr}.cta-split .actions{justify-content:end}}`,
    render: (s, ctx) =>
      `<div class="cta-split">${sectionHead(s, ctx)}${actions(s) || `<div class="actions">${button(ctx.primaryCta)}</div>`}</div>`,
  },
  {
    id: 'app-download',
    kind: 'download',
    name: 'App download band',
    slot: 'main',
    tone: 'primary',
    media: { section: true },
    defaults: {
      anchor: 'download',
      heading: 'Get the app',
      subheading: 'Free to download. Available on iPhone and Android.',
      items: ['App Store', 'Google Play'],
    },
    css: `.download{display:grid;gap:2rem;align-items:center}
.download .media{max-width:18rem;margin-inline:auto}
.download .store-badges{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;margin:1rem 0}
.download .store-badge{padding:.6rem 1rem;border-radius:.6rem;background:var(--on-primary);color:var(--primary);font-weight:700}
@media (min-width:48em){.download{grid-template-columns:1.3fr 1fr}}`,
    render: (s, ctx) =>
      `<div class="download"><div>${sectionHead(s, ctx)}${storeBadges(s)}</div>${picture(ctx, s.image)}</div>`,
  },
);
