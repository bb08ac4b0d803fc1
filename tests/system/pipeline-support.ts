import { createRedis, type CreateRedisOptions } from '@autowebiq/bus';
import {
  AGENT_TYPES,
  redisKeys,
  StreamName,
  TERMINAL_BUILD_STATUSES,
  type AgentMessageEvent,
  type AgentType,
  type BuildEvent,
  type BuildStatus,
  type UsageEvent,
} from '@autowebiq/contracts';
import {
  createAccount,
  startPlatform,
  streamData,
  waitUntil,
  type AppName,
  type Platform,
  type PlatformOptions,
  type TestAccount,
} from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { call, type AnyJson } from './gateway-support';

export const PIPELINE_APPS = [
  'api-gateway',
  'billing',
  'worker-planner',
  'worker-image',
  'worker-frontend',
  'worker-testing',
] as const;

/** The gateway, billing and one worker per agent, as real processes on a database and Redis prefix of their own. */
export interface PipelineRig {
  platform: Platform;
  /** A connection of the rig's own to the platform's Redis. */
  redis: Redis;
  account: TestAccount;
  stop(): Promise<void>;
}

export interface PipelineOptions extends Omit<PlatformOptions, 'apps' | 'label'> {
  /** PIPELINE_APPS unless given. */
  apps?: AppName[];
  /** Of the rig's account: 5000 credits unless given. */
  credits?: number;
  accountName?: string;
  /** For the rig's Redis connection: `forWorker` to wait through a Redis outage instead of failing commands. */
  redis?: CreateRedisOptions;
}

export async function startPipeline(label: string, opts: PipelineOptions = {}): Promise<PipelineRig> {
  const {
    apps = [...PIPELINE_APPS],
    credits = 5000,
    accountName,
    redis: redisOptions,
    ...platformOptions
  } = opts;
  const platform = await startPlatform({ ...platformOptions, apps, label });
  const redis = createRedis(platform.redisUrl, redisOptions);
  const account = await createAccount(platform.gatewayUrl, platform.adminToken, credits, accountName);
  let stopped: Promise<void> | undefined;
  return {
    platform,
    redis,
    account,
    stop: () =>
      (stopped ??= (async () => {
        // Not QUIT: a test may have stopped that Redis, and a connection that waits through outages would wait.
        redis.disconnect();
        await platform.stop();
      })()),
  };
}

export async function requestBuild(rig: PipelineRig, prompt: string): Promise<string> {
  const res = await call(rig.platform.gatewayUrl, 'POST', '/v1/builds', {
    key: rig.account.apiKey,
    idempotencyKey: randomUUID(),
    body: { prompt },
  });
  if (res.status !== 202) throw new Error(`POST /v1/builds answered ${res.status}: ${res.text}`);
  expectQueued(res.body.build.status);
  return res.body.build.id as string;
}

function expectQueued(status: BuildStatus): void {
  if (status !== 'queued') throw new Error(`a new build should be queued, it is ${status}`);
}

export async function getBuild(rig: PipelineRig, id: string): Promise<AnyJson> {
  const res = await call(rig.platform.gatewayUrl, 'GET', `/v1/builds/${id}`, { key: rig.account.apiKey });
  if (res.status !== 200) throw new Error(`GET /v1/builds/${id} answered ${res.status}: ${res.text}`);
  return res.body;
}

/** Waits until billing has settled the build and published its final event; returns the build and its timeline. */
export async function waitForEnd(rig: PipelineRig, id: string, timeoutMs = 60_000) {
  const look = async () => {
    const build = await getBuild(rig, id);
    const events = await buildEvents(rig, id);
    const final = events.find((e) => e.type === 'build_complete' || e.type === 'build_failed');
    return { build, events, final };
  };
  type Look = Awaited<ReturnType<typeof look>>;
  return waitUntil(
    look,
    (l): l is Look & { final: NonNullable<Look['final']> } =>
      TERMINAL_BUILD_STATUSES.includes(l.build.status) && l.final !== undefined,
    {
      what: `build ${id} to end`,
      timeoutMs,
      describe: (l) => `status ${l.build.status}, final event ${l.final?.type ?? 'none'}`,
      details: () => rig.platform.logs().split('\n').slice(-80).join('\n'),
    },
  );
}

