import type { AgentType } from '@autowebiq/contracts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmProgress {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatRequest {
  agent: AgentType;
  model: string;
  messages: ChatMessage[];
  signal?: AbortSignal;
  /** What a model would answer; the offline provider returns this, real providers ignore it. */
  offlineResponse: () => string;
  responseFormat?: 'json' | 'text';
  /** Running token count while the answer streams in; called often, so the caller throttles. */
  onProgress?: (progress: LlmProgress) => void;
}

/**
 * Where the token counts came from: the vendor's own `usage` (what it bills us), or our tokenizer
 * (the offline provider, or a vendor that sent no usage).
 */
export type UsageSource = 'provider' | 'tokenizer';

export interface ChatResult {
  content: string;
  /** The model to bill: the one requested, so it matches the build's frozen price table. */
  model: string;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
  usageSource: UsageSource;
}

export interface ImageRequest {
  agent: AgentType;
  model: string;
  prompt: string;
  size?: string;
  /** Ask for inline base64 or a hosted URL; left to the vendor's default when absent. */
  responseFormat?: 'b64_json' | 'url';
  signal?: AbortSignal;
  offlineResponse: () => { svg: string };
}

export interface ImageResult {
  model: string;
  /** Billed per image, as the price table's image token equivalent. */
  images: number;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
  b64?: string;
  svg?: string;
  url?: string;
}

export type LlmProviderName = 'offline' | 'openai';

export interface LlmProvider {
  readonly name: LlmProviderName;
  /** Resolves only on success; an error or an abort rejects, so a failed call never yields usage. */
  chat(request: ChatRequest): Promise<ChatResult>;
  image(request: ImageRequest): Promise<ImageResult>;
}
