import { cards, dataTable, esc, itemHeading, list, meta, sectionHead, text } from './render-kit';
import { defineComponents } from './types';

const QUOTE_CSS = `blockquote{margin:0}
.quote-text{font-size:1.05rem}
.quote-by{margin:.75rem 0 0;font-weight:700}
.quote-by span{display:block;font-weight:400;color:var(--muted)}`;

const quoteBy = (title: string, role?: string) =>
  `<p class="quote-by">${esc(title)}${role ? `<span>${esc(role)}</span>` : ''}</p>`;

export const PROOF_COMPONENTS = defineComponents(
  {
    id: 'testimonials-cards',
    kind: 'testimonials',
    name: 'Testimonial cards',
    slot: 'main',
    defaults: {
      anchor: 'testimonials',
      heading: 'What people say',
      items: [
        'Sam R. | Friendly, professional and genuinely excellent. We keep coming back. | Regular since day one',
        'Alex M. | Exactly what we hoped for, and then some. | Happy customer',
      ],
    },
    css: `${QUOTE_CSS}
.quote-cards{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem}
@media (min-width:48em){.quote-cards{grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(
        s,
        'quote-cards',
        (it) =>
          `<figure class="quote"><blockquote><p class="quote-text">“${esc(it.text ?? '')}”</p></blockquote><figcaption>${quoteBy(it.title, it.meta)}</figcaption></figure>`,
      ),
  },
  {
    id: 'testimonial-quote',
    kind: 'testimonials',
    name: 'Single large testimonial',
    slot: 'main',
    defaults: {
      anchor: 'kind-words',
      heading: 'Kind words',
      items: ['Jordan P. | Working with {name} was the best decision we made this year. | Client'],
    },
    css: `${QUOTE_CSS}
.big-quote{max-width:46rem;margin-inline:auto;text-align:center}
.big-quote .quote-text{font-family:var(--font-heading);font-size:clamp(1.3rem,3vw,1.9rem);line-height:1.4}`,
    render: (s, ctx) => {
      const it = s.items[0];
      const quote = it
        ? `<figure class="big-quote"><blockquote><p class="quote-text">“${esc(it.text ?? '')}”</p></blockquote><figcaption>${quoteBy(it.title, it.meta)}</figcaption></figure>`
        : '';
      return sectionHead(s, ctx, 'section-head visually-hidden') + quote;
    },
  },
  {
    id: 'logos-strip',
    kind: 'logos',
    name: 'Strip of client wordmarks',
    slot: 'main',
    defaults: {
      anchor: 'clients',
      heading: 'Trusted by',
      items: ['Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech'],
    },
    css: `.logos{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;justify-content:center;gap:1rem 2.5rem}
.logos li{font-family:var(--font-heading);font-size:1.25rem;font-weight:700;letter-spacing:.04em;color:var(--muted)}
.c-logos-strip .section-head{text-align:center;margin-inline:auto}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="logos" role="list">${list(s.items, (it) => `<li>${esc(it.title)}</li>`)}</ul>`,
  },
  {
    id: 'stats-band',
    kind: 'stats',
    name: 'Key numbers band',
    slot: 'main',
    tone: 'primary',
    defaults: {
      anchor: 'numbers',
      heading: '{name} in numbers',
      items: ['10+ | years of experience', '2,000+ | happy customers', '4.9 | average rating'],
    },
    css: `.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:1.5rem;margin:0;text-align:center}
.stats dd{margin:0;font-family:var(--font-heading);font-size:clamp(2rem,5vw,3rem);font-weight:700;line-height:1.1}
.stats dt{font-size:.95rem}
.stats div{display:flex;flex-direction:column-reverse}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<dl class="stats">${list(s.items, (it) => `<div><dt>${esc(it.text ?? '')}</dt><dd>${esc(it.title)}</dd></div>`)}</dl>`,
  },
  {
    id: 'reviews-rating',
    kind: 'testimonials',
    name: 'Star rating summary with reviews',
    slot: 'main',
    defaults: {
      anchor: 'reviews',
      heading: 'Rated 4.9 out of 5',
      subheading: 'From hundreds of verified reviews',
      items: [
        'Priya K. | Wonderful from start to finish. | 5',
        'Tom B. | Great value and lovely people. | 5',
        'Lena S. | Would recommend to anyone. | 4',
      ],
    },
    css: `.reviews{list-style:none;margin:0;padding:0;display:grid;gap:1rem}
.stars{color:var(--primary);letter-spacing:.15em;font-size:1.1rem;margin:0}
@media (min-width:48em){.reviews{grid-template-columns:repeat(3,1fr)}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(s, 'reviews', (it) => {
        const n = Math.max(0, Math.min(5, Math.round(Number(it.meta) || 5)));
        return `<p class="stars" role="img" aria-label="${n} out of 5 stars">${'★'.repeat(n)}${'☆'.repeat(5 - n)}</p>${text(it)}${itemHeading(ctx, it.title)}`;
      }),
  },
  {
    id: 'pricing-tiers',
    kind: 'pricing',
    name: 'Pricing tier cards',
    slot: 'main',
    defaults: {
      anchor: 'pricing',
      heading: 'Simple pricing',
      items: [
        'Starter | The essentials; Email support | $19/mo',
        'Pro | Everything in Starter; Priority support; Advanced features | $49/mo',
        'Team | Everything in Pro; Unlimited seats; Onboarding | $99/mo',
      ],
      cta: 'Get started',
    },
    css: `.tiers{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem}
.tiers .card{display:flex;flex-direction:column;gap:.5rem}
.tiers .featured{border:2px solid var(--primary)}
.tier-badge{align-self:flex-start;margin:0;padding:.2rem .6rem;border-radius:999px;font-size:.75rem;font-weight:700;background:var(--primary);color:var(--on-primary)}
.price{font-family:var(--font-heading);font-size:2rem;font-weight:700;margin:0}
.tier-features{padding-left:1.1rem;margin:0 0 1rem}
.tiers .btn{margin-top:auto;text-align:center}
@media (min-width:48em){.tiers{grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}}`,
    render: (s, ctx) => {
      const featured = s.items.length >= 3 ? 1 : -1;
      const tiers = list(s.items, (it, i) => {
        const features = list(
          (it.text ?? '')
            .split(';')
            .map((f) => f.trim())
            .filter(Boolean),
          (f) => `<li>${esc(f)}</li>`,
        );
        const cta = s.cta
          ? `<a class="btn btn--${i === featured ? 'primary' : 'ghost'}" href="${esc(s.cta.href)}">${esc(s.cta.label)}<span class="visually-hidden"> with ${esc(it.title)}</span></a>`
          : '';
        return `<li class="card${i === featured ? ' featured' : ''}">${i === featured ? '<p class="tier-badge">Most popular</p>' : ''}${itemHeading(ctx, it.title)}${it.meta ? `<p class="price">${esc(it.meta)}</p>` : ''}<ul class="tier-features">${features}</ul>${cta}</li>`;
      });
      return sectionHead(s, ctx) + `<ul class="tiers" role="list">${tiers}</ul>`;
    },
  },
  {
    id: 'price-table',
    kind: 'pricing',
    name: 'Price table',
    slot: 'main',
    defaults: {
      anchor: 'prices',
      heading: 'Prices',
      items: [
        'Standard | Our most requested option | from 40',
        'Premium | With extra care and time | from 70',
      ],
    },
    css: `.price-table td:last-child{font-weight:700;white-space:nowrap}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      dataTable(
        ['Service', 'Details', 'Price'],
        s.items.map((it) => [it.title, it.text ?? '', it.meta ?? '']),
        0,
        'table price-table',
      ),
  },
  {
    id: 'price-list',
    kind: 'pricing',
    name: 'Price list with dotted leaders',
    slot: 'main',
    defaults: {
      anchor: 'rates',
      heading: 'Rates',
      items: ['Half day | Up to four hours | 250', 'Full day | Up to eight hours | 450'],
    },
    css: `.price-list{list-style:none;margin:0;padding:0;display:grid;gap:1rem;max-width:44rem}
.price-row{display:flex;align-items:baseline;gap:.5rem}
.price-row h3,.price-row h4{margin:0;font-size:1.05rem}
.price-row .leader{flex:1;border-bottom:2px dotted var(--border)}
.price-row .meta{margin:0;font-weight:700}
.price-list p{margin:.2rem 0 0}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="price-list" role="list">${list(s.items, (it) => `<li><div class="price-row">${itemHeading(ctx, it.title)}<span class="leader" aria-hidden="true"></span>${meta(it)}</div>${text(it, 'muted')}</li>`)}</ul>`,
  },
);