/** The build's own stream, as a client replaying it would read it. */
export function buildEvents(rig: PipelineRig, id: string): Promise<BuildEvent[]> {
  return streamData<BuildEvent>(rig.redis, redisKeys.buildEvents(rig.platform.redisPrefix, id));
}

export async function usageEvents(rig: PipelineRig, id: string): Promise<UsageEvent[]> {
  const usage = await streamData<UsageEvent>(
    rig.redis,
    redisKeys.stream(rig.platform.redisPrefix, StreamName.Usage),
  );
  return usage.filter((u) => u.build_id === id);
}

export const agentMessages = (events: BuildEvent[], agent?: AgentType | 'system') =>
  events.filter(
    (e): e is AgentMessageEvent & BuildEvent =>
      e.type === 'agent_message' && (!agent || e.agent_type === agent),
  );

/** Seq 1..n without a gap and progress that never goes back: what every client relies on. */
export function timelineProblems(events: BuildEvent[]): string[] {
  const problems: string[] = [];
  events.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`event ${i} has seq ${e.seq}`);
  });
  let high = 0;
  for (const m of agentMessages(events)) {
    if (m.progress < high) problems.push(`seq ${m.seq}: progress ${m.progress} after ${high}`);
    high = Math.max(high, m.progress);
  }
  return problems;
}

/** Per agent: its messages stay inside its phase range and its token count never drops. */
export function agentProblems(events: BuildEvent[]): string[] {
  const problems: string[] = [];
  for (const agent of AGENT_TYPES) {
    const msgs = agentMessages(events, agent);
    if (msgs.length < 3) problems.push(`${agent} sent ${msgs.length} messages`);
    for (let i = 1; i < msgs.length; i++) {
      if (msgs[i].tokens_used < msgs[i - 1].tokens_used)
        problems.push(`${agent} tokens went from ${msgs[i - 1].tokens_used} to ${msgs[i].tokens_used}`);
    }
  }
  return problems;
}

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function walk(node: Node, visit: (el: Element) => void): void {
  if ('tagName' in node) visit(node);
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) walk(child, visit);
  if ('content' in node && node.content) walk(node.content, visit);
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

/**
 * The generated site as a visitor's browser gets it from the gateway: index.html
 * parsed with parse5 (every parse error collected), every image's alt text, and
 * every local link fetched (fragments checked against the page's ids).
 */
export async function inspectSite(rig: PipelineRig, id: string) {
  const base = `${rig.platform.gatewayUrl}/v1/builds/${id}/site/`;
  const headers = { authorization: `Bearer ${rig.account.apiKey}` };
  const res = await fetch(`${base}index.html`, { headers });
  const html = await res.text();
  const parseErrors: string[] = [];
  const doc = parse(html, { onParseError: (e) => parseErrors.push(e.code) });
  const ids = new Set<string>();
  const images: { src: string; alt: string | undefined }[] = [];
  const links: string[] = [];
  let title = '';
  walk(doc, (el) => {
    const elId = attr(el, 'id');
    if (elId) ids.add(elId);
    if (el.tagName === 'img') images.push({ src: attr(el, 'src') ?? '', alt: attr(el, 'alt') });
    if (el.tagName === 'title') title = el.childNodes.map((c) => ('value' in c ? c.value : '')).join('');
    for (const name of ['href', 'src']) {
      const v = attr(el, name);
      if (v && !/^(mailto:|tel:|data:)/.test(v)) links.push(v);
    }
  });
  const broken: string[] = [];
  for (const link of new Set(links)) {
    if (/^[a-z]+:\/\//i.test(link)) {
      broken.push(`${link} leaves the site`);
    } else if (link.startsWith('#')) {
      if (link.length > 1 && !ids.has(decodeURIComponent(link.slice(1))))
        broken.push(`${link} has no target`);
    } else {
      const target = await fetch(new URL(link, base), { headers });
      await target.arrayBuffer();
      if (target.status !== 200) broken.push(`${link} answered ${target.status}`);
    }
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    html,
    title,
    parseErrors,
    images,
    links: [...new Set(links)],
    broken,
  };
}
