import type { SiteSection } from '../plan/site-plan';
import { esc, field, itemIcon, list, picture, sectionHead, staticForm } from './render-kit';
import { defineComponents } from './types';

const contactFields = (s: SiteSection) =>
  field(s, { name: 'name', label: 'Your name', autocomplete: 'name', required: true }) +
  field(s, { name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true }) +
  field(s, { name: 'message', label: 'Message', multiline: true, required: true });

const DETAILS_CSS = `.details{list-style:none;margin:0;padding:0;display:grid;gap:.9rem}
.details li{display:flex;gap:.75rem;align-items:flex-start}
.details .icon{flex:none;color:var(--primary)}
.details strong{display:block}`;

const details = (s: SiteSection) =>
  `<ul class="details" role="list">${list(s.items, (it) => `<li>${itemIcon(it)}<span><strong>${esc(it.title)}</strong>${esc(it.text ?? '')}</span></li>`)}</ul>`;

const SPLIT_CSS = `.split{display:grid;gap:2rem}
@media (min-width:48em){.split{grid-template-columns:1fr 1.2fr;align-items:start}}`;

/** Choices for a select: the section's items, or a sensible default list. */
const choices = (s: SiteSection, fallback: readonly string[]) =>
  s.items.length ? s.items.map((it) => it.title) : fallback;

