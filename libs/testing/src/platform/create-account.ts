import type { AccountResponse, CreateAccountResponse } from '@autowebiq/contracts';

export interface TestAccount {
  account: AccountResponse;
  apiKey: string;
  /** `{ authorization: 'Bearer <key>' }`, ready for fetch. */
  headers: Record<string, string>;
}

/** Creates an account through the gateway's admin call, as an operator would. */
export async function createAccount(
  gatewayUrl: string,
  adminToken: string,
  credits: number,
  name = 'test account',
): Promise<TestAccount> {
  const res = await fetch(`${gatewayUrl}/v1/accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, initial_credits: credits }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /v1/accounts answered ${res.status}: ${text}`);
  const body = JSON.parse(text) as CreateAccountResponse;
  return {
    account: body.account,
    apiKey: body.api_key,
    headers: { authorization: `Bearer ${body.api_key}` },
  };
}
