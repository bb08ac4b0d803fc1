import {
  AgentRunner,
  BuildStore,
  imageResultSchema,
  type AgentSession,
  type FrontendResult,
  type ImageStageResult,
} from '@autowebiq/agent-runtime';
import type { BullMqContext } from '@autowebiq/bus';
import { renderSite, type SiteImage } from '@autowebiq/sitegen';
import { Injectable } from '@nestjs/common';
import { copyOf, withCopy } from './site-copy';

const SYSTEM_PROMPT = [
  'You are the frontend agent of AutoWebIQ, an AI website builder.',
  'Rewrite the copy of the website below so it is clear, specific to the business and persuasive.',
  'Keep every anchor, keep headings short, use plain text without markup.',
  'Answer with one JSON object of the same shape: { seo, business, sections: [{ anchor, heading, subheading?, body? }] }.',
].join(' ');

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

@Injectable()
export class FrontendService {
  constructor(
    private readonly runner: AgentRunner,
    private readonly store: BuildStore,
  ) {}

  run(payload: unknown, ctx: BullMqContext): Promise<FrontendResult> {
    return this.runner.run(
      'frontend',
      payload,
      ctx,
      (s, job, drawn) => this.build(s, job.prompt, drawn),
      imageResultSchema,
    );
  }

  private async build(s: AgentSession, prompt: string, input: ImageStageResult): Promise<FrontendResult> {
    await s.say('waiting', s.text('frontend.starting'), { at: 0 });
    const { plan } = input;
    await s.say(
      'thinking',
      s.text('frontend.planning', { sections: plan.sections.length, images: input.images.length }),
      {
        at: 0.1,
        details: plan.sections.map((sec) => sec.navLabel ?? sec.heading).filter(Boolean),
      },
    );
    const draft = copyOf(plan);
    const answer = await s.chat(s.text('frontend.writing'), {
      responseFormat: 'json',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        {
          role: 'user',
          content: `The request: ${prompt}\nThe site: ${plan.business.name}, a ${plan.business.noun}.\n${JSON.stringify(draft)}`,
        },
      ],
      offlineResponse: () => JSON.stringify(draft),
    });
    const written = withCopy(plan, answer.content);
    await s.say('working', s.text('frontend.customizing'), {
      at: 0.55,
      details: [
        s.text('frontend.theme', { style: plan.theme.style }),
        s.text('frontend.palette', {
          primary: plan.theme.palette.primary,
          accent: plan.theme.palette.accent,
        }),
        ...(written ? [] : [s.text('frontend.copy_unusable')]),
      ],
    });
    const stored = await this.store.loadFiles(s.build.id, { paths: input.images.map((i) => i.path) });
    const svgOf = new Map(stored.map((f) => [f.path, f.content.toString('utf8')]));
    const images: SiteImage[] = input.images
      .filter((i) => svgOf.has(i.path))
      .map((i) => ({
        path: i.path,
        svg: svgOf.get(i.path)!,
        alt: i.alt,
        description: i.description,
        width: i.width,
        height: i.height,
      }));
    s.throwIfCancelled();
    const files = renderSite(written ?? plan, images);
    await s.say('working', s.text('frontend.optimizing'), { at: 0.75 });
    await this.store.saveFiles(
      s.build.id,
      files.map((f) => ({ path: f.path, contentType: f.content_type, content: Buffer.from(f.content) })),
    );
    const listing = files.map((f) => ({
      path: f.path,
      content_type: f.content_type,
      bytes: Buffer.byteLength(f.content),
    }));
    const total = listing.reduce((sum, f) => sum + f.bytes, 0);
    await s.say('completed', s.text('frontend.generated', { count: files.length, size: kb(total) }), {
      at: 1,
      details: listing.filter((f) => !f.path.startsWith('assets/')).map((f) => `${f.path} (${kb(f.bytes)})`),
    });
    return { files: listing };
  }
}