export const FORM_COMPONENTS = defineComponents(
  {
    id: 'contact-form',
    kind: 'contact',
    name: 'Contact form',
    slot: 'main',
    defaults: {
      anchor: 'contact',
      heading: 'Get in touch',
      subheading: 'Tell us a little about what you need and we will reply within a day.',
    },
    css: `.c-contact-form .section-head,.c-contact-form .form{max-width:40rem;margin-inline:auto}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      staticForm(s, contactFields(s), 'Send message', 'Thank you! We will be in touch soon.'),
  },
  {
    id: 'contact-split',
    kind: 'contact',
    name: 'Contact details beside a form',
    slot: 'main',
    defaults: {
      anchor: 'contact',
      heading: 'Contact us',
      subheading: 'Visit, call or write: we are happy to help.',
      items: [
        'Address | [{city}] | | pin',
        'Email | {email} | | mail',
        'Hours | Monday to Saturday | | clock',
      ],
    },
    css: `${DETAILS_CSS}\n${SPLIT_CSS}`,
    render: (s, ctx) =>
      `<div class="split"><div>${sectionHead(s, ctx)}${details(s)}</div>${staticForm(s, contactFields(s), 'Send message', 'Thank you! We will be in touch soon.')}</div>`,
  },
  {
    id: 'booking-form',
    kind: 'booking',
    name: 'Booking form with date, time and choice',
    slot: 'main',
    defaults: {
      anchor: 'book',
      heading: 'Book a visit',
      subheading: 'Pick a time that suits you; we will confirm by email.',
      items: ['Consultation', 'Standard appointment'],
    },
    css: `.booking{display:grid;gap:1rem}
@media (min-width:48em){.booking{grid-template-columns:repeat(2,1fr)}.booking .form-actions,.booking .form-status{grid-column:1/-1}}`,
    render: (s, ctx) => {
      const inner =
        field(s, {
          name: 'choice',
          label: 'What would you like?',
          options: choices(s, ['Table', 'Appointment']),
        }) +
        field(s, { name: 'date', label: 'Date', type: 'date', required: true }) +
        field(s, { name: 'time', label: 'Time', options: ['Morning', 'Midday', 'Afternoon', 'Evening'] }) +
        field(s, { name: 'guests', label: 'Number of people', options: ['1', '2', '3', '4', '5', '6+'] }) +
        field(s, { name: 'name', label: 'Your name', autocomplete: 'name', required: true }) +
        field(s, { name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true });
      return (
        sectionHead(s, ctx) +
        staticForm(
          s,
          inner,
          s.cta?.label ?? 'Request booking',
          'Thanks! We will confirm your booking by email.',
          'form booking',
        )
      );
    },
  },
  {
    id: 'map-location',
    kind: 'map',
    name: 'Location map with directions',
    slot: 'main',
    media: { section: true },
    defaults: {
      anchor: 'find-us',
      heading: 'Find us',
      body: 'Easy to reach on foot or by public transport[, right in {city}].',
      items: [
        'Address | [{city}] | | pin',
        'Getting here | A short walk from the nearest stop | | map',
        'Parking | Street parking nearby | | home',
      ],
    },
    css: `${DETAILS_CSS}\n${SPLIT_CSS}
.c-map-location .media{border-radius:var(--radius);border:1px solid var(--border)}`,
    render: (s, ctx) =>
      `<div class="split"><div>${sectionHead(s, ctx)}${details(s)}</div>${picture(ctx, s.image)}</div>`,
  },
  {
    id: 'newsletter-signup',
    kind: 'newsletter',
    name: 'Newsletter sign-up',
    slot: 'main',
    defaults: {
      anchor: 'newsletter',
      heading: 'Stay in the loop',
      subheading: 'News from {name}, once a month. No spam, unsubscribe any time.',
    },
    css: `.c-newsletter-signup{text-align:center}
.c-newsletter-signup .form{max-width:32rem;margin-inline:auto;display:grid;gap:.75rem;text-align:left}
@media (min-width:40em){.c-newsletter-signup .form{grid-template-columns:1fr auto;align-items:end}.c-newsletter-signup .form-status{grid-column:1/-1}}`,
    render: (s, ctx) =>
      sectionHead(s, ctx) +
      staticForm(
        s,
        field(s, {
          name: 'email',
          label: 'Email address',
          type: 'email',
          autocomplete: 'email',
          required: true,
        }),
        s.cta?.label ?? 'Subscribe',
        'You are on the list. Thank you!',
      ),
  },
  {
    id: 'rsvp-form',
    kind: 'rsvp',
    name: 'RSVP form',
    slot: 'main',
    defaults: { anchor: 'rsvp', heading: 'RSVP', subheading: 'Kindly reply by the date on your invitation.' },
    css: `.c-rsvp-form .form{max-width:36rem}
.choice-group{border:1px solid var(--border);border-radius:var(--radius);padding:1rem;margin:0 0 1rem}
.choice-group legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;gap:.5rem;align-items:center;font-weight:400}
.choice input{width:auto}`,
    render: (s, ctx) => {
      const id = (v: string) => `${s.anchor}__attending-${v}`;
      const radios = ['yes', 'no']
        .map(
          (v) =>
            `<div class="choice"><input id="${id(v)}" type="radio" name="attending" value="${v}"${v === 'yes' ? ' checked' : ''}><label for="${id(v)}">${v === 'yes' ? 'Joyfully accepts' : 'Regretfully declines'}</label></div>`,
        )
        .join('');
      const inner =
        field(s, { name: 'name', label: 'Full name(s)', autocomplete: 'name', required: true }) +
        field(s, { name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true }) +
        `<fieldset class="choice-group"><legend>Will you attend?</legend>${radios}</fieldset>` +
        field(s, { name: 'guests', label: 'Number of guests', options: ['1', '2', '3', '4'] }) +
        field(s, { name: 'notes', label: 'Dietary requirements or a note for us', multiline: true });
      return sectionHead(s, ctx) + staticForm(s, inner, 'Send RSVP', 'Thank you, your reply has been noted.');
    },
  },
  {
    id: 'donate-form',
    kind: 'donate',
    name: 'Donation form with suggested amounts',
    slot: 'main',
    tone: 'primary',
    defaults: {
      anchor: 'donate',
      heading: 'Make a donation',
      subheading: 'Every gift goes straight to the work.',
      items: ['€10', '€25', '€50', '€100'],
    },
    css: `.donate{display:grid;gap:1.5rem}
.donate .form{padding:1.5rem;border-radius:var(--radius);background:var(--bg);color:var(--text)}
.amounts{display:flex;flex-wrap:wrap;gap:.5rem;border:0;padding:0;margin:0 0 1rem}
.amounts legend{font-weight:600;margin-bottom:.5rem}
.amount{display:flex;align-items:center;gap:.35rem;padding:.4rem .8rem;border:1px solid var(--muted);border-radius:999px;font-weight:600}
.amount input{width:auto}
@media (min-width:48em){.donate{grid-template-columns:1fr 1.2fr;align-items:center}}`,
    render: (s, ctx) => {
      const amounts = choices(s, ['10', '25', '50']);
      const radios = list(amounts, (a, i) => {
        const id = `${s.anchor}__amount-${i + 1}`;
        return `<div class="amount"><input id="${id}" type="radio" name="amount" value="${esc(a)}"${i === 1 || amounts.length === 1 ? ' checked' : ''}><label for="${id}">${esc(a)}</label></div>`;
      });
      const inner =
        `<fieldset class="amounts"><legend>Choose an amount</legend>${radios}</fieldset>` +
        field(s, {
          name: 'email',
          label: 'Email for your receipt',
          type: 'email',
          autocomplete: 'email',
          required: true,
        });
      return `<div class="donate">${sectionHead(s, ctx)}${staticForm(s, inner, s.cta?.label ?? 'Donate now', 'Thank you for your generosity!')}</div>`;
    },
  },
);
