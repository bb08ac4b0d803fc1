import {
  AGENT_MESSAGE_DEFAULTS,
  AGENT_PHASES,
  AGENT_TYPES,
  usageEventId,
  type AgentMessageKey,
  type AgentType,
} from '@autowebiq/contracts';
import { planSite } from '@autowebiq/sitegen';
import {
  agentMessages,
  agentProblems,
  inspectSite,
  requestBuild,
  startPipeline,
  timelineProblems,
  usageEvents,
  waitForEnd,
  type PipelineRig,
} from './pipeline-support';

jest.setTimeout(180_000);

const COFFEE = 'A cozy coffee shop in Portland with pastries, a reading nook and a seasonal menu';
const SAAS = 'SaaS landing page for an AI analytics platform for product teams, with pricing and an FAQ';
const PHOTOGRAPHER =
  'Portfolio for a wedding and portrait photographer in Lisbon, with a gallery and booking';
const FIRST_MESSAGE: Record<AgentType, AgentMessageKey> = {
  planner: 'planner.analyzing',
  image: 'image.starting',
  frontend: 'frontend.starting',
  testing: 'testing.starting',
};

describe('pipeline (offline provider): gateway, billing and the four agent workers as real processes', () => {
  let rig: PipelineRig;

  beforeAll(async () => {
    rig = await startPipeline('pipeline');
  });
  afterAll(() => rig?.stop());

  it('takes a build from queued to completed with a gap-free, never-backwards timeline and a valid site', async () => {
    const id = await requestBuild(rig, COFFEE);
    const { build, events, final } = await waitForEnd(rig, id);

    expect(build.status).toBe('completed');
    expect(final.type).toBe('build_complete');
    expect(timelineProblems(events)).toEqual([]);
    expect(agentProblems(events)).toEqual([]);

    // The gateway's credits_update for the hold may come first; the first agent_message opens the build.
    expect(agentMessages(events)[0]).toMatchObject({
      agent_type: 'system',
      message: 'Initializing build system...',
      status: 'working',
      progress: 0,
    });
    for (const agent of AGENT_TYPES) {
      const msgs = agentMessages(events, agent);
      const { from, to } = AGENT_PHASES[agent].progress;
      expect(msgs.every((m) => m.progress >= from && m.progress <= to)).toBe(true);
      expect(msgs[0].status).toBe(agent === 'planner' ? 'thinking' : 'waiting');
      expect(msgs[0].message).toBe(AGENT_MESSAGE_DEFAULTS[FIRST_MESSAGE[agent]]);
      expect(msgs.at(-1)).toMatchObject({ status: 'completed', progress: to });
    }
    const planned = agentMessages(events, 'planner').at(-1)!;
    expect(planned.message).toMatch(/^Selected template: .+\nCategory: cafe • Match score: \d+\.\d$/);

    // One usage event per model call, attempt 1, and each agent's last message carries exactly their tokens.
    const usage = await usageEvents(rig, id);
    const images = planSite(COFFEE).images.length;
    const expectedIds = [
      usageEventId(id, 'planner', 1, 0),
      ...Array.from({ length: images }, (_, i) => usageEventId(id, 'image', 1, i)),
      usageEventId(id, 'frontend', 1, 0),
      usageEventId(id, 'testing', 1, 0),
    ];
    expect(usage.map((u) => u.event_id).sort()).toEqual(expectedIds.sort());
    for (const agent of AGENT_TYPES) {
      const own = usage.filter((u) => u.agent === agent);
      const tokens = own.reduce((sum, u) => sum + u.input_tokens + u.output_tokens + u.images * 1000, 0);
      expect(agentMessages(events, agent).at(-1)!.tokens_used).toBe(tokens);
      expect(build.usage.agents[agent].tokens).toBe(tokens);
    }

    const site = await inspectSite(rig, id);
    expect(site.status).toBe(200);
    expect(site.contentType).toMatch(/^text\/html/);
    expect(site.html).toMatch(/^<!doctype html>/i);
    expect(site.parseErrors).toEqual([]);
    expect(site.images.length).toBeGreaterThan(0);
    expect(site.images.filter((img) => !img.alt?.trim())).toEqual([]);
    expect(site.links.length).toBeGreaterThan(5);
    expect(site.broken).toEqual([]);
  });

  it('gives a coffee shop, a SaaS product and a photographer different templates and contents', async () => {
    const prompts = [COFFEE, SAAS, PHOTOGRAPHER];
    const ids = await Promise.all(prompts.map((p) => requestBuild(rig, p)));
    const ends = await Promise.all(ids.map((id) => waitForEnd(rig, id)));
    for (const end of ends) {
      expect(end.build.status).toBe('completed');
      expect(timelineProblems(end.events)).toEqual([]);
    }
    const chosen = ends.map((end) => agentMessages(end.events, 'planner').at(-1)!.message);
    expect(chosen.map((m) => m.match(/Category: (\w+)/)?.[1])).toEqual(['cafe', 'saas', 'portfolio']);
    expect(new Set(chosen.map((m) => m.split('\n')[0])).size).toBe(3);
    const sites = await Promise.all(ids.map((id) => inspectSite(rig, id)));
    expect(new Set(sites.map((s) => s.title)).size).toBe(3);
    expect(sites[0].html).toMatch(/coffee/i);
    expect(sites[1].html).toMatch(/pricing/i);
    expect(sites[2].html).toMatch(/photo/i);
    for (const site of sites) expect(site.broken).toEqual([]);
  });
});
