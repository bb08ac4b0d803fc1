import {
  AGENT_PHASES,
  AGENT_TYPES,
  STATUS_STYLE,
  SYSTEM_PHASES,
  type AgentMessageEvent,
  type AgentStatus,
} from '@autowebiq/contracts';
import { AutoWebIQ, formatCreditNumber, formatCredits, type UsageResponse } from '@autowebiq/sdk';
import {
  createAccount,
  eventually,
  launchChromium,
  REPO_ROOT,
  SERVER_APPS,
  startPlatform,
  type Platform,
} from '@autowebiq/testing';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPacedLlm, type PacedLlm } from './paced-llm';

jest.setTimeout(300_000);

const SHOTS = path.join(REPO_ROOT, 'test-results', 'browser');
const PROMPT = 'A bakery in Lisbon with an online order form, a gallery of pastries and opening hours';

let platform: Platform;
let llm: PacedLlm;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // The gateway serves whatever apps/web/dist holds: build it from this checkout first.
  const build = spawnSync(
    process.execPath,
    [path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'), 'build', 'apps/web'],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
  mkdirSync(SHOTS, { recursive: true });
  llm = await startPacedLlm();
  platform = await startPlatform({ apps: [...SERVER_APPS], label: 'browser', env: llm.env });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await llm?.close();
});

async function account(credits: number) {
  const { apiKey } = await createAccount(platform.gatewayUrl, platform.adminToken, credits);
  return { apiKey, client: new AutoWebIQ({ baseUrl: platform.gatewayUrl, apiKey }) };
}

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
  return page;
}

async function signIn(page: Page, apiKey: string, hash = ''): Promise<void> {
  await page.goto(`${platform.gatewayUrl}/${hash}`);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('balance-available').filter({ hasNotText: '…' }).waitFor();
}

/** How often an `eventually` reads the page or asks the API again. */
const POLL = { intervalMs: 200 };

const text = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).textContent())?.trim() ?? '';
const feedSeqs = (page: Page) =>
  page.$$eval('[data-testid=feed] > li', (lis) => lis.map((li) => Number(li.getAttribute('data-seq'))));
const tokens = (n: number) => new Intl.NumberFormat('en-US').format(n);

/** "🧠 Planner Agent 🤔 Thinking... [10%]", computed from the contract's table, not from the web app's code. */
function expectedHeading(e: AgentMessageEvent): string {
  const phase =
    e.agent_type === 'system'
      ? e.progress >= 100
        ? SYSTEM_PHASES.build
        : SYSTEM_PHASES.init
      : AGENT_PHASES[e.agent_type];
  const status = STATUS_STYLE[e.status];
  return `${phase.emoji} ${phase.label} ${status.emoji} ${status.label} [${e.progress}%]`;
}

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** The specification's colour of each status: a border for the in-flight ones, a background for outcomes. */
function expectedColour(status: AgentStatus): {
  property: 'borderTopColor' | 'backgroundColor';
  value: string;
} {
  const style = STATUS_STYLE[status];
  return style.border
    ? { property: 'borderTopColor', value: rgb(style.border) }
    : { property: 'backgroundColor', value: rgb(style.background!) };
}

async function agentMessages(client: AutoWebIQ, buildId: string): Promise<AgentMessageEvent[]> {
  return (await client.buildEvents(buildId)).filter(
    (e): e is AgentMessageEvent => e.type === 'agent_message',
  );
}

