import { cards, esc, itemHeading, list, meta, picture, sectionHead, text } from './render-kit';
import { defineComponents } from './types';

export const FOOD_COMPONENTS = defineComponents(
  {
    id: 'menu-columns',
    kind: 'menu',
    name: 'Two-column menu with prices',
    slot: 'main',
    defaults: {
      anchor: 'menu',
      heading: 'Menu',
      items: [
        'House special | Our signature, made fresh every day | 9',
        'Seasonal plate | Whatever is best at the market this week | 12',
      ],
    },
    css: `.menu{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem 3rem}
.menu-item{display:grid;grid-template-columns:1fr auto;gap:.15rem 1rem;padding-bottom:1rem;border-bottom:1px dashed var(--border)}
.menu-item h3,.menu-item h4{margin:0;font-size:1.1rem}
.menu-item .meta{margin:0;font-weight:700;color:var(--primary)}
.menu-item p:not(.meta){grid-column:1/-1;margin:0;color:var(--muted)}
@media (min-width:48em){.menu{grid-template-columns:1fr 1fr}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="menu" role="list">${list(s.items, (it) => `<li class="menu-item">${itemHeading(ctx, it.title)}${meta(it)}${text(it)}</li>`)}</ul>`,
  },
  {
    id: 'menu-cards',
    kind: 'menu',
    name: 'Featured dishes with pictures',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'favourites',
      heading: 'Favourites',
      items: [
        'Chef’s choice | A plate that changes with the seasons | 14',
        'House classic | The dish regulars order every time | 12',
        'Something sweet | To finish on a high note | 7',
      ],
    },
    css: `.dish-cards{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem}
.dish-cards .card{padding:0;overflow:hidden}
.dish-cards .card-body{padding:1rem 1.25rem}
.dish-cards .meta{font-weight:700;color:var(--primary);margin:0}
@media (min-width:40em){.dish-cards{grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(
        s,
        'dish-cards',
        (it) =>
          `${picture(ctx, it.image)}<div class="card-body">${itemHeading(ctx, it.title)}${text(it)}${meta(it)}</div>`,
      ),
  },
  {
    id: 'opening-hours',
    kind: 'hours',
    name: 'Opening hours table',
    slot: 'main',
    defaults: {
      anchor: 'hours',
      heading: 'Opening hours',
      items: ['Monday – Friday | 8:00 – 18:00', 'Saturday | 9:00 – 17:00', 'Sunday | Closed'],
    },
    css: `.hours{max-width:32rem}
.hours th{text-align:left;font-weight:600}
.hours td{text-align:right}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<table class="table hours"><tbody>${list(s.items, (it) => `<tr><th scope="row">${esc(it.title)}</th><td>${esc(it.text ?? '')}</td></tr>`)}</tbody></table>`,
  },
);
