import type { AgentMessages } from '@autowebiq/contracts';
import { COMPONENTS } from '../components/registry';
import type { SitePlan } from './site-plan';

/**
 * Lines the planner agent shows: "Selected template: …", "Category: … • Match score: 105.0", then the plan's
 * business, sections, theme and images, in the texts of `messages` (the agent's catalogue).
 */
export function describePlan(plan: SitePlan, messages: Pick<AgentMessages, 'text'>): string[] {
  const { business, template, theme } = plan;
  const main = plan.sections.filter((s) => COMPONENTS[s.component].slot === 'main');
  return [
    messages.text('planner.selected', { template: template.name }),
    messages.text('planner.category', { category: template.category, score: template.score.toFixed(1) }),
    business.city
      ? messages.text('planner.business_in', { name: business.name, city: business.city })
      : messages.text('planner.business', { name: business.name }),
    messages.text('planner.sections', {
      count: main.length,
      sections: main.map((s) => s.navLabel ?? s.heading).join(', '),
    }),
    messages.text('planner.theme', {
      style: theme.style,
      primary: theme.palette.primary,
      accent: theme.palette.accent,
      background: theme.palette.bg,
    }),
    messages.text('planner.images', { count: plan.images.length }),
  ];
}
