import { usageEventId } from '@autowebiq/contracts';
import { planSite } from '@autowebiq/sitegen';
import { FakeOpenAiServer, waitUntil, type FakeReply, type RunningFakeOpenAi } from '@autowebiq/testing';
import { call } from './gateway-support';
import {
  agentMessages,
  buildEvents,
  getBuild,
  inspectSite,
  requestBuild,
  startPipeline,
  timelineProblems,
  usageEvents,
  waitForEnd,
  type PipelineRig,
} from './pipeline-support';

jest.setTimeout(180_000);

const PROMPT = 'A cozy coffee shop in Portland with pastries and a reading nook';
/** The fake answers chat with prose, so the planner falls back to the template plan: this many images. */
const IMAGES = planSite(PROMPT).images.length;
const DALL_E_3_IMAGE_MICRO = 12_000_000n;

const isPlanner = (body: { messages?: { content: string }[] }) =>
  body.messages?.[0]?.content.startsWith('You are the planner agent') ?? false;
const isFrontend = (body: { messages?: { content: string }[] }) =>
  body.messages?.[0]?.content.startsWith('You are the frontend agent') ?? false;

describe('pipeline (openai provider) against a fake OpenAI-compatible server', () => {
  const fake = new FakeOpenAiServer({ apiKey: 'sk-test' });
  let vendor: RunningFakeOpenAi;
  let rig: PipelineRig;

  beforeAll(async () => {
    vendor = await fake.start();
    rig = await startPipeline('pipeopenai', {
      env: {
        LLM_PROVIDER: 'openai',
        OPENAI_BASE_URL: vendor.url,
        OPENAI_API_KEY: 'sk-test',
        OPENAI_MAX_RETRIES: '1',
        OPENAI_RETRY_BASE_MS: '20',
        OPENAI_TIMEOUT_MS: '20000',
        JOB_ATTEMPTS: '2',
        JOB_BACKOFF_MS: '200',
        // A worker killed mid-job is noticed after about this long.
        JOB_LOCK_MS: '2000',
      },
    });
  });
  afterAll(async () => {
    await rig?.stop();
    await vendor?.close();
  });

  /** Replies for a whole build in call order: planner, each image, frontend, testing. */
  const scriptBuild = (r: {
    planner?: FakeReply[];
    images?: FakeReply[];
    frontend?: FakeReply[];
    testing?: FakeReply[];
  }) => {
    const images = r.images ?? [];
    fake.script(
      ...(r.planner ?? [{}]),
      ...images,
      ...Array.from({ length: IMAGES - images.length }, () => ({})),
      ...(r.frontend ?? [{}]),
      ...(r.testing ?? [{}]),
    );
  };

  const requestsSince = (from: number) => fake.requests.slice(from);

  it('bills each call with the exact usage the API streamed, and shows the running count while it streams', async () => {
    const words = Array.from({ length: 16 }, (_, i) => `word${i} `);
    scriptBuild({
      planner: [{ chunks: words, chunkDelayMs: 120, usage: { input: 1234, output: 567 } }],
      frontend: [{ usage: { input: 2222, output: 333 } }],
      testing: [{ usage: { input: 444, output: 55 } }],
    });
    const id = await requestBuild(rig, PROMPT);
    const { build, events } = await waitForEnd(rig, id);
    expect(build.status).toBe('completed');
    expect(fake.pending).toBe(0);
    expect(timelineProblems(events)).toEqual([]);

    const usage = await usageEvents(rig, id);
    const byId = Object.fromEntries(
      usage.map((u) => [u.event_id, [u.model, u.input_tokens, u.output_tokens, u.images]]),
    );
    expect(byId[usageEventId(id, 'planner', 1, 0)]).toEqual(['gpt-4o', 1234, 567, 0]);
    expect(byId[usageEventId(id, 'frontend', 1, 0)]).toEqual(['gpt-4o', 2222, 333, 0]);
    expect(byId[usageEventId(id, 'testing', 1, 0)]).toEqual(['gpt-4o', 444, 55, 0]);
    for (let i = 0; i < IMAGES; i++)
      expect(byId[usageEventId(id, 'image', 1, i)]).toEqual(['dall-e-3', 0, 0, 1]);
    expect(usage).toHaveLength(IMAGES + 3);

    const planner = agentMessages(events, 'planner');
    const running = planner.filter((m) => / tokens so far\)$/.test(m.message));
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(planner.at(-1)).toMatchObject({ status: 'completed', tokens_used: 1801, credits_used: 1.801 });
    expect(build.usage.agents.planner).toMatchObject({ tokens: 1801, credits_micro: '1801000' });
    expect(build.usage.agents.image.credits_micro).toBe((DALL_E_3_IMAGE_MICRO * BigInt(IMAGES)).toString());

    // The model's PNGs are stored inside the site's SVG files, which the page links with alt text.
    const site = await inspectSite(rig, id);
    expect(site.broken).toEqual([]);
    expect(site.images.filter((img) => !img.alt)).toEqual([]);
    const logo = await fetch(`${rig.platform.gatewayUrl}/v1/builds/${id}/site/assets/logo.svg`, {
      headers: rig.account.headers,
    });
    expect(await logo.text()).toMatch(/<title id="title">.+<\/title>.*<image href="data:image\/png;base64,/s);
  });

  it('bills a call that was rate limited once and then answered exactly once', async () => {
    const from = fake.requests.length;
    scriptBuild({
      planner: [
        { status: 429, message: 'Rate limit reached', retryAfterMs: 10 },
        { usage: { input: 100, output: 50 } },
      ],
    });
    const id = await requestBuild(rig, PROMPT);
    const { build } = await waitForEnd(rig, id);
    expect(build.status).toBe('completed');
    expect(fake.pending).toBe(0);
    expect(requestsSince(from).filter((r) => isPlanner(r.body))).toHaveLength(2);
    const planner = (await usageEvents(rig, id)).filter((u) => u.agent === 'planner');
    expect(planner.map((u) => [u.event_id, u.input_tokens, u.output_tokens])).toEqual([
      [usageEventId(id, 'planner', 1, 0), 100, 50],
    ]);
    expect(build.usage.agents.planner.tokens).toBe(150);
  });

  it('fails the build with a reason a person understands when the provider keeps answering 500, billing no failed call', async () => {
    const from = fake.requests.length;
    const failing = { status: 500, message: 'The server had an error while processing your request' };
    // Two requests per job attempt (one retry), two job attempts.
    scriptBuild({ frontend: [failing, failing, failing, failing], testing: [] });
    const id = await requestBuild(rig, PROMPT);
    const { build, events, final } = await waitForEnd(rig, id);
    expect(fake.pending).toBe(0);
    expect(requestsSince(from).filter((r) => isFrontend(r.body))).toHaveLength(4);

    const reason =
      'Frontend Agent: The model provider returned HTTP 500 after 1 retry: The server had an error while processing your request';
    expect(build.status).toBe('failed');
    expect(build.failure_reason).toBe(reason);
    expect(final).toMatchObject({ type: 'build_failed', status: 'failed', reason });
    expect(timelineProblems(events)).toEqual([]);

    const frontend = agentMessages(events, 'frontend');
    expect(frontend.filter((m) => m.status === 'warning').map((m) => m.message)).toEqual([
      `${reason}. Retrying (attempt 2 of 2)...`,
    ]);
    expect(frontend.at(-1)).toMatchObject({ status: 'error', message: reason });
    expect(agentMessages(events, 'testing')).toEqual([]);

    const usage = await usageEvents(rig, id);
    expect(usage.filter((u) => u.agent === 'frontend')).toEqual([]);
    expect(usage.map((u) => u.agent).sort()).toEqual(['planner', ...Array(IMAGES).fill('image')].sort());
    const runs = await rig.platform.db!.dataSource.query(
      `SELECT agent, attempt, status FROM agent_runs WHERE build_id = $1 AND agent = 'frontend' ORDER BY attempt`,
      [id],
    );
    expect(runs).toEqual([
      { agent: 'frontend', attempt: 1, status: 'failed' },
      { agent: 'frontend', attempt: 2, status: 'failed' },
    ]);
  });

  it('runs a job again when its worker is killed -9 mid-job; the new attempt is metered apart and the build completes', async () => {
    const from = fake.requests.length;
    // The second image call hangs long enough to kill the worker while it waits.
    scriptBuild({ images: [{}, { delayMs: 15_000 }] });
    const id = await requestBuild(rig, PROMPT);
    const imageRequests = () => requestsSince(from).filter((r) => r.path.endsWith('/images/generations'));
    await waitUntil(imageRequests, (requests) => requests.length >= 2, {
      what: 'the second image request',
      intervalMs: 20,
      describe: (requests) => `${requests.length} image requests`,
    });
    expect(imageRequests()).toHaveLength(2);
    await rig.platform.kill('worker-image', 'SIGKILL');
    await rig.platform.restart('worker-image');

    const { build, events } = await waitForEnd(rig, id);
    expect(build.status).toBe('completed');
    expect(timelineProblems(events)).toEqual([]);

    const images = (await usageEvents(rig, id)).filter((u) => u.agent === 'image');
    expect(images.filter((u) => u.attempt === 1).map((u) => u.event_id)).toEqual([
      usageEventId(id, 'image', 1, 0),
    ]);
    expect(images.filter((u) => u.attempt === 2).map((u) => u.event_id)).toEqual(
      Array.from({ length: IMAGES }, (_, i) => usageEventId(id, 'image', 2, i)),
    );
    const ds = rig.platform.db!.dataSource;
    expect(
      await ds.query(
        `SELECT attempt, status FROM agent_runs WHERE build_id = $1 AND agent = 'image' ORDER BY attempt`,
        [id],
      ),
    ).toEqual([
      { attempt: 1, status: 'failed' },
      { attempt: 2, status: 'completed' },
    ]);
    // The lost attempt's image was captured live and given back at settle; the user pays for the used attempt only.
    const [retry] = await ds.query(
      `SELECT COALESCE(sum(amount), 0)::text AS micro FROM transfers WHERE build_id = $1 AND reason = 'platform_retry'`,
      [id],
    );
    expect(retry.micro).toBe(DALL_E_3_IMAGE_MICRO.toString());
    expect(build.usage.agents.image.credits_micro).toBe((DALL_E_3_IMAGE_MICRO * BigInt(IMAGES)).toString());
  });

  it('lets a worker told to stop (SIGTERM) finish the job in flight before it exits', async () => {
    const from = fake.requests.length;
    scriptBuild({ planner: [{ chunks: Array.from({ length: 10 }, (_, i) => `w${i} `), chunkDelayMs: 100 }] });
    const id = await requestBuild(rig, PROMPT);
    await waitUntil(
      () => requestsSince(from),
      (requests) => requests.some((r) => isPlanner(r.body)),
      {
        what: 'the planner to call the model',
        intervalMs: 10,
        describe: (requests) => `${requests.length} other requests`,
      },
    );
    await rig.platform.kill('worker-planner', 'SIGTERM');
    const runs = await rig.platform.db!.dataSource.query(
      `SELECT attempt, status FROM agent_runs WHERE build_id = $1 AND agent = 'planner'`,
      [id],
    );
    expect(runs).toEqual([{ attempt: 1, status: 'completed' }]);
    await rig.platform.restart('worker-planner');
    const { build } = await waitForEnd(rig, id);
    expect(build.status).toBe('completed');
    expect(fake.pending).toBe(0);
    expect((await usageEvents(rig, id)).filter((u) => u.agent === 'planner').map((u) => u.attempt)).toEqual([
      1,
    ]);
  });

  it('stops a build on cancel within moments, aborting the model call in flight and billing nothing for it', async () => {
    const from = fake.requests.length;
    const slow = Array.from({ length: 200 }, (_, i) => `token${i} `);
    fake.script({ chunks: slow, chunkDelayMs: 100 });
    const id = await requestBuild(rig, PROMPT);
    await waitUntil(
      async () => agentMessages(await buildEvents(rig, id), 'planner'),
      (messages) => messages.some((m) => /tokens so far/.test(m.message)),
      {
        what: 'the planner to stream',
        intervalMs: 20,
        describe: (messages) =>
          `planner messages ${messages.map((m) => JSON.stringify(m.message)).join(', ')}`,
      },
    );
    const cancelledAt = Date.now();
    const res = await call(rig.platform.gatewayUrl, 'POST', `/v1/builds/${id}/cancel`, {
      key: rig.account.apiKey,
    });
    expect(res.status).toBeLessThan(300);
    const { build, events, final } = await waitForEnd(rig, id);
    expect(Date.now() - cancelledAt).toBeLessThan(5000);
    expect(build.status).toBe('cancelled');
    expect(final).toMatchObject({ type: 'build_failed', status: 'cancelled' });
    expect(fake.pending).toBe(0);
    const planned = requestsSince(from).filter((r) => isPlanner(r.body));
    expect(planned).toHaveLength(1);
    expect(planned[0].clientAborted).toBe(true);
    expect(await usageEvents(rig, id)).toEqual([]);
    expect(agentMessages(events, 'planner').at(-1)).toMatchObject({
      status: 'warning',
      message: 'Stopped: the build was cancelled',
    });
    expect(agentMessages(events, 'image')).toEqual([]);
    expect((await getBuild(rig, id)).spent).toBe(0);
  });
});
