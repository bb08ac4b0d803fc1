import { COMPONENTS } from '../components/registry';
import type { SitePlan } from './site-plan';

/** Lines the planner agent shows: "Selected template: …", "Category: … • Match score: 105.0". */
export function describePlan(plan: SitePlan): string[] {
  const { business, template, theme } = plan;
  const main = plan.sections.filter((s) => COMPONENTS[s.component].slot === 'main');
  return [
    `Selected template: ${template.name}`,
    `Category: ${template.category} • Match score: ${template.score.toFixed(1)}`,
    `Business: ${business.name}${business.city ? ` • Location: ${business.city}` : ''}`,
    `Sections (${main.length}): ${main.map((s) => s.navLabel ?? s.heading).join(', ')}`,
    `Theme: ${theme.style} • Palette ${theme.palette.primary} / ${theme.palette.accent} on ${theme.palette.bg}`,
    `Images planned: ${plan.images.length}`,
  ];
}
