import type { SiteCta, SitePlan, SiteSection } from '../plan/site-plan';
import type { SiteImage } from '../images/site-image';

export type Slot = 'header' | 'main' | 'footer';

/** What a component is for; the planner looks components up by kind (e.g. "a contact section"). */
export type ComponentKind =
  | 'navbar'
  | 'footer'
  | 'hero'
  | 'features'
  | 'services'
  | 'steps'
  | 'pricing'
  | 'testimonials'
  | 'logos'
  | 'stats'
  | 'gallery'
  | 'portfolio'
  | 'menu'
  | 'hours'
  | 'team'
  | 'faq'
  | 'contact'
  | 'booking'
  | 'map'
  | 'newsletter'
  | 'rsvp'
  | 'timeline'
  | 'schedule'
  | 'experience'
  | 'skills'
  | 'products'
  | 'categories'
  | 'blog'
  | 'about'
  | 'cta'
  | 'listings'
  | 'rooms'
  | 'episodes'
  | 'tours'
  | 'causes'
  | 'donate'
  | 'courses'
  | 'download'
  | 'releases'
  | 'integrations'
  | 'code'
  | 'comparison'
  | 'statement';

/**
 * Copy for one section. Strings may hold `{name}`, `{city}`, `{offer}`, `{Offer}`, `{noun}`
 * and `{tagline}`; a `[...]` group disappears when a placeholder inside it is unknown.
 * An item is "title | text | meta | icon".
 */
export interface CopyHint {
  anchor?: string;
  nav?: string;
  heading?: string;
  subheading?: string;
  body?: string;
  items?: readonly string[];
  cta?: string;
  secondaryCta?: string;
  /** Anchor (or component kind) the CTA leads to. */
  ctaTo?: string;
  secondaryTo?: string;
}

export interface RenderContext {
  plan: SitePlan;
  /** Heading level of this section's heading: 1 for the first section of <main>, else 2. */
  level: number;
  images: ReadonlyMap<string, SiteImage>;
  nav: ReadonlyArray<{ href: string; label: string }>;
  /** The site's main call to action, for navbars and footers. */
  primaryCta?: SiteCta;
}

export interface ComponentDef {
  id: string;
  kind: ComponentKind;
  name: string;
  slot: Slot;
  /** Images the component shows; the planner draws exactly these. */
  media?: { section?: boolean; items?: boolean };
  /** `primary` sections sit on the brand colour; others alternate between bg and surface. */
  tone?: 'auto' | 'primary';
  defaults: CopyHint & { anchor: string; heading: string };
  css: string;
  render(section: SiteSection, ctx: RenderContext): string;
}

export function defineComponents(...defs: ComponentDef[]): ComponentDef[] {
  return defs;
}
