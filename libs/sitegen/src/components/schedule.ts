import { button, dataTable, esc, itemHeading, list, meta, paragraphs, sectionHead, text } from './render-kit';
import { defineComponents } from './types';

export const SCHEDULE_COMPONENTS = defineComponents(
  {
    id: 'faq-accordion',
    kind: 'faq',
    name: 'FAQ accordion',
    slot: 'main',
    defaults: {
      anchor: 'faq',
      heading: 'Frequently asked questions',
      items: [
        'How do I get started? | Just get in touch and we will take it from there.',
        'What does it cost? | Prices are listed on this page; anything custom is quoted up front.',
        'Can I change my plans? | Of course. Let us know and we will adjust.',
      ],
    },
    css: `.faq{display:grid;gap:.75rem;max-width:48rem}
.faq details{border:1px solid var(--border);border-radius:var(--radius);padding:1rem 1.25rem;background:var(--bg);color:var(--text)}
.faq summary{cursor:pointer;font-weight:600}
.faq details p{margin:.75rem 0 0}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<div class="faq">${list(s.items, (it) => `<details><summary>${esc(it.title)}</summary>${paragraphs(it.text ?? '')}</details>`)}</div>`,
  },
  {
    id: 'faq-list',
    kind: 'faq',
    name: 'FAQ as a two-column list',
    slot: 'main',
    defaults: {
      anchor: 'questions',
      heading: 'Questions',
      items: ['Who is this for? | Anyone who wants {offer} done well.', 'Where are you? | [{city}]'],
    },
    css: `.faq-list{display:grid;gap:1.5rem 3rem;margin:0}
.faq-list dt{font-weight:700;font-family:var(--font-heading)}
.faq-list dd{margin:.35rem 0 0}
@media (min-width:48em){.faq-list{grid-template-columns:1fr 1fr}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<dl class="faq-list">${list(s.items, (it) => `<div><dt>${esc(it.title)}</dt><dd>${esc(it.text ?? '')}</dd></div>`)}</dl>`,
  },
  {
    id: 'timeline-vertical',
    kind: 'timeline',
    name: 'Vertical timeline',
    slot: 'main',
    defaults: {
      anchor: 'story',
      heading: 'Our story',
      items: [
        'The idea | It started with a simple question. | Year one',
        'Opening day | We opened the doors[ in {city}]. | Year two',
        'Today | Still growing, still learning. | Now',
      ],
    },
    css: `.timeline{list-style:none;margin:0;padding:0;position:relative;display:grid;gap:1.5rem}
.timeline::before{content:"";position:absolute;left:.5rem;top:0;bottom:0;width:2px;background:var(--border)}
.timeline li{position:relative;padding-left:2.25rem}
.timeline li::before{content:"";position:absolute;left:.1rem;top:.35rem;width:.9rem;height:.9rem;border-radius:50%;background:var(--primary)}
.timeline .meta{margin:0;font-weight:700;color:var(--primary)}
.timeline h3,.timeline h4{margin:.1rem 0}
.timeline p{margin:0}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ol class="timeline">${list(s.items, (it) => `<li>${meta(it)}${itemHeading(ctx, it.title)}${text(it)}</li>`)}</ol>`,
  },
  {
    id: 'schedule-agenda',
    kind: 'schedule',
    name: 'Event agenda table',
    slot: 'main',
    defaults: {
      anchor: 'schedule',
      heading: 'Schedule',
      items: [
        'Welcome and opening | The hosts set the scene | 09:00',
        'Main session | The heart of the day | 10:00',
        'Closing drinks | Time to meet everyone | 17:30',
      ],
    },
    css: '',
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      dataTable(
        ['Time', 'Session', 'Details'],
        s.items.map((it) => [it.meta ?? '', it.title, it.text ?? '']),
        1,
      ),
  },
  {
    id: 'class-timetable',
    kind: 'schedule',
    name: 'Weekly class timetable',
    slot: 'main',
    defaults: {
      anchor: 'classes',
      heading: 'Class timetable',
      items: [
        'Morning flow | With Sam | Mon & Wed 07:00',
        'Strength | With Jo | Tue & Thu 18:00',
        'Weekend reset | With Ana | Sat 10:00',
      ],
    },
    css: '.after-table{margin-top:1.5rem}',
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      dataTable(
        ['Class', 'When', 'Coach'],
        s.items.map((it) => [it.title, it.meta ?? '', it.text ?? '']),
      ) +
      (s.cta ? `<p class="after-table">${button(s.cta)}</p>` : ''),
  },
  {
    id: 'tour-dates',
    kind: 'tours',
    name: 'Tour dates with ticket links',
    slot: 'main',
    defaults: {
      anchor: 'tour',
      heading: 'Tour dates',
      items: [
        '[{city}] | The Hall | 12 May',
        'Porto | Casa da Música | 18 May',
        'Madrid | La Riviera | 24 May',
      ],
      cta: 'Tickets',
      ctaTo: 'contact',
    },
    css: `.tour{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
.tour li{display:grid;grid-template-columns:5.5rem 1fr auto;gap:1rem;align-items:center;padding:.9rem 1rem;border-radius:var(--radius);background:var(--bg);color:var(--text);border:1px solid var(--border)}
.tour .meta{margin:0;font-weight:700;color:var(--primary);background:var(--bg)}
.tour h3,.tour h4{margin:0;font-size:1.05rem}
.tour p{margin:0}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="tour" role="list">${list(s.items, (it) => {
        const tickets = s.cta
          ? `<a class="btn btn--small" href="${esc(s.cta.href)}">${esc(s.cta.label)}<span class="visually-hidden"> for ${esc(it.title)}</span></a>`
          : '';
        return `<li>${meta(it)}<div>${itemHeading(ctx, it.title)}${text(it, 'muted')}</div>${tickets}</li>`;
      })}</ul>`,
  },
);
