import { COMMERCE_TEMPLATES } from './commerce';
import { COMMUNITY_TEMPLATES } from './community';
import { CREATIVE_TEMPLATES } from './creative';
import { EVENT_TEMPLATES } from './events';
import { FOOD_TEMPLATES } from './food';
import { HOSPITALITY_TEMPLATES } from './hospitality';
import { MEDIA_TEMPLATES } from './media';
import { PERSONAL_TEMPLATES } from './personal';
import { PROFESSIONAL_TEMPLATES } from './professional';
import { TECH_TEMPLATES } from './tech';
import type { TemplateDef } from './types';

/** Library order is the final tie-break of template matching, so it must stay stable. */
export const TEMPLATES: readonly TemplateDef[] = [
  ...COMMERCE_TEMPLATES,
  ...TECH_TEMPLATES,
  ...CREATIVE_TEMPLATES,
  ...FOOD_TEMPLATES,
  ...MEDIA_TEMPLATES,
  ...EVENT_TEMPLATES,
  ...PROFESSIONAL_TEMPLATES,
  ...COMMUNITY_TEMPLATES,
  ...HOSPITALITY_TEMPLATES,
  ...PERSONAL_TEMPLATES,
];

if (new Set(TEMPLATES.map((t) => t.id)).size !== TEMPLATES.length)
  throw new Error('sitegen: two templates share an id');

export const TEMPLATE_COUNT = TEMPLATES.length;
/** What a prompt with no recognisable subject gets: a general small-business site. */
export const FALLBACK_TEMPLATE_ID = 'local-services';

export interface TemplateSummary {
  id: string;
  name: string;
  category: TemplateDef['category'];
  noun: string;
  components: string[];
}

export function listTemplates(): TemplateSummary[] {
  return TEMPLATES.map((t) => ({
    id: t.id,
    name: t.name,
    category: t.category,
    noun: t.noun,
    components: t.sections.map((s) => s.use),
  }));
}
