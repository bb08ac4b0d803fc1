import type {
  CreateAccountRequest,
  CreateAccountResponse,
  GrantRequest,
  GrantResponse,
} from '@autowebiq/contracts';
import { HttpTransport, type FetchLike, type IdempotentCallOptions } from './http-transport';
import type { RetryPolicy } from './retry';

export interface AutoWebIQAdminOptions {
  baseUrl: string;
  /** The operator's ADMIN_TOKEN. */
  adminToken: string;
  fetch?: FetchLike;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

/** Operator calls: accounts and grants. Grants move credits, so they carry idempotency keys. */
export class AutoWebIQAdmin {
  readonly http: HttpTransport;

  constructor(options: AutoWebIQAdminOptions) {
    this.http = new HttpTransport({
      baseUrl: options.baseUrl,
      token: options.adminToken,
      fetch: options.fetch,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    });
  }

  /** Creates an account (with optional initial credits); the response holds its first API key, shown once. */
  async createAccount(
    request: CreateAccountRequest,
    call: IdempotentCallOptions = {},
  ): Promise<CreateAccountResponse> {
    return this.http.postIdempotent('/v1/accounts', request, call);
  }

  async grant(
    accountId: string,
    request: GrantRequest,
    call: IdempotentCallOptions = {},
  ): Promise<GrantResponse> {
    return this.http.postIdempotent(`/v1/accounts/${encodeURIComponent(accountId)}/grants`, request, call);
  }
}
