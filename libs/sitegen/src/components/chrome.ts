import type { SiteSection } from '../plan/site-plan';
import { actions, button, esc, list, paragraphs, picture } from './render-kit';
import { defineComponents, type RenderContext } from './types';

interface NavOptions {
  cls: string;
  cta?: boolean;
  announcement?: boolean;
  tagline?: boolean;
}

function brand(ctx: RenderContext, withTagline: boolean): string {
  const logo = ctx.plan.images.find((i) => i.role === 'logo');
  const tagline =
    withTagline && ctx.plan.business.tagline
      ? `<span class="brand-tagline">${esc(ctx.plan.business.tagline)}</span>`
      : '';
  return `<a class="brand" href="#top">${picture(ctx, logo?.path, 'brand-logo', true)}<span class="brand-text"><span class="brand-name">${esc(ctx.plan.business.name)}</span>${tagline}</span></a>`;
}

function navbar(o: NavOptions) {
  return (s: SiteSection, ctx: RenderContext) => {
    const links = list(ctx.nav, (l) => `<li><a href="${esc(l.href)}">${esc(l.label)}</a></li>`);
    const cta = o.cta ? button(s.cta ?? ctx.primaryCta, 'small') : '';
    const note = o.announcement && s.subheading ? `<p class="announcement">${esc(s.subheading)}</p>` : '';
    return (
      `<header class="site-header ${o.cls}" id="top">${note}<div class="container nav-bar">${brand(ctx, !!o.tagline)}` +
      `<button class="nav-toggle" type="button" aria-expanded="false" aria-controls="site-nav"><span class="nav-toggle-bars" aria-hidden="true"></span>Menu</button>` +
      `<nav id="site-nav" class="site-nav" aria-label="Main"><ul class="nav-list" role="list">${links}</ul>${cta}</nav></div></header>`
    );
  };
}

const NAV_CSS = `.site-header{background:var(--bg);color:var(--text);border-bottom:1px solid var(--border)}
.nav-bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.75rem;padding-block:.75rem}
.brand{display:inline-flex;align-items:center;gap:.6rem;color:var(--text);text-decoration:none;font-family:var(--font-heading);font-weight:700;font-size:1.2rem}
.brand-logo{width:2.5rem;height:2.5rem}
.brand-text{display:flex;flex-direction:column;line-height:1.15}
.nav-toggle{display:none;align-items:center;gap:.5rem;font:inherit;font-weight:600;padding:.5rem .8rem;border:1px solid var(--muted);border-radius:var(--radius);background:var(--bg);color:var(--text);cursor:pointer}
.nav-toggle-bars,.nav-toggle-bars::before,.nav-toggle-bars::after{display:block;width:1.1rem;height:2px;background:currentColor;position:relative}
.nav-toggle-bars::before,.nav-toggle-bars::after{content:"";position:absolute;left:0}
.nav-toggle-bars::before{top:-6px}.nav-toggle-bars::after{top:6px}
.js .nav-toggle{display:inline-flex}
.site-nav{flex-basis:100%;display:flex;flex-direction:column;gap:.5rem}
.js .site-nav:not(.is-open){display:none}
.nav-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.25rem}
.nav-list a{display:block;padding:.5rem 0;color:var(--text);text-decoration:none;font-weight:500}
.nav-list a:hover{color:var(--primary);background:var(--bg)}
@media (min-width:48em){.js .nav-toggle{display:none}.site-nav,.js .site-nav:not(.is-open){display:flex;flex-direction:row;align-items:center;flex-basis:auto;gap:1.5rem}.nav-list{flex-direction:row;gap:1.25rem}}`;

function footerLinks(ctx: RenderContext): string {
  return `<ul class="footer-links" role="list">${list(ctx.nav, (l) => `<li><a href="${esc(l.href)}">${esc(l.label)}</a></li>`)}</ul>`;
}

const smallPrint = (ctx: RenderContext) =>
  `<p class="small-print">© ${esc(ctx.plan.business.name)}. <a href="#top">Back to top</a></p>`;

const FOOTER_CSS = `.site-footer{background:var(--surface);color:var(--text);border-top:1px solid var(--border);padding-block:2.5rem 1.5rem}
.site-footer h2{font-size:1rem;margin:0 0 .75rem}
.footer-links,.footer-details{list-style:none;margin:0;padding:0;display:grid;gap:.4rem}
.footer-links a{color:var(--text)}
.footer-grid{display:grid;gap:2rem}
.detail-label{font-weight:700;margin-right:.35rem}
.small-print{margin-top:2rem;padding-top:1rem;border-top:1px solid var(--border);color:var(--muted);font-size:.9rem}
.small-print a{color:var(--muted)}
@media (min-width:48em){.footer-grid{grid-template-columns:2fr 1fr 1fr}}`;

