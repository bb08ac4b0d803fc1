import type { BalanceResponse } from '@autowebiq/contracts';
import { createAccount, startPlatform, type Platform } from '@autowebiq/testing';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(120_000);

const BIN = path.resolve(__dirname, '..', '..', 'apps', 'cli', 'bin', 'autowebiq.js');

let platform: Platform;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'awq-cli-cancel-'));
  // No workers: a build stays queued, so Ctrl-C always lands before it could finish.
  platform = await startPlatform({ apps: ['api-gateway', 'realtime'], label: 'clicancel' });
});

afterAll(async () => {
  await platform?.stop();
  await rm(home, { recursive: true, force: true });
});

it('Ctrl-C cancels the build, waits for its end, refunds it and exits with code 5', async () => {
  const { apiKey } = await createAccount(platform.gatewayUrl, platform.adminToken, 40);
  const child = spawn(process.execPath, [BIN, 'build', 'A landing page for a yoga studio', '--json'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AUTOWEBIQ_URL: platform.gatewayUrl,
      AUTOWEBIQ_API_KEY: apiKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('"type":"build_created"')) resolve();
    }),
  );
  child.kill('SIGINT');

  expect(await exited).toBe(5);
  expect(stderr).toContain('Cancelling the build');
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.find((l) => l.type === 'build_failed')).toMatchObject({ status: 'cancelled' });
  expect(lines.at(-1)).toMatchObject({ type: 'result', outcome: 'build_failed', status: 'cancelled' });
  const balance = (await (
    await fetch(`${platform.gatewayUrl}/v1/balance`, { headers: { authorization: `Bearer ${apiKey}` } })
  ).json()) as BalanceResponse;
  expect(balance).toMatchObject({ credits: 40, held: 0 });
});
