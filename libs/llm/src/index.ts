export { createLlmProvider, type LlmProviderOptions } from './create-llm-provider';
export { LlmAbortedError, LlmProviderError, type LlmFailureKind } from './llm-errors';
export type {
  ChatMessage,
  ChatRequest,
  ChatResult,
  ImageRequest,
  ImageResult,
  LlmProgress,
  LlmProvider,
  LlmProviderName,
  UsageSource,
} from './llm-provider';
export { OFFLINE_MODEL } from './offline-provider';
export { countChatTokens, countTokens, TOKENIZER_ENCODING } from './token-counter';
export { toUsageEvent, type UsageContext } from './usage-event';
