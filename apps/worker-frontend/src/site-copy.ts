import { parseJsonAs } from '@autowebiq/contracts';
import { sitePlanSchema, type SitePlan } from '@autowebiq/sitegen';
import { z } from 'zod';

/** The words of a site the frontend agent has a model write: everything a visitor reads, keyed by section anchor. */
export const siteCopySchema = z.object({
  seo: z.object({ title: z.string(), description: z.string() }),
  business: z.object({ tagline: z.string(), description: z.string() }),
  sections: z.array(
    z.object({
      anchor: z.string(),
      heading: z.string(),
      subheading: z.string().optional(),
      body: z.string().optional(),
    }),
  ),
});
export type SiteCopy = z.infer<typeof siteCopySchema>;

export function copyOf(plan: SitePlan): SiteCopy {
  return {
    seo: plan.seo,
    business: { tagline: plan.business.tagline, description: plan.business.description },
    sections: plan.sections.map((s) => ({
      anchor: s.anchor,
      heading: s.heading,
      subheading: s.subheading,
      body: s.body,
    })),
  };
}

/**
 * The plan with the model's copy in it, or null when the answer is not usable
 * copy. The result is validated as a whole plan, so a model cannot break the
 * page (lengths, anchors) through its words.
 */
export function withCopy(plan: SitePlan, answer: string): SitePlan | null {
  const copy = parseJsonAs(siteCopySchema, answer);
  if (!copy) return null;
  const byAnchor = new Map(copy.sections.map((s) => [s.anchor, s]));
  const next = {
    ...plan,
    seo: copy.seo,
    business: { ...plan.business, ...copy.business },
    sections: plan.sections.map((s) => {
      const c = byAnchor.get(s.anchor);
      return c
        ? { ...s, heading: c.heading, subheading: c.subheading ?? s.subheading, body: c.body ?? s.body }
        : s;
    }),
  };
  const valid = sitePlanSchema.safeParse(next);
  return valid.success ? valid.data : null;
}
