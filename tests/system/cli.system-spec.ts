import type { BuildEvent, BuildResponse } from '@autowebiq/contracts';
import { createAccount, SERVER_APPS, startPlatform, type Platform } from '@autowebiq/testing';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(180_000);

const BIN = path.resolve(__dirname, '..', '..', 'apps', 'cli', 'bin', 'autowebiq.js');
const PROMPT = 'A website for a bakery in Lisbon with a menu, opening hours and online orders';

let platform: Platform;
let home: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `autowebiq` as a user would, in a child process without a terminal, and waits for it to exit. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return exec(process.execPath, [BIN, ...args], env);
}

/** The same under a pseudo-terminal (util-linux `script`), where the CLI draws live progress bars. */
function cliOnTerminal(args: string[], env: Record<string, string>): Promise<Run> {
  const command = ['stty cols 120;', process.execPath, BIN, ...args]
    .map((a, i) => (i === 0 ? a : `'${a}'`))
    .join(' ');
  return exec('script', ['-qec', command, '/dev/null'], env);
}

function exec(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { PATH: process.env.PATH ?? '', HOME: home, AUTOWEBIQ_CONFIG_DIR: path.join(home, 'cfg'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function account(credits: number) {
  const { apiKey } = await createAccount(platform.gatewayUrl, platform.adminToken, credits);
  const env = { AUTOWEBIQ_URL: platform.gatewayUrl, AUTOWEBIQ_API_KEY: apiKey };
  const api = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${platform.gatewayUrl}${p}`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
    return (await res.json()) as T;
  };
  return { apiKey, env, api };
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'awq-cli-'));
  platform = await startPlatform({ apps: [...SERVER_APPS], label: 'cli' });
});

afterAll(async () => {
  await platform?.stop();
  await rm(home, { recursive: true, force: true });
});

it('builds a site: live lines, the summary with the per-agent breakdown, and the files in --out', async () => {
  const { env, api } = await account(100);
  const out = path.join(home, 'site');
  const run = await cli(['build', PROMPT, '--out', out], env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);

  const id = /Build ([0-9a-f-]{36}) started/.exec(run.stdout)![1];
  const build = await api<BuildResponse>(`/v1/builds/${id}`);
  expect(build.status).toBe('completed');
  expect(run.stdout).toMatch(/\[\s*\d+%\] 🧠 Planner Agent/);
  expect(run.stdout).toMatch(/✅ Build Complete! Website generated successfully in \d+\.\ds/);
  expect(run.stdout).toContain(`• Total tokens: ${build.usage!.total_tokens.toLocaleString('en-US')}`);
  expect(run.stdout).toContain('Per-Agent Breakdown:');
  for (const [agent, u] of Object.entries(build.usage!.agents)) {
    expect(run.stdout).toContain(`• ${agent}: ${u!.tokens.toLocaleString('en-US')} tokens`);
  }

  const files = await readdir(out, { recursive: true });
  expect(files).toContain('index.html');
  expect(run.stdout).toContain(
    `Site written to ${out} (${(await Promise.all(files.map((f) => stat(path.join(out, f))))).filter((s) => s.isFile()).length} files)`,
  );
  const served = await fetch(`${platform.gatewayUrl}/v1/builds/${id}/site/index.html`, {
    headers: { authorization: `Bearer ${env.AUTOWEBIQ_API_KEY}` },
  });
  expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe(await served.text());
});

it('draws a progress bar per agent, redrawn in place, on a terminal', async () => {
  const { env } = await account(100);
  const run = await cliOnTerminal(['build', PROMPT], env);
  expect(run.code).toBe(0);
  // Hides the cursor, then repaints its six-line block (four agents, status, credits) by moving up over it.
  expect(run.stdout).toContain('\x1b[?25l');
  expect(run.stdout).toContain('\x1b[6F');
  for (const label of ['🧠 Planner Agent', '🖼️ Image Agent', '🎨 Frontend Agent', '🧪 Testing Agent']) {
    expect(run.stdout).toMatch(
      new RegExp(`${label}\\s+(\\x1b\\[[0-9;]*m)*✅ Complete(\\x1b\\[[0-9;]*m)*\\s+━{20} 100%`),
    );
  }
  expect(run.stdout).toMatch(/💳 Credits [━░]{20} [\d.]+ of [\d.]+ reserved/);
  expect(run.stdout).toContain('Build Complete! Website generated successfully');
});

it('--json prints one parseable event per line whose totals equal the API’s', async () => {
  const { env, api } = await account(100);
  const run = await cli(['build', PROMPT, '--json'], env);
  expect(run.code).toBe(0);
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
  expect(lines[0].type).toBe('build_created');
  const result = lines.at(-1)! as unknown as { type: string; outcome: string; build: BuildResponse };
  expect(result).toMatchObject({ type: 'result', outcome: 'build_complete' });

  const events = lines.slice(1, -1) as unknown as BuildEvent[];
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const complete = events.at(-1)!;
  expect(complete.type).toBe('build_complete');

  const build = await api<BuildResponse>(`/v1/builds/${result.build.id}`);
  expect(result.build.usage).toEqual(build.usage);
  expect(result.build.spent_micro).toBe(build.spent_micro);
  expect(result.build.refunded_micro).toBe(build.refunded_micro);
  if (complete.type === 'build_complete') expect(complete.result.token_usage).toEqual(build.usage);
  const timeline = await api<{ data: BuildEvent[] }>(`/v1/builds/${build.id}/events`);
  expect(events).toEqual(timeline.data);
});

it('exits with code 3 and names both amounts when credits are insufficient', async () => {
  const { env, api } = await account(1);
  const run = await cli(['build', PROMPT, '--max-credits', '50'], env);
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('needs 50.00 credits but only 1.00 are available');
  const builds = await api<{ data: BuildResponse[] }>('/v1/builds');
  expect(builds.data).toHaveLength(0);
});

it('logs in, then reads the saved key; refuses a bad key with code 6; lists, estimates, cancels', async () => {
  const { apiKey, api } = await account(25);
  const url = { AUTOWEBIQ_URL: platform.gatewayUrl };
  const refused = await cli(['login', '--api-key', 'awq_not_a_real_key'], url);
  expect(refused.code).toBe(6);

  const login = await cli(['login', '--api-key', apiKey], url);
  expect(login.code).toBe(0);
  expect(login.stdout).toContain('25.00 credits available');
  expect((await stat(path.join(home, 'cfg', 'config.json'))).mode & 0o777).toBe(0o600);

  const balance = await cli(['balance', '--json']);
  expect(balance.code).toBe(0);
  expect(JSON.parse(balance.stdout)).toEqual(await api('/v1/balance'));

  const estimate = await cli(['estimate', PROMPT]);
  expect(estimate.code).toBe(0);
  expect(estimate.stdout).toMatch(/Estimate: [\d.]+ – [\d.]+ credits/);
  expect(estimate.stdout).toMatch(/frontend\s+local-template/);

  const builds = await cli(['builds']);
  expect(builds).toMatchObject({ code: 0, stdout: expect.stringContaining('No builds yet') });

  const missing = await cli(['cancel', '00000000-0000-4000-8000-000000000000']);
  expect(missing.code).toBe(7);
  const bad = await cli(['build', '   ']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('the prompt is empty');
});
