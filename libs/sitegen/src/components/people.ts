import { cards, esc, itemHeading, list, meta, picture, sectionHead, text } from './render-kit';
import { defineComponents } from './types';

export const PEOPLE_COMPONENTS = defineComponents(
  {
    id: 'team-grid',
    kind: 'team',
    name: 'Team grid with portraits',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'team',
      heading: 'Meet the team',
      items: [
        'Alex Morgan | Founder | Founder',
        'Jamie Lee | Keeps everything running smoothly. | Operations',
        'Riley Chen | Makes every customer feel at home. | Customer care',
      ],
    },
    css: `.team{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1.5rem;text-align:center}
.team img{width:8rem;height:8rem;border-radius:50%;margin:0 auto .75rem}
.team h3,.team h4{margin:0}
.team .meta{margin:.1rem 0 .5rem;color:var(--primary);font-weight:600}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="team" role="list">${list(s.items, (it) => `<li>${picture(ctx, it.image)}${itemHeading(ctx, it.title)}${meta(it)}${text(it, 'muted')}</li>`)}</ul>`,
  },
  {
    id: 'team-bios',
    kind: 'team',
    name: 'Team with long biographies',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'people',
      heading: 'Our people',
      items: [
        'Morgan Ellis | Twenty years of experience and a reputation for straight answers. | Principal',
        'Sasha Patel | Brings rigour, patience and a calm head to every case. | Partner',
      ],
    },
    css: `.bios{list-style:none;margin:0;padding:0;display:grid;gap:1.5rem}
.bio{display:grid;gap:1rem;align-items:start}
.bio img{width:7rem;height:7rem;border-radius:var(--radius)}
.bio h3,.bio h4{margin:0}
.bio .meta{margin:.1rem 0 .5rem;color:var(--muted);font-weight:600}
@media (min-width:40em){.bio{grid-template-columns:7rem 1fr}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="bios" role="list">${list(s.items, (it) => `<li class="bio">${picture(ctx, it.image)}<div>${itemHeading(ctx, it.title)}${meta(it)}${text(it)}</div></li>`)}</ul>`,
  },
  {
    id: 'speakers-grid',
    kind: 'team',
    name: 'Speaker cards with talk titles',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'speakers',
      heading: 'Speakers',
      items: [
        'Dana Okafor | Keynote: what comes next | Head of Research, Northwind',
        'Luis Romero | Shipping faster without breaking things | Staff Engineer, Contoso',
      ],
    },
    css: `.speakers{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1.25rem}
.speakers .card{display:flex;flex-direction:column;gap:.35rem}
.speakers img{width:100%;aspect-ratio:1;object-fit:cover;border-radius:var(--radius)}
.speakers h3,.speakers h4{margin:.5rem 0 0}
.speakers .meta{margin:0;color:var(--muted);font-size:.9rem}
.speakers .talk{margin:0;font-weight:600;color:var(--primary)}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(
        s,
        'speakers',
        (it) => `${picture(ctx, it.image)}${itemHeading(ctx, it.title)}${meta(it)}${text(it, 'talk')}`,
      ),
  },
  {
    id: 'experience-list',
    kind: 'experience',
    name: 'Work experience list',
    slot: 'main',
    defaults: {
      anchor: 'experience',
      heading: 'Experience',
      items: [
        'Senior role | Led a small team and shipped the work that mattered most. | 2021 – now',
        'Earlier role | Learned the craft by doing it every day. | 2017 – 2021',
      ],
    },
    css: `.experience{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem;border-left:3px solid var(--primary);padding-left:1.25rem}
.experience h3,.experience h4{margin:0}
.experience .meta{margin:.1rem 0 .35rem;color:var(--muted);font-size:.9rem}
.experience p{margin:0}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="experience" role="list">${list(s.items, (it) => `<li>${itemHeading(ctx, it.title)}${meta(it)}${text(it)}</li>`)}</ul>`,
  },
  {
    id: 'skills-meter',
    kind: 'skills',
    name: 'Skills with level meters',
    slot: 'main',
    defaults: {
      anchor: 'skills',
      heading: 'Skills',
      items: ['Communication | | 90', 'Planning | | 80', 'Problem solving | | 85'],
    },
    css: `.skills{list-style:none;margin:0;padding:0;display:grid;gap:1rem;max-width:40rem}
.skills label{display:flex;justify-content:space-between;font-weight:600}
.skills meter{width:100%;height:.75rem}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="skills" role="list">${list(s.items, (it, i) => {
        const level = Math.max(0, Math.min(100, Math.round(Number.parseFloat(it.meta ?? '') || 75)));
        const id = `${s.anchor}__skill-${i + 1}`;
        return `<li><label for="${id}">${esc(it.title)} <span class="muted">${level}%</span></label><meter id="${id}" min="0" max="100" value="${level}">${level}%</meter>${text(it, 'muted')}</li>`;
      })}</ul>`,
  },
);
