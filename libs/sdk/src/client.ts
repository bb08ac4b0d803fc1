import type {
  BalanceResponse,
  BuildEvent,
  BuildEventsResponse,
  BuildResponse,
  BuildStatus,
  CreateBuildRequest,
  CreateBuildResponse,
  CreatedApiKeyResponse,
  EstimateRequest,
  EstimateResponse,
  LedgerEntryResponse,
  MetaResponse,
  Page,
  PricingResponse,
  UsageGroupBy,
  UsageResponse,
} from '@autowebiq/contracts';
import { TERMINAL_BUILD_STATUSES } from '@autowebiq/contracts';
import type { BuildSubscription, TerminalEvent } from './build-subscription';
import {
  HttpTransport,
  type CallOptions,
  type FetchLike,
  type IdempotentCallOptions,
  type Query,
} from './http-transport';
import { RealtimeConnection, type RealtimeOptions } from './realtime-connection';
import type { RetryPolicy } from './retry';

export interface AutoWebIQOptions {
  /** The gateway, e.g. `https://api.autowebiq.example` (the SDK adds `/v1/...`). */
  baseUrl: string;
  apiKey: string;
  /** The realtime service; looked up from `GET /v1/meta` when left out. */
  realtimeUrl?: string;
  fetch?: FetchLike;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export interface PageQuery {
  cursor?: string;
  limit?: number;
}

export interface UsageQuery {
  from?: string | Date;
  to?: string | Date;
  groupBy?: UsageGroupBy;
}

export interface WatchOptions {
  afterSeq?: number;
  onEvent?: (e: BuildEvent) => void;
  signal?: AbortSignal;
  /** Reuse a connection instead of opening one for this watch. */
  connection?: RealtimeConnection;
  /**
   * How often the build's status is checked over REST, so a watch still ends
   * if the realtime service is unreachable; 0 turns it off.
   */
  pollIntervalMs?: number;
}

const enc = encodeURIComponent;
const isoOf = (d?: string | Date) => (d instanceof Date ? d.toISOString() : d);

/** Walks a cursor-paginated listing page by page, yielding items. */
export async function* paginate<T>(
  fetchPage: (cursor?: string) => Promise<Page<T>>,
  start?: string,
): AsyncGenerator<T> {
  let cursor = start;
  do {
    const page = await fetchPage(cursor);
    yield* page.data;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

/**
 * The AutoWebIQ API for one account (its API key). Works in Node 20 and in
 * browsers: it needs only fetch and socket.io-client.
 */
export class AutoWebIQ {
  readonly http: HttpTransport;
  private realtimeUrl: string | undefined;

  constructor(private readonly options: AutoWebIQOptions) {
    this.http = new HttpTransport({
      baseUrl: options.baseUrl,
      token: options.apiKey,
      fetch: options.fetch,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      headers: options.headers,
    });
    this.realtimeUrl = options.realtimeUrl;
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  async meta(call?: CallOptions): Promise<MetaResponse> {
    return (
      await this.http.request<MetaResponse>(
        { method: 'GET', path: '/v1/meta', repeatable: true, auth: false },
        call,
      )
    ).data;
  }

  async balance(call?: CallOptions): Promise<BalanceResponse> {
    return (await this.balanceSnapshot(call)).balance;
  }

  /** The balance and the server's clock when it was read, to order it against credits_update events. */
  async balanceSnapshot(call?: CallOptions): Promise<{ balance: BalanceResponse; asOf: number }> {
    const res = await this.http.request<BalanceResponse>(
      { method: 'GET', path: '/v1/balance', repeatable: true },
      call,
    );
    const date = Date.parse(res.headers.get('date') ?? '');
    return { balance: res.data, asOf: Number.isNaN(date) ? Date.now() : date };
  }

  async ledger(query: PageQuery = {}, call?: CallOptions): Promise<Page<LedgerEntryResponse>> {
    return this.get('/v1/ledger', { cursor: query.cursor, limit: query.limit }, call);
  }

  /** Every ledger entry, newest first, across pages. */
  ledgerEntries(
    query: Omit<PageQuery, 'cursor'> = {},
    call?: CallOptions,
  ): AsyncGenerator<LedgerEntryResponse> {
    return paginate((cursor) => this.ledger({ ...query, cursor }, call));
  }

  async pricing(call?: CallOptions): Promise<PricingResponse> {
    return this.get('/v1/pricing', undefined, call);
  }

  async estimate(request: EstimateRequest, call?: CallOptions): Promise<EstimateResponse> {
    return (
      await this.http.request<EstimateResponse>(
        { method: 'POST', path: '/v1/estimates', body: request, repeatable: true },
        call,
      )
    ).data;
  }

  /**
   * Starts a build: reserves its hold (402 InsufficientCreditsError when the
   * wallet cannot cover it) and queues the agents. Retries reuse this call's
   * idempotency key, so a lost answer never makes a second build.
   */
  async createBuild(
    request: CreateBuildRequest,
    call: IdempotentCallOptions = {},
  ): Promise<CreateBuildResponse> {
    return this.http.postIdempotent('/v1/builds', request, call);
  }

  async getBuild(buildId: string, call?: CallOptions): Promise<BuildResponse> {
    return this.get(`/v1/builds/${enc(buildId)}`, undefined, call);
  }

  async listBuilds(
    query: PageQuery & { status?: BuildStatus } = {},
    call?: CallOptions,
  ): Promise<Page<BuildResponse>> {
    return this.get('/v1/builds', { cursor: query.cursor, limit: query.limit, status: query.status }, call);
  }

  /** Every build, newest first, across pages. */
  builds(
    query: Omit<PageQuery, 'cursor'> & { status?: BuildStatus } = {},
    call?: CallOptions,
  ): AsyncGenerator<BuildResponse> {
    return paginate((cursor) => this.listBuilds({ ...query, cursor }, call));
  }

  /** The build's timeline after `afterSeq`, in seq order (also after Redis has trimmed it). */
  async buildEvents(
    buildId: string,
    query: { afterSeq?: number } = {},
    call?: CallOptions,
  ): Promise<BuildEvent[]> {
    const res = await this.get<BuildEventsResponse<BuildEvent>>(
      `/v1/builds/${enc(buildId)}/events`,
      { after_seq: query.afterSeq ?? 0 },
      call,
    );
    return res.data;
  }

  /** Stops the build; the account pays for what already ran and gets the rest of the hold back. */
  async cancelBuild(buildId: string, call?: CallOptions): Promise<BuildResponse> {
    return (
      await this.http.request<BuildResponse>(
        { method: 'POST', path: `/v1/builds/${enc(buildId)}/cancel`, repeatable: true },
        call,
      )
    ).data;
  }

  /** The URL of one generated file; fetching it needs this client's Authorization header (see siteFile). */
  siteUrl(buildId: string, path = 'index.html'): string {
    return this.http.url(`/v1/builds/${enc(buildId)}/site/${path.split('/').map(enc).join('/')}`);
  }

  async siteFile(buildId: string, path = 'index.html', call?: CallOptions): Promise<ArrayBuffer> {
    const url = `/v1/builds/${enc(buildId)}/site/${path.split('/').map(enc).join('/')}`;
    return (
      await this.http.request<ArrayBuffer>(
        { method: 'GET', path: url, repeatable: true, as: 'arrayBuffer' },
        call,
      )
    ).data;
  }

  /**
   * An absolute, short-lived URL of the generated site that a sandboxed frame
   * can load without credentials (the build's `preview_url`); null until the
   * build has files.
   */
  async previewUrl(buildId: string, call?: CallOptions): Promise<string | null> {
    const { preview_url } = await this.getBuild(buildId, call);
    return preview_url ? new URL(preview_url, `${this.baseUrl}/`).toString() : null;
  }

  /** The generated site as a zip. */
  async archive(buildId: string, call?: CallOptions): Promise<ArrayBuffer> {
    return (
      await this.http.request<ArrayBuffer>(
        { method: 'GET', path: `/v1/builds/${enc(buildId)}/archive`, repeatable: true, as: 'arrayBuffer' },
        call,
      )
    ).data;
  }

  async usage(query: UsageQuery = {}, call?: CallOptions): Promise<UsageResponse> {
    return this.get(
      '/v1/usage',
      { from: isoOf(query.from), to: isoOf(query.to), group_by: query.groupBy },
      call,
    );
  }

  async createApiKey(request: { name?: string } = {}, call?: CallOptions): Promise<CreatedApiKeyResponse> {
    // Not repeated after a lost answer: that could mint a second key nobody ever sees.
    return (
      await this.http.request<CreatedApiKeyResponse>(
        { method: 'POST', path: '/v1/api-keys', body: request, repeatable: false },
        call,
      )
    ).data;
  }

  async revokeApiKey(keyId: string, call?: CallOptions): Promise<void> {
    await this.http.request<void>(
      { method: 'DELETE', path: `/v1/api-keys/${enc(keyId)}`, repeatable: true },
      call,
    );
  }

  /** A Socket.IO connection with this client's key; close it when done. */
  realtime(options: Omit<RealtimeOptions, 'url' | 'token'> = {}): RealtimeConnection {
    return new RealtimeConnection({
      ...options,
      url: () => this.resolveRealtimeUrl(),
      token: this.options.apiKey,
    });
  }

  /**
   * Follows a build until it ends and resolves with build_complete or
   * build_failed; `onEvent` sees every event once, in order, across
   * reconnects. A REST poll backs the socket up so the watch always ends.
   */
  async watchBuild(buildId: string, options: WatchOptions = {}): Promise<TerminalEvent> {
    const connection = options.connection ?? this.realtime();
    const sub = connection.subscribe(buildId, { afterSeq: options.afterSeq });
    const offEvent = options.onEvent ? sub.on('event', options.onEvent) : undefined;
    const pollMs = options.pollIntervalMs ?? 5_000;
    const poll =
      pollMs > 0
        ? setInterval(() => void this.backfillIfFinished(sub).catch(() => undefined), pollMs)
        : undefined;
    const onAbort = () => sub.close();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (options.signal?.aborted) throw options.signal.reason;
      return await sub.finished;
    } catch (error) {
      throw options.signal?.aborted ? options.signal.reason : error;
    } finally {
      clearInterval(poll);
      options.signal?.removeEventListener('abort', onAbort);
      offEvent?.();
      sub.close();
      if (!options.connection) connection.close();
    }
  }

  /** When REST says the build is over but the socket has not delivered its end, read the rest over REST. */
  async backfillIfFinished(sub: BuildSubscription): Promise<void> {
    if (sub.result || sub.isClosed) return;
    const build = await this.getBuild(sub.buildId);
    if (!TERMINAL_BUILD_STATUSES.includes(build.status)) return;
    for (const e of await this.buildEvents(sub.buildId, { afterSeq: sub.lastSeq })) sub.ingest(e);
  }

  private async resolveRealtimeUrl(): Promise<string> {
    if (!this.realtimeUrl)
      this.realtimeUrl = new URL((await this.meta()).realtime_url, `${this.baseUrl}/`).toString();
    return this.realtimeUrl;
  }

  private async get<T>(path: string, query?: Query, call?: CallOptions): Promise<T> {
    return (await this.http.request<T>({ method: 'GET', path, query, repeatable: true }, call)).data;
  }
}
