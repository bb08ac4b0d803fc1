import { cards, esc, itemHeading, list, meta, picture, sectionHead, text } from './render-kit';
import type { SiteItem } from '../plan/site-plan';
import { defineComponents, type RenderContext } from './types';

const figure = (ctx: RenderContext, it: SiteItem) =>
  `<figure>${picture(ctx, it.image)}<figcaption>${esc(it.title)}${it.meta ? ` <span class="muted">· ${esc(it.meta)}</span>` : ''}</figcaption></figure>`;

const GALLERY_CSS = `.gallery{list-style:none;margin:0;padding:0}
.gallery figure{margin:0}
.gallery figcaption{padding:.5rem 0;font-size:.95rem}
.gallery img{border-radius:var(--radius);width:100%}`;

export const MEDIA_COMPONENTS = defineComponents(
  {
    id: 'gallery-grid',
    kind: 'gallery',
    name: 'Image gallery grid',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'gallery',
      heading: 'Gallery',
      items: ['Morning light', 'Details', 'Behind the scenes', 'The space'],
    },
    css: `${GALLERY_CSS}
.gallery-grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr))}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="gallery gallery-grid" role="list">${list(s.items, (it) => `<li>${figure(ctx, it)}</li>`)}</ul>`,
  },
  {
    id: 'gallery-masonry',
    kind: 'gallery',
    name: 'Masonry gallery',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'work',
      heading: 'Selected work',
      items: ['Series one', 'Series two', 'Series three', 'Series four', 'Series five', 'Series six'],
    },
    css: `${GALLERY_CSS}
.gallery-masonry{columns:1;column-gap:1rem}
.gallery-masonry li{break-inside:avoid;margin-bottom:1rem}
.gallery-masonry li:nth-child(3n+1) img{aspect-ratio:3/4;object-fit:cover}
@media (min-width:40em){.gallery-masonry{columns:2}}
@media (min-width:64em){.gallery-masonry{columns:3}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="gallery gallery-masonry" role="list">${list(s.items, (it) => `<li>${figure(ctx, it)}</li>`)}</ul>`,
  },
  {
    id: 'portfolio-projects',
    kind: 'portfolio',
    name: 'Case-study project cards',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'projects',
      heading: 'Recent projects',
      items: [
        'Project one | A short story of the brief, the work and the result. | 2024',
        'Project two | How a small idea became a lasting piece of work. | 2023',
      ],
    },
    css: `.projects{list-style:none;margin:0;padding:0;display:grid;gap:1.5rem}
.projects .card{padding:0;overflow:hidden}
.projects .card-body{padding:1.25rem}
.projects .meta{color:var(--muted);font-size:.85rem;text-transform:uppercase;letter-spacing:.08em;margin:0}
@media (min-width:48em){.projects{grid-template-columns:repeat(2,1fr)}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(
        s,
        'projects',
        (it) =>
          `${picture(ctx, it.image)}<div class="card-body">${meta(it)}${itemHeading(ctx, it.title)}${text(it)}</div>`,
      ),
  },
  {
    id: 'releases-grid',
    kind: 'releases',
    name: 'Album and release covers',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'music',
      heading: 'Releases',
      items: [
        'Debut album | Ten songs recorded live in one room. | 2023',
        'First EP | Where it all began. | 2021',
      ],
    },
    css: `.releases{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1.25rem}
.releases img{aspect-ratio:1;object-fit:cover;border-radius:var(--radius);width:100%}
.releases h3,.releases h4{margin:.75rem 0 .1rem;font-size:1.05rem}
.releases .meta{margin:0;color:var(--muted)}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="releases" role="list">${list(s.items, (it) => `<li>${picture(ctx, it.image)}${itemHeading(ctx, it.title)}${meta(it)}${text(it)}</li>`)}</ul>`,
  },
  {
    id: 'blog-posts',
    kind: 'blog',
    name: 'Latest articles',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'journal',
      heading: 'From the journal',
      items: [
        'A note on how we work | The principles behind everything we make. | 5 min read',
        'Ten things we learned this year | Small lessons that made a big difference. | 7 min read',
        'Meet the team | The people behind {name}. | 3 min read',
      ],
    },
    css: `.posts{list-style:none;margin:0;padding:0;display:grid;gap:1.5rem}
.posts article{display:flex;flex-direction:column;gap:.5rem}
.posts img{border-radius:var(--radius);width:100%}
.posts h3,.posts h4{margin:.25rem 0}
.posts .meta{margin:0;color:var(--muted);font-size:.85rem}
@media (min-width:48em){.posts{grid-template-columns:repeat(3,1fr)}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="posts" role="list">${list(s.items, (it) => `<li><article>${picture(ctx, it.image)}${meta(it)}${itemHeading(ctx, it.title)}${text(it)}</article></li>`)}</ul>`,
  },
  {
    id: 'episodes-list',
    kind: 'episodes',
    name: 'Podcast episode list',
    slot: 'main',
    defaults: {
      anchor: 'episodes',
      heading: 'Latest episodes',
      items: [
        'The beginning | Why we started this show and who it is for. | 32 min',
        'Lessons learned | Guests share what they wish they had known. | 45 min',
      ],
    },
    css: `.episodes{margin:0;padding:0;list-style:none;display:grid;gap:1rem;counter-reset:ep}
.episodes li{counter-increment:ep;display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;padding:1rem;border-radius:var(--radius);border:1px solid var(--border);background:var(--bg);color:var(--text)}
.episodes li::before{content:"#" counter(ep);grid-row:span 3;font-family:var(--font-heading);font-size:1.5rem;font-weight:700;color:var(--primary);background:var(--bg)}
.episodes h3,.episodes h4{margin:0}
.episodes p{margin:0}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ol class="episodes">${list(s.items, (it) => `<li>${itemHeading(ctx, it.title)}${meta(it)}${text(it)}</li>`)}</ol>`,
  },
);
