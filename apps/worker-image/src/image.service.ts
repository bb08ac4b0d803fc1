import {
  AgentRunner,
  BuildStore,
  plannerResultSchema,
  type AgentSession,
  type ImageStageResult,
  type StoredFile,
  type StoredImage,
} from '@autowebiq/agent-runtime';
import type { BullMqContext } from '@autowebiq/bus';
import type { ImageResult } from '@autowebiq/llm';
import { CONTENT_TYPES, drawImages, imagePrompts, type SiteImage, type SitePlan } from '@autowebiq/sitegen';
import { Injectable } from '@nestjs/common';

/** DALL·E 3 takes only these sizes; newer image models take the planner's sizes as they are. */
const DALL_E_3_SIZES: Record<string, string> = { '1536x1024': '1792x1024', '1024x768': '1024x1024' };
/** A hosted image the vendor links to must arrive within this time. */
const DOWNLOAD_TIMEOUT_MS = 15_000;

@Injectable()
export class ImageService {
  constructor(
    private readonly runner: AgentRunner,
    private readonly store: BuildStore,
  ) {}

  run(payload: unknown, ctx: BullMqContext): Promise<ImageStageResult> {
    return this.runner.run(
      'image',
      payload,
      ctx,
      (s, _job, planned) => this.generate(s, planned.plan),
      plannerResultSchema,
    );
  }

  private async generate(s: AgentSession, plan: SitePlan): Promise<ImageStageResult> {
    await s.say('waiting', s.text('image.starting'), { at: 0 });
    // The drawn SVGs are the offline answer and give each image its size, alt text and description.
    const drawn = drawImages(plan);
    const prompts = imagePrompts(plan);
    await s.say('working', s.text('image.generating'), {
      at: 0.1,
      details: [
        s.text('image.planned', { count: drawn.length }),
        s.text('image.style', { style: plan.theme.style }),
      ],
    });
    const files: StoredFile[] = [];
    const images: StoredImage[] = [];
    for (const [i, picture] of drawn.entries()) {
      await s.say(
        'working',
        s.text('image.generating_one', { number: i + 1, count: drawn.length, alt: picture.alt }),
        { at: 0.1 + (0.85 * i) / drawn.length },
      );
      const size = prompts[i].size;
      const result = await s.image({
        prompt: prompts[i].prompt,
        size: s.model.startsWith('dall-e-3') ? (DALL_E_3_SIZES[size] ?? size) : size,
        responseFormat: 'b64_json',
        offlineResponse: () => ({ svg: picture.svg }),
      });
      const svg = await this.toSvg(result, picture, s.signal);
      files.push({ path: picture.path, contentType: CONTENT_TYPES.svg, content: Buffer.from(svg) });
      const { path, alt, description, width, height } = picture;
      images.push({ path, alt, description, width, height, content_type: CONTENT_TYPES.svg });
    }
    await this.store.saveFiles(s.build.id, files);
    await s.say('completed', s.text('image.generated', { count: images.length }), {
      at: 1,
      details: [s.text('image.quality', { style: plan.theme.style })],
    });
    return { plan, images };
  }

  /**
   * Every image of a site is an SVG file (the plan links assets/*.svg), so a
   * model's raster image is embedded in one, keeping the drawn title and
   * description that make it accessible.
   */
  private async toSvg(result: ImageResult, picture: SiteImage, signal: AbortSignal): Promise<string> {
    if (result.svg) return result.svg;
    const raster = result.b64 ? { type: 'image/png', b64: result.b64 } : await download(result.url, signal);
    const head = picture.svg.slice(0, picture.svg.indexOf('</desc>') + '</desc>'.length);
    return (
      `${head}<image href="data:${raster.type};base64,${raster.b64}" width="${picture.width}" height="${picture.height}" ` +
      `preserveAspectRatio="xMidYMid slice"/></svg>\n`
    );
  }
}

async function download(
  url: string | undefined,
  signal: AbortSignal,
): Promise<{ type: string; b64: string }> {
  if (!url) throw new Error('The image model answered without an image');
  const response = await fetch(url, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]),
  });
  if (!response.ok) throw new Error(`The generated image could not be downloaded (HTTP ${response.status})`);
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim();
  if (!/^image\/(png|jpeg|webp)$/.test(type))
    throw new Error(`The generated image has an unexpected type "${type}"`);
  return { type, b64: Buffer.from(await response.arrayBuffer()).toString('base64') };
}
