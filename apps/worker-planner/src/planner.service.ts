import { AgentRunner, type AgentSession, type PlannerResult } from '@autowebiq/agent-runtime';
import type { BullMqContext } from '@autowebiq/bus';
import { parseJsonAs } from '@autowebiq/contracts';
import {
  COMPONENT_COUNT,
  describePlan,
  planSite,
  rankTemplates,
  sitePlanSchema,
  TEMPLATE_COUNT,
} from '@autowebiq/sitegen';
import { Injectable } from '@nestjs/common';

/** How many best-matching templates the model is shown to choose from. */
const CANDIDATES = 5;

const SYSTEM_PROMPT = [
  'You are the planner agent of AutoWebIQ, an AI website builder.',
  'Choose the template that fits the request best and write the whole site plan.',
  'Answer with one JSON object only: a SitePlan of version 1 (lang, template {id, name, category, score},',
  'business, seo, theme {palette, fonts, radius, style}, sections from a header to a footer, images under assets/*.svg).',
  'Use only in-page #anchors for links. No markup in any text.',
].join(' ');

@Injectable()
export class PlannerService {
  constructor(private readonly runner: AgentRunner) {}

  run(payload: unknown, ctx: BullMqContext): Promise<PlannerResult> {
    return this.runner.run('planner', payload, ctx, (session, job) => this.plan(session, job.prompt));
  }

  private async plan(s: AgentSession, prompt: string): Promise<PlannerResult> {
    await s.say('thinking', s.text('planner.analyzing'), { at: 0 });
    const ranked = rankTemplates(prompt).slice(0, CANDIDATES);
    await s.say(
      'working',
      s.text('planner.searching', { templates: TEMPLATE_COUNT, components: COMPONENT_COUNT }),
      {
        at: 0.3,
        details: ranked.map((m) => `${m.template.name} (${m.template.category}): ${m.score.toFixed(1)}`),
      },
    );
    // The template planner's plan is what a model would be asked to improve on, and the offline answer.
    const draft = planSite(prompt);
    const answer = await s.chat(s.text('planner.drafting'), {
      responseFormat: 'json',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        {
          role: 'user',
          content: [
            `Request: ${prompt}`,
            `Candidate templates (id, name, category, match score):`,
            ...ranked.map(
              (m) => `- ${m.template.id}, ${m.template.name}, ${m.template.category}, ${m.score.toFixed(1)}`,
            ),
            `A starting plan you may improve:`,
            JSON.stringify(draft),
          ].join('\n'),
        },
      ],
      offlineResponse: () => JSON.stringify(draft),
    });
    // An answer that is not a valid plan is still billed; the draft stands in for it.
    const fromModel = parseJsonAs(sitePlanSchema, answer.content);
    const plan = fromModel ?? draft;
    await s.say(
      'working',
      s.text('planner.drafted', { sections: plan.sections.length, images: plan.images.length }),
      { at: 0.8, details: fromModel ? undefined : [s.text('planner.plan_unusable')] },
    );
    const [selected, category, ...details] = describePlan(plan, s);
    await s.say('completed', `${selected}\n${category}`, { at: 1, details });
    return { plan, from_model: fromModel !== null };
  }
}
