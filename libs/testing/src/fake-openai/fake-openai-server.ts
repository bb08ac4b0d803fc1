import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  chatChunk,
  chatCompletion,
  errorBody,
  type FakeUsage,
  imagesResponse,
  modelList,
  TINY_PNG_BASE64,
} from './openai-wire';

export type { FakeUsage } from './openai-wire';

/** How the fake answers one request. Fields combine: a delay, then an error or an answer. */
export interface FakeReply {
  /** Answer with this status and an OpenAI error body instead of a result. */
  status?: number;
  /** The error body's message. */
  message?: string;
  /** Sent as `retry-after-ms`, and rounded up in seconds as `retry-after`. */
  retryAfterMs?: number;
  /** Wait this long before the status line. */
  delayMs?: number;
  /** Never answer; the request ends when the client goes away. */
  hang?: boolean;
  /** The chat answer; split into word-sized deltas when streamed. */
  content?: string;
  /** Exact deltas to stream instead of splitting `content`. */
  chunks?: string[];
  /** Wait between streamed chunks. */
  chunkDelayMs?: number;
  /** Cut the connection after this many content chunks, as a broken network would. */
  cutAfterChunks?: number;
  /** Token counts to report; `null` reports none. By default about 4 characters a token. */
  usage?: FakeUsage | null;
  /** The images endpoint's answer; by default what the request's `response_format` asks for. */
  image?: { b64Json?: string; url?: string };
}

