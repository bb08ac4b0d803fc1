import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CreateAccountResponse } from '@autowebiq/contracts';

export interface DemoAccount {
  account_id: string;
  api_key: string;
}

export interface DemoOptions {
  gatewayUrl: string;
  adminToken: string;
  credits: number;
  file: string;
  log: (line: string) => void;
}

/** The demo account saved by an earlier run while its key still works; otherwise a new one, saved. */
export async function ensureDemoAccount(opts: DemoOptions): Promise<DemoAccount & { created: boolean }> {
  const saved = existsSync(opts.file)
    ? (JSON.parse(readFileSync(opts.file, 'utf8')) as DemoAccount)
    : undefined;
  if (saved) {
    const res = await fetch(`${opts.gatewayUrl}/v1/balance`, {
      headers: { authorization: `Bearer ${saved.api_key}` },
    });
    await res.body?.cancel();
    if (res.ok) return { ...saved, created: false };
    if (res.status !== 401)
      throw new Error(`checking the saved demo key: GET /v1/balance answered ${res.status}`);
    opts.log(`the demo key in ${opts.file} is not known to this database; creating a new demo account`);
  }
  const res = await fetch(`${opts.gatewayUrl}/v1/accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Demo', initial_credits: opts.credits }),
  });
  if (res.status !== 201)
    throw new Error(
      `creating the demo account: POST /v1/accounts answered ${res.status} ${await res.text()}`,
    );
  const body = (await res.json()) as CreateAccountResponse;
  const demo: DemoAccount = { account_id: body.account.id, api_key: body.api_key };
  writeFileSync(opts.file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return { ...demo, created: true };
}
