import { escapeLines } from '../text/text';
import {
  cards,
  dataTable,
  esc,
  itemHeading,
  itemIcon,
  list,
  meta,
  picture,
  sectionHead,
  text,
} from './render-kit';
import { defineComponents } from './types';

export const FEATURE_COMPONENTS = defineComponents(
  {
    id: 'features-grid',
    kind: 'features',
    name: 'Feature cards with icons',
    slot: 'main',
    defaults: {
      anchor: 'features',
      heading: 'Why {name}',
      items: [
        'Made with care | Every detail considered, from first idea to final touch. | | heart',
        'Local[ to {city}] | Rooted in the community we serve. | | pin',
        'Fair and clear | Honest prices with nothing hidden. | | shield',
      ],
    },
    css: `.feature-grid{list-style:none;padding:0;margin:0;display:grid;gap:1.25rem}
.feature-grid .icon{width:2.25rem;height:2.25rem;color:var(--primary)}
@media (min-width:40em){.feature-grid{grid-template-columns:repeat(2,1fr)}}
@media (min-width:64em){.feature-grid{grid-template-columns:repeat(3,1fr)}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(s, 'feature-grid', (it) => itemIcon(it) + itemHeading(ctx, it.title) + text(it)),
  },
  {
    id: 'feature-rows',
    kind: 'features',
    name: 'Alternating image and text rows',
    slot: 'main',
    media: { items: true },
    defaults: {
      anchor: 'highlights',
      heading: 'What makes {name} different',
      items: [
        'Thoughtful from the start | We listen first, then shape {offer} around what you need.',
        'Crafted to last | Quality you notice on day one and still appreciate years later.',
      ],
    },
    css: `.feature-rows{list-style:none;margin:0;padding:0;display:grid;gap:2.5rem}
.feature-row{display:grid;gap:1.25rem;align-items:center}
@media (min-width:48em){.feature-row{grid-template-columns:1fr 1fr;gap:2.5rem}.feature-row:nth-child(even) .media{order:2}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="feature-rows" role="list">${list(s.items, (it) => `<li class="feature-row">${picture(ctx, it.image)}<div>${itemHeading(ctx, it.title)}${text(it)}${meta(it)}</div></li>`)}</ul>`,
  },
  {
    id: 'features-icons',
    kind: 'features',
    name: 'Compact icon list',
    slot: 'main',
    defaults: {
      anchor: 'amenities',
      heading: 'Good to know',
      items: [
        'Free Wi-Fi | | | globe',
        'Open early | | | clock',
        'Friendly team | | | smile',
        'Gift cards | | | gift',
      ],
    },
    css: `.icon-list{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(2,1fr);gap:1rem}
.icon-list li{display:flex;gap:.75rem;align-items:flex-start}
.icon-list .icon{flex:none;color:var(--primary)}
.icon-list h3,.icon-list h4{font-size:1rem;margin:0}
.icon-list p{margin:.25rem 0 0}
@media (min-width:48em){.icon-list{grid-template-columns:repeat(4,1fr)}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ul class="icon-list" role="list">${list(s.items, (it) => `<li>${itemIcon(it)}<div>${itemHeading(ctx, it.title)}${text(it, 'muted')}</div></li>`)}</ul>`,
  },
  {
    id: 'services-cards',
    kind: 'services',
    name: 'Service cards with prices or durations',
    slot: 'main',
    defaults: {
      anchor: 'services',
      heading: 'Services',
      items: [
        'Consultation | A first conversation to understand what you need. | Free',
        'Full service | We take care of everything from start to finish. | On request',
      ],
    },
    css: `.service-cards{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem}
.service-cards .card{display:flex;flex-direction:column;border-top:4px solid var(--primary)}
.service-cards .meta{margin-top:auto;font-weight:700;color:var(--primary)}
@media (min-width:48em){.service-cards{grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(s, 'service-cards', (it) => itemIcon(it) + itemHeading(ctx, it.title) + text(it) + meta(it)),
  },
  {
    id: 'benefits-checklist',
    kind: 'features',
    name: 'Benefits checklist beside an intro',
    slot: 'main',
    defaults: {
      anchor: 'benefits',
      heading: 'Everything you need',
      body: '{Offer}, done properly.',
      items: ['Friendly, expert help', 'Clear pricing', 'Flexible scheduling', 'Trusted by neighbours'],
    },
    css: `.benefits{display:grid;gap:1.5rem}
@media (min-width:48em){.benefits{grid-template-columns:1fr 1fr;align-items:center}}`,
    render: (s, ctx) =>
      `<div class="benefits">${sectionHead(s, ctx)}<ul class="checklist" role="list">${list(s.items, (it) => `<li><span>${esc(it.title)}${it.text ? ` — ${esc(it.text)}` : ''}</span></li>`)}</ul></div>`,
  },
  {
    id: 'steps-process',
    kind: 'steps',
    name: 'Numbered "how it works" steps',
    slot: 'main',
    defaults: {
      anchor: 'how-it-works',
      heading: 'How it works',
      items: [
        'Get in touch | Tell us what you have in mind.',
        'We plan it together | A clear proposal with no surprises.',
        'Enjoy the result | We deliver, and stay around for questions.',
      ],
    },
    css: `.steps{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem;counter-reset:step}
.steps li{counter-increment:step;position:relative;padding:1.25rem 1.25rem 1.25rem 4rem;border-radius:var(--radius);background:var(--bg);color:var(--text);border:1px solid var(--border)}
.steps li::before{content:counter(step);position:absolute;left:1.25rem;top:1.25rem;width:2rem;height:2rem;display:grid;place-items:center;border-radius:50%;background:var(--primary);color:var(--on-primary);font-weight:700}
.steps h3,.steps h4{margin:0 0 .25rem}
@media (min-width:48em){.steps{grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      `<ol class="steps">${list(s.items, (it) => `<li>${itemHeading(ctx, it.title)}${text(it)}</li>`)}</ol>`,
  },
  {
    id: 'integrations-grid',
    kind: 'integrations',
    name: 'Integrations grid',
    slot: 'main',
    defaults: {
      anchor: 'integrations',
      heading: 'Works with your tools',
      items: [
        'Slack | Notifications where your team talks. | | mail',
        'GitHub | Link work to code. | | code',
        'Google Drive | Attach files in a click. | | cloud',
        'Zapier | Connect thousands of apps. | | bolt',
      ],
    },
    css: `.integrations{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem}
.integrations .card{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;align-items:center}
.integrations .icon{grid-row:span 2;color:var(--primary)}
.integrations h3,.integrations h4{margin:0;font-size:1rem}
.integrations p{margin:0;font-size:.9rem}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      cards(s, 'integrations', (it) => itemIcon(it) + itemHeading(ctx, it.title) + text(it, 'muted')),
  },
  {
    id: 'comparison-table',
    kind: 'comparison',
    name: 'Comparison table',
    slot: 'main',
    defaults: {
      anchor: 'compare',
      heading: 'How {name} compares',
      items: [
        'Set-up time | Minutes | Weeks',
        'Support | Real people | Tickets',
        'Pricing | Simple and fair | Complicated',
      ],
    },
    css: '',
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      dataTable(
        ['Feature', ctx.plan.business.name, 'Typical alternative'],
        s.items.map((it) => [it.title, it.text ?? '', it.meta ?? '']),
      ),
  },
  {
    id: 'code-sample',
    kind: 'code',
    name: 'Code sample for developers',
    slot: 'main',
    defaults: {
      anchor: 'developers',
      heading: 'Built for developers',
      subheading: 'A clean API and SDKs for the languages you use.',
      body: 'const client = new Client({ apiKey: process.env.API_KEY });\nawait client.projects.create({ name: "Launch" });',
      items: ['REST and webhooks', 'Typed SDKs', 'Sandbox environment'],
    },
    css: `.code-sample{display:grid;gap:1.5rem;align-items:center}
.code-sample pre{margin:0;padding:1.25rem;overflow-x:auto;border-radius:var(--radius);background:var(--text);color:var(--bg);font-size:.9rem}
@media (min-width:48em){.code-sample{grid-template-columns:1fr 1.2fr}}`,
    render: (s, ctx) =>
      `<div class="code-sample"><div>${sectionHead({ ...s, body: undefined }, ctx)}<ul class="checklist" role="list">${list(s.items, (it) => `<li><span>${esc(it.title)}</span></li>`)}</ul></div>` +
      `<pre><code>${escapeLines(s.body ?? '')}</code></pre></div>`,
  },
  {
    id: 'statement-band',
    kind: 'statement',
    name: 'Large mission statement',
    slot: 'main',
    defaults: { anchor: 'mission', heading: 'Our mission', body: '{tagline}' },
    css: `.statement{max-width:52rem}
.statement p{font-family:var(--font-heading);font-size:clamp(1.35rem,3.5vw,2rem);line-height:1.35}`,
    render: (s, ctx) => sectionHead(s, ctx, 'section-head statement'),
  },
);