export interface FakeRequestBody {
  model?: string;
  messages?: Array<{ role: string; content: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  prompt?: string;
  n?: number;
  size?: string;
  response_format?: unknown;
  [field: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: FakeRequestBody;
  /** The client went away before the answer was complete (an abort, a timeout). */
  clientAborted: boolean;
}

export interface FakeOpenAiOptions {
  /** Requests must carry `Authorization: Bearer <apiKey>`; any key is accepted when unset. */
  apiKey?: string;
  /** Answer of requests beyond the scripted ones. */
  defaultReply?: FakeReply;
  models?: string[];
}

export interface RunningFakeOpenAi {
  /** Base URL with `/v1`, for `baseURL` of the SDK. */
  url: string;
  close(): Promise<void>;
}

const DEFAULT_CONTENT = 'This is the fake model speaking.';
const roughTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * An OpenAI-compatible vendor on a real socket, so the provider is tested through the real SDK and HTTP:
 * scripted replies are served in order, then the default reply, and every request is recorded.
 */
export class FakeOpenAiServer {
  private readonly queue: FakeReply[] = [];
  private readonly received: RecordedRequest[] = [];
  private readonly server: Server;
  private baseUrl = '';
  private nextId = 1;

  constructor(private readonly options: FakeOpenAiOptions = {}) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.sendError(res, 500, `fake server failure: ${String(error)}`);
        else res.destroy();
      });
    });
  }

  /** Queues replies for the next requests to the chat and images endpoints. */
  script(...replies: FakeReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  get requests(): readonly RecordedRequest[] {
    return this.received;
  }

  /** Scripted replies not yet served. */
  get pending(): number {
    return this.queue.length;
  }

  async start(): Promise<RunningFakeOpenAi> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}/v1`;
    let closed: Promise<void> | undefined;
    return {
      url: this.baseUrl,
      close: () =>
        (closed ??= new Promise<void>((resolve, reject) => {
          this.server.close((error) => (error ? reject(error) : resolve()));
          // Hanging and slow answers hold their sockets open; close must not wait for them.
          this.server.closeAllConnections();
        })),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method === 'GET' && path.startsWith('/v1/fake-images/')) {
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(TINY_PNG_BASE64, 'base64'));
      return;
    }
    const body = await readJson(req);
    if (!body) return this.sendError(res, 400, 'We could not parse the JSON body of your request.');
    const record: RecordedRequest = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      body,
      clientAborted: false,
    };
    this.received.push(record);
    res.once('close', () => {
      record.clientAborted = !res.writableFinished;
    });

    if (this.options.apiKey && req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      return this.sendError(res, 401, 'Incorrect API key provided.');
    }
    const route = `${req.method} ${path}`;
    if (route === 'GET /v1/models')
      return sendJson(res, 200, modelList(this.options.models ?? ['gpt-4o', 'dall-e-3']));
    if (route !== 'POST /v1/chat/completions' && route !== 'POST /v1/images/generations') {
      return this.sendError(res, 404, `Unknown request URL: ${req.method} ${path}.`);
    }

    const reply = this.queue.shift() ?? this.options.defaultReply ?? {};
    if (reply.delayMs && !(await pause(reply.delayMs, res))) return;
    if (reply.hang) return;
    if (reply.status && reply.status >= 400) {
      return this.sendError(
        res,
        reply.status,
        reply.message ?? `Scripted failure ${reply.status}.`,
        reply.retryAfterMs,
      );
    }
    if (path === '/v1/images/generations') return this.answerImages(res, body, reply);
    return body.stream ? this.streamChat(res, body, reply) : this.answerChat(res, body, reply);
  }

  private answerChat(res: ServerResponse, body: FakeRequestBody, reply: FakeReply): void {
    const content = reply.chunks?.join('') ?? reply.content ?? DEFAULT_CONTENT;
    const id = `chatcmpl-fake-${this.nextId++}`;
    sendJson(res, 200, chatCompletion(id, body.model ?? 'unknown', content, usageOf(reply, body, content)));
  }

  private async streamChat(res: ServerResponse, body: FakeRequestBody, reply: FakeReply): Promise<void> {
    const deltas = reply.chunks ?? (reply.content ?? DEFAULT_CONTENT).match(/\s*\S+/g) ?? [];
    const includeUsage = body.stream_options?.include_usage === true;
    const id = `chatcmpl-fake-${this.nextId++}`;
    const model = body.model ?? 'unknown';
    const send = (part: Omit<Parameters<typeof chatChunk>[2], 'includeUsage'>) =>
      res.write(`data: ${JSON.stringify(chatChunk(id, model, { ...part, includeUsage }))}\n\n`);

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    send({ delta: { role: 'assistant', content: '' } });
    for (const [index, delta] of deltas.entries()) {
      if (reply.cutAfterChunks !== undefined && index >= reply.cutAfterChunks) {
        // Flush what was written first, so the client really is mid-stream when the connection drops.
        res.write(': cut\n\n', () => res.destroy());
        return;
      }
      if (reply.chunkDelayMs && !(await pause(reply.chunkDelayMs, res))) return;
      send({ delta: { content: delta } });
    }
    send({ finish: true });
    const usage = usageOf(reply, body, deltas.join(''));
    if (includeUsage && usage) send({ usage });
    res.end('data: [DONE]\n\n');
  }

  private answerImages(res: ServerResponse, body: FakeRequestBody, reply: FakeReply): void {
    const n = body.n ?? 1;
    const inline = body.response_format === 'b64_json' || String(body.model).startsWith('gpt-image');
    const data = Array.from({ length: n }, (_, i) => {
      if (reply.image) return { b64_json: reply.image.b64Json, url: reply.image.url };
      return inline
        ? { b64_json: TINY_PNG_BASE64 }
        : { url: `${this.baseUrl}/fake-images/${this.nextId++}-${i}.png` };
    });
    // Per-image models (DALL·E) report no usage; token-priced ones do.
    sendJson(res, 200, imagesResponse(data, reply.usage ?? null));
  }

  private sendError(res: ServerResponse, status: number, message: string, retryAfterMs?: number): void {
    const headers: Record<string, string> = { 'x-request-id': `req_fake_${this.nextId++}` };
    if (retryAfterMs !== undefined) {
      headers['retry-after-ms'] = String(retryAfterMs);
      headers['retry-after'] = String(Math.ceil(retryAfterMs / 1000));
    }
    sendJson(res, status, errorBody(status, message), headers);
  }
}

function usageOf(reply: FakeReply, body: FakeRequestBody, content: string): FakeUsage | null {
  if (reply.usage !== undefined) return reply.usage;
  const prompt = (body.messages ?? []).map((m) => m.content).join('\n');
  return { input: roughTokens(prompt), output: roughTokens(content) };
}

function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
}

async function readJson(req: IncomingMessage): Promise<FakeRequestBody | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as FakeRequestBody;
  } catch {
    return undefined;
  }
}

/** Waits, unless the client goes away first; says whether the answer should go on. */
function pause(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once('close', onClose);
  });
}