function details(s: SiteSection): string {
  return `<ul class="footer-details" role="list">${list(s.items, (it) => `<li><span class="detail-label">${esc(it.title)}</span>${it.text ? ` <span>${esc(it.text)}</span>` : ''}</li>`)}</ul>`;
}

export const CHROME_COMPONENTS = defineComponents(
  {
    id: 'nav-simple',
    kind: 'navbar',
    name: 'Navbar: logo left, links right',
    slot: 'header',
    defaults: { anchor: 'site-header', heading: '{name}' },
    css: NAV_CSS,
    render: navbar({ cls: 'nav-simple' }),
  },
  {
    id: 'nav-centered',
    kind: 'navbar',
    name: 'Navbar: centred logo over links',
    slot: 'header',
    defaults: { anchor: 'site-header', heading: '{name}' },
    css: `${NAV_CSS}
@media (min-width:48em){.nav-centered .nav-bar{flex-direction:column;justify-content:center}.nav-centered .brand{font-size:1.6rem}}`,
    render: navbar({ cls: 'nav-centered' }),
  },
  {
    id: 'nav-cta',
    kind: 'navbar',
    name: 'Navbar with a call-to-action button',
    slot: 'header',
    defaults: { anchor: 'site-header', heading: '{name}' },
    css: NAV_CSS,
    render: navbar({ cls: 'nav-cta', cta: true }),
  },
  {
    id: 'nav-announcement',
    kind: 'navbar',
    name: 'Navbar under an announcement bar',
    slot: 'header',
    defaults: { anchor: 'site-header', heading: '{name}', subheading: 'New: {offer}[ in {city}]' },
    css: `${NAV_CSS}
.announcement{margin:0;padding:.5rem 1rem;text-align:center;font-size:.9rem;font-weight:600;background:var(--primary);color:var(--on-primary)}`,
    render: navbar({ cls: 'nav-announcement', announcement: true, cta: true }),
  },
  {
    id: 'nav-stacked',
    kind: 'navbar',
    name: 'Navbar with the tagline under the name',
    slot: 'header',
    defaults: { anchor: 'site-header', heading: '{name}' },
    css: `${NAV_CSS}
.brand-tagline{font-family:var(--font-body);font-weight:400;font-size:.8rem;color:var(--muted)}`,
    render: navbar({ cls: 'nav-stacked', tagline: true }),
  },
  {
    id: 'footer-simple',
    kind: 'footer',
    name: 'Footer: links and small print',
    slot: 'footer',
    defaults: { anchor: 'site-footer', heading: '{name}' },
    css: `${FOOTER_CSS}
.footer-simple .footer-links{grid-auto-flow:row}
@media (min-width:48em){.footer-simple .footer-links{grid-auto-flow:column;justify-content:start;gap:1.5rem}}`,
    render: (_s, ctx) =>
      `<footer class="site-footer footer-simple"><div class="container"><nav aria-label="Footer">${footerLinks(ctx)}</nav>${smallPrint(ctx)}</div></footer>`,
  },
  {
    id: 'footer-columns',
    kind: 'footer',
    name: 'Footer: about, links and contact columns',
    slot: 'footer',
    defaults: {
      anchor: 'site-footer',
      heading: 'About {name}',
      body: '{tagline}',
      items: ['Email | {email}', 'Visit | [{city}]'],
    },
    css: FOOTER_CSS,
    render: (s, ctx) =>
      `<footer class="site-footer footer-columns"><div class="container"><div class="footer-grid">` +
      `<div><h2>${esc(s.heading)}</h2>${s.body ? paragraphs(s.body, 'muted') : ''}</div>` +
      `<nav aria-label="Footer"><h2>Explore</h2>${footerLinks(ctx)}</nav>` +
      `<div><h2>Contact</h2>${details(s)}</div></div>${smallPrint(ctx)}</div></footer>`,
  },
  {
    id: 'footer-contact',
    kind: 'footer',
    name: 'Footer: large contact call-out',
    slot: 'footer',
    defaults: { anchor: 'site-footer', heading: 'Say hello', subheading: 'We would love to hear from you.' },
    css: `${FOOTER_CSS}
.footer-contact .footer-callout{font-family:var(--font-heading);font-size:clamp(1.5rem,4vw,2.25rem);margin:0 0 .5rem}
.footer-contact .footer-grid{align-items:start}`,
    render: (s, ctx) =>
      `<footer class="site-footer footer-contact"><div class="container"><div class="footer-grid">` +
      `<div><h2 class="footer-callout">${esc(s.heading)}</h2>${s.subheading ? `<p class="muted">${esc(s.subheading)}</p>` : ''}${actions(s)}</div>` +
      `<div>${details(s)}</div><nav aria-label="Footer">${footerLinks(ctx)}</nav></div>${smallPrint(ctx)}</div></footer>`,
  },
);
