import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// Tests read arbitrary JSON answers field by field; `any` keeps them readable and wrong fields still fail the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJson = any;

export interface Answer<T = AnyJson> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface CallOptions {
  key?: string;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  /** Sent as is, with content-type application/json unless headers say otherwise. */
  raw?: string;
  headers?: Record<string, string>;
  idempotencyKey?: string;
}

/** One HTTP call to the gateway; the body is parsed when it is JSON. */
export async function call<T = AnyJson>(base: string, method: string, path: string, o: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
  let body: string | undefined;
  if (o.raw !== undefined) body = o.raw;
  else if (o.body !== undefined) body = JSON.stringify(o.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, body: parsed as T };
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Runs `npm run ledger:check` against a database, as an operator would. */
export async function ledgerCheck(databaseUrl: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'tools/ledger-check.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl },
    });
    return { code: 0, output: stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}