describe('Workspace in a real browser against the running platform', () => {
  it('signs in, estimates, builds live with coloured agent messages and a moving balance, and ends with the API’s numbers and a sandboxed preview', async () => {
    const { apiKey, client } = await account(300);
    const page = await newPage();
    await signIn(page, apiKey);
    expect(await text(page, 'balance-available')).toBe('300.00');
    expect(await text(page, 'balance-held')).toBe('0.00');

    // Every value the header shows, and whether the build had finished by then.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid=balance-available]')!;
      const w = window as unknown as { balances: Array<{ text: string; finished: boolean }> };
      w.balances = [];
      new MutationObserver(() =>
        w.balances.push({
          text: el.textContent ?? '',
          finished: !!document.querySelector('[data-testid=build-summary]'),
        }),
      ).observe(el, { childList: true, characterData: true, subtree: true });
    });

    await page.getByLabel('Describe your website').fill(PROMPT);
    const estimate = await client.estimate({ prompt: PROMPT });
    const range = `${formatCredits(estimate.low_micro)}–${formatCredits(estimate.high_micro)} credits (likely ${formatCredits(estimate.expected_micro)})`;
    await eventually(
      'the estimate range',
      async () => expect(await text(page, 'estimate-range')).toBe(range),
      POLL,
    );

    await page.getByTestId('start-build').click();
    await page.waitForURL(/#\/workspace\/[0-9a-f-]{36}$/);
    const buildId = /#\/workspace\/([0-9a-f-]{36})$/.exec(page.url())![1];

    await page.locator('[data-testid=feed] > li[data-agent=image]').first().waitFor({ timeout: 60_000 });
    const midBuild = !(await page.getByTestId('build-summary').count());
    await page.screenshot({ path: path.join(SHOTS, 'workspace-mid-build.png'), fullPage: true });
    expect(midBuild).toBe(true);

    await page.getByTestId('build-summary').waitFor({ timeout: 180_000 });
    const build = await eventually(
      'the build to complete with its usage',
      async () => {
        const b = await client.getBuild(buildId);
        expect(b.status).toBe('completed');
        expect(b.usage).not.toBeNull();
        return b;
      },
      POLL,
    );
    const usage = build.usage!;

    // Summary numbers equal GET /v1/builds/:id.
    expect(await text(page, 'summary-duration')).toBe(`${build.duration_s!.toFixed(1)}s`);
    expect(await text(page, 'summary-total-tokens')).toBe(tokens(usage.total_tokens));
    expect(await text(page, 'summary-total-credits')).toBe(formatCredits(usage.total_credits_micro));
    const agentLines = await page.$$eval('[data-testid=summary-agents] > li', (lis) =>
      lis.map((li) => li.textContent?.trim()),
    );
    expect(agentLines).toEqual(
      AGENT_TYPES.filter((a) => usage.agents[a]).map(
        (a) =>
          `${a}: ${tokens(usage.agents[a]!.tokens)} tokens (${formatCredits(usage.agents[a]!.credits_micro)} credits)`,
      ),
    );
    expect(await page.locator('#summary-title').textContent()).toMatch(
      /^✅ Build Complete! Website generated successfully in \d+\.\ds$/,
    );
    if (build.estimate) {
      expect(await text(page, 'summary-estimate')).toContain(
        `${formatCredits(BigInt(Math.round(build.estimate.low * 1e6)))}–${formatCredits(BigInt(Math.round(build.estimate.high * 1e6)))} credits`,
      );
    }
    await eventually(
      "the build's spent credits",
      async () => expect(await text(page, 'build-spent')).toBe(formatCredits(build.spent_micro)),
      POLL,
    );

    // The feed: every agent_message of the timeline once, in order, headed and coloured as the specification says.
    const events = await agentMessages(client, buildId);
    expect(await feedSeqs(page)).toEqual(events.map((e) => e.seq));
    const rendered = await page.$$eval('[data-testid=feed] > li', (lis) =>
      lis.map((li) => {
        const cs = getComputedStyle(li);
        return {
          agent: li.getAttribute('data-agent'),
          status: li.getAttribute('data-status'),
          heading: li.querySelector('h3')?.textContent?.replace(/\s+/g, ' ').trim(),
          borderTopColor: cs.borderTopColor,
          backgroundColor: cs.backgroundColor,
          progress: li.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow'),
        };
      }),
    );
    for (const agent of AGENT_TYPES)
      expect(rendered.filter((r) => r.agent === agent).length).toBeGreaterThanOrEqual(1);
    rendered.forEach((r, i) => {
      const e = events[i];
      expect([r.agent, r.status, r.heading, r.progress]).toEqual([
        e.agent_type,
        e.status,
        expectedHeading(e),
        String(e.progress),
      ]);
      const { property, value } = expectedColour(e.status);
      expect(r[property]).toBe(value);
    });
    expect(rendered.map((r) => r.heading)).toContain('🧠 Planner Agent 🤔 Thinking... [10%]');

    // The header moved while the build ran, and settles on the API's balance.
    const balances = await page.evaluate(
      () => (window as unknown as { balances: Array<{ text: string; finished: boolean }> }).balances,
    );
    expect(balances.some((b) => !b.finished && b.text !== '300.00')).toBe(true);
    const finalBalance = await client.balance();
    await eventually(
      'the final balance',
      async () => {
        expect(await text(page, 'balance-available')).toBe(formatCredits(finalBalance.credits_micro));
        expect(await text(page, 'balance-held')).toBe(formatCredits(finalBalance.held_micro));
      },
      POLL,
    );

    // The preview: the signed link in a frame whose origin is opaque, so the site cannot reach the key.
    const frameEl = page.getByTestId('site-preview');
    expect(await frameEl.getAttribute('sandbox')).toBe('allow-scripts');
    expect(await frameEl.getAttribute('src')).toMatch(
      new RegExp(`^${platform.gatewayUrl}/v1/previews/[^/]+/index\\.html$`),
    );
    const frame = (await (await frameEl.elementHandle())!.contentFrame())!;
    await frame.waitForLoadState('load');
    expect((await frame.locator('body').innerText()).length).toBeGreaterThan(20);
    expect(await frame.evaluate(() => window.origin)).toBe('null');
    expect(
      await frame.evaluate(() => {
        try {
          return String(window.parent.localStorage.length);
        } catch {
          return 'blocked';
        }
      }),
    ).toBe('blocked');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-zip').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const zipPath = path.join(SHOTS, download.suggestedFilename());
    await download.saveAs(zipPath);
    expect(spawnSync('head', ['-c', '2', zipPath], { encoding: 'utf8' }).stdout).toBe('PK');

    await page.screenshot({ path: path.join(SHOTS, 'workspace-complete.png'), fullPage: true });

    await page.getByRole('link', { name: 'Builds' }).click();
    await page.locator(`[data-testid=builds-table] tr[data-build-id="${buildId}"]`).waitFor();
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('figure', { name: 'Credits per agent' }).waitFor();
    // The page shows what the API reports: totals, every bar of the agent and model charts, the averages.
    const [byAgent, byModel] = await Promise.all(
      (['agent', 'model'] as const).map((groupBy) => client.usage({ groupBy })),
    );
    const bars = (figure: string) =>
      page
        .getByRole('figure', { name: figure })
        .locator('g')
        .evaluateAll((gs) =>
          gs
            .filter((g) => g.querySelector('.chart__label'))
            .map((g) => [
              g.querySelector('.chart__label')?.textContent,
              g.querySelector('.chart__value')?.textContent,
            ]),
        );
    const expectedBars = (r: UsageResponse) => r.data.map((b) => [b.key, formatCredits(b.credits_micro)]);
    expect(await bars('Credits per agent')).toEqual(expectedBars(byAgent));
    expect(await bars('Credits per model')).toEqual(expectedBars(byModel));
    expect(byAgent.data.map((b) => b.key).sort()).toEqual([...AGENT_TYPES].sort());
    const totals = await page
      .getByTestId('usage-totals')
      .locator('div')
      .evaluateAll((divs) =>
        divs.map((d) => [d.querySelector('dt')?.textContent, d.querySelector('dd')?.textContent]),
      );
    expect(totals).toEqual([
      ['Credits metered', formatCredits(byAgent.total.credits_micro)],
      ['Credits charged', formatCredits(byAgent.total.charged_micro)],
      ['Tokens', byAgent.total.tokens.toLocaleString('en-US')],
      ['Builds', '1'],
      ['LLM calls', byAgent.total.calls.toLocaleString('en-US')],
    ]);
    // One build that completed: the ledger charged exactly what the build says it spent.
    expect(byAgent.total.charged_micro).toBe(build.spent_micro);
    const averages = await page
      .getByTestId('agent-averages')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)));
    expect(averages.map(([agent, model, runs, , avgCredits]) => [agent, model, runs, avgCredits])).toEqual(
      byAgent.agents.map((a) => [a.agent, a.model, String(a.runs), formatCreditNumber(a.avg_credits)]),
    );
    await page.screenshot({ path: path.join(SHOTS, 'usage.png'), fullPage: true });
  });

  it('a reload mid-build shows the whole timeline again and goes on live, nothing missing or doubled', async () => {
    const { apiKey, client } = await account(300);
    const page = await newPage();
    await signIn(page, apiKey);
    const { build } = await client.createBuild({ prompt: PROMPT });
    await page.goto(`${platform.gatewayUrl}/#/workspace/${build.id}`);
    await eventually(
      'three entries in the feed',
      async () => expect((await feedSeqs(page)).length).toBeGreaterThanOrEqual(3),
      { ...POLL, timeoutMs: 60_000 },
    );
    const before = await feedSeqs(page);
    expect(await page.getByTestId('build-summary').count()).toBe(0);

    await page.reload();
    // The replay brings back what was shown before; the build is still running, so the rest comes live.
    await eventually(
      'the replay to show what was shown before',
      async () => expect((await feedSeqs(page)).slice(0, before.length)).toEqual(before),
      POLL,
    );
    expect(await page.getByTestId('build-summary').count()).toBe(0);
    await page.getByTestId('build-summary').waitFor({ timeout: 180_000 });
    const after = await feedSeqs(page);
    const events = await agentMessages(client, build.id);
    expect(after).toEqual(events.map((e) => e.seq));
    expect(new Set(after).size).toBe(after.length);
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('says it is reconnecting when live updates drop, then catches up', async () => {
    const { apiKey, client } = await account(300);
    const page = await newPage();
    await signIn(page, apiKey);
    const { build } = await client.createBuild({ prompt: PROMPT });
    await page.goto(`${platform.gatewayUrl}/#/workspace/${build.id}`);
    await page.locator('[data-testid=feed] > li').first().waitFor({ timeout: 60_000 });

    await platform.kill('realtime');
    await page.getByTestId('reconnecting').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'workspace-reconnecting.png'), fullPage: true });
    await platform.restart('realtime');
    await page.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 });

    await page.getByTestId('build-summary').waitFor({ timeout: 180_000 });
    const events = await agentMessages(client, build.id);
    expect(await feedSeqs(page)).toEqual(events.map((e) => e.seq));
  });

  it('cancel stops the build mid-way; the person pays for what ran and sees the refund', async () => {
    const { apiKey, client } = await account(300);
    const page = await newPage();
    await signIn(page, apiKey);
    const { build } = await client.createBuild({ prompt: PROMPT });
    await page.goto(`${platform.gatewayUrl}/#/workspace/${build.id}`);
    await page.locator('[data-testid=feed] > li[data-agent=image]').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('cancel-build').click();

    const summary = page.getByTestId('build-summary');
    await summary.waitFor({ timeout: 120_000 });
    const ended = await eventually(
      'the build to be cancelled',
      async () => {
        const b = await client.getBuild(build.id);
        expect(b.status).toBe('cancelled');
        return b;
      },
      POLL,
    );
    expect(await summary.getAttribute('data-status')).toBe('error');
    const shown = await summary.innerText();
    expect(shown).toContain('Build cancelled');
    expect(shown).toContain(`Paid ${formatCredits(ended.spent_micro)} credits for what ran`);
    expect(shown).toContain(`Refunded ${formatCredits(ended.refunded_micro)} credits.`);
    expect(BigInt(ended.refunded_micro)).toBeGreaterThan(0n);
    expect(await page.locator('[data-testid=feed] > li[data-agent=testing]').count()).toBe(0);
    expect(await page.getByTestId('cancel-build').count()).toBe(0);
  });

  it('a 402 tells the person what the build needs and what they have', async () => {
    const { apiKey, client } = await account(0.3);
    const page = await newPage();
    await signIn(page, apiKey);
    await page.getByLabel('Describe your website').fill(PROMPT);
    await page.getByLabel('Spending limit (credits, optional)').fill('5');
    await page.getByTestId('start-build').click();
    await expect(page.getByTestId('start-error').textContent()).resolves.toContain(
      'This build needs 5.00 credits, you have 0.30.',
    );
    expect((await client.listBuilds()).data).toEqual([]);
  });

  it('fits a phone-sized screen and can be driven from the keyboard', async () => {
    const { apiKey } = await account(10);
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, apiKey);
    await page.getByLabel('Describe your website').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'workspace-phone.png'), fullPage: true });

    // Tab order: skip link, brand, the three sections, sign out, then the prompt.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(
          () =>
            document.activeElement?.getAttribute('id') ?? document.activeElement?.textContent?.trim() ?? '',
        ),
      );
    }
    expect(order).toEqual(['🚀 AutoWebIQ', 'Workspace', 'Builds', 'Usage', 'Sign out', 'prompt']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => Object.keys(window.localStorage))).toEqual([]);
  });
});
