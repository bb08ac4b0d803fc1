import { z } from 'zod';
import { COMPONENTS, COMPONENT_IDS } from '../components/registry';
import { ICON_NAMES } from '../components/icons';
import { MOTIF_IDS } from '../images/motifs';
import { CATEGORY_IDS } from '../templates/categories';
import { FONT_PAIRING_IDS } from '../theme/fonts';

/** Ids the page itself uses; a section anchor may not take them. */
const RESERVED_IDS = ['main', 'site-nav', 'top'] as const;

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');
const anchorSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes')
  .refine((a) => !(RESERVED_IDS as readonly string[]).includes(a), 'reserved id');
/** Only SVG files under assets/: the renderer never links anything it did not produce. */
export const assetPathSchema = z
  .string()
  .regex(/^assets\/[a-z0-9][a-z0-9-]{0,60}\.svg$/, 'assets/<name>.svg');
const text = (max: number) => z.string().max(max);

export const paletteSchema = z.object({
  bg: hex,
  surface: hex,
  text: hex,
  muted: hex,
  primary: hex,
  onPrimary: hex,
  accent: hex,
  border: hex,
});

export const ctaSchema = z.object({
  label: text(60).min(1),
  href: z.string().regex(/^#[a-z][a-z0-9-]{0,39}$/, 'an in-page #anchor'),
});

export const siteItemSchema = z.object({
  title: text(140),
  text: text(600).optional(),
  meta: text(80).optional(),
  image: assetPathSchema.optional(),
  icon: z.enum(ICON_NAMES).optional(),
});

export const siteSectionSchema = z.object({
  component: z.enum(COMPONENT_IDS),
  anchor: anchorSchema,
  navLabel: text(30).min(1).optional(),
  heading: text(160),
  subheading: text(300).optional(),
  body: text(1200).optional(),
  items: z.array(siteItemSchema).max(24),
  cta: ctaSchema.optional(),
  secondaryCta: ctaSchema.optional(),
  image: assetPathSchema.optional(),
});

export const IMAGE_ROLES = ['logo', 'hero', 'section', 'item'] as const;

export const imageSpecSchema = z.object({
  path: assetPathSchema,
  role: z.enum(IMAGE_ROLES),
  motif: z.enum(MOTIF_IDS),
  alt: text(200).min(1),
  /** What the picture shows, for the image agent's prompt and the SVG's <desc>. */
  subject: text(200),
  seed: z.number().int().nonnegative().max(0xffffffff),
});

export const sitePlanSchema = z
  .object({
    version: z.literal(1),
    lang: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/),
    template: z.object({
      id: text(60).min(1),
      name: text(80).min(1),
      category: z.enum(CATEGORY_IDS),
      score: z.number().nonnegative().finite(),
    }),
    business: z.object({
      name: text(80).min(1),
      tagline: text(200),
      description: text(400),
      city: text(60).min(1).optional(),
      offer: text(120),
      noun: text(60),
    }),
    seo: z.object({ title: text(120).min(1), description: text(300) }),
    theme: z.object({
      palette: paletteSchema,
      fonts: z.enum(FONT_PAIRING_IDS),
      radius: z.enum(['sharp', 'soft', 'round']),
      style: text(40),
    }),
    sections: z.array(siteSectionSchema).min(3).max(30),
    images: z.array(imageSpecSchema).max(60),
  })
  .superRefine((plan, ctx) => {
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    const slots = plan.sections.map((s) => COMPONENTS[s.component].slot);
    if (slots[0] !== 'header' || slots.filter((s) => s === 'header').length !== 1) {
      issue('the first section, and only it, must be a header component', ['sections']);
    }
    if (slots[slots.length - 1] !== 'footer' || slots.filter((s) => s === 'footer').length !== 1) {
      issue('the last section, and only it, must be a footer component', ['sections']);
    }
    const anchors = new Set<string>();
    plan.sections.forEach((s, i) => {
      if (anchors.has(s.anchor)) issue(`duplicate anchor "${s.anchor}"`, ['sections', i, 'anchor']);
      anchors.add(s.anchor);
    });
    const targets = new Set([...anchors, 'main', 'top']);
    const paths = new Set<string>();
    plan.images.forEach((img, i) => {
      if (paths.has(img.path)) issue(`duplicate image path "${img.path}"`, ['images', i, 'path']);
      paths.add(img.path);
    });
    plan.sections.forEach((s, i) => {
      for (const key of ['cta', 'secondaryCta'] as const) {
        const href = s[key]?.href;
        if (href && !targets.has(href.slice(1)))
          issue(`${key} points to missing ${href}`, ['sections', i, key]);
      }
      if (s.image && !paths.has(s.image))
        issue(`image ${s.image} is not in images`, ['sections', i, 'image']);
      s.items.forEach((it, j) => {
        if (it.image && !paths.has(it.image))
          issue(`image ${it.image} is not in images`, ['sections', i, 'items', j]);
      });
    });
  });

export type SitePlan = z.infer<typeof sitePlanSchema>;
export type SiteSection = z.infer<typeof siteSectionSchema>;
export type SiteItem = z.infer<typeof siteItemSchema>;
export type SiteCta = z.infer<typeof ctaSchema>;
export type ImageSpec = z.infer<typeof imageSpecSchema>;
export type ImageRole = (typeof IMAGE_ROLES)[number];
