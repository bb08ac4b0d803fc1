import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import type { ChatMessage } from './llm-provider';

/**
 * cl100k_base rather than o200k_base: it loads in about half the time and heap (≈33 MB against ≈68 MB),
 * which matters for workers that must stay small, and the offline provider does not pretend to be a
 * particular vendor model. Counts differ from o200k_base by a few percent.
 */
export const TOKENIZER_ENCODING = 'cl100k_base';

/** OpenAI's chat accounting: every message is framed by `<|start|>{role}<|message|>…<|end|>`. */
const TOKENS_PER_MESSAGE = 3;
/** And the reply is primed with `<|start|>assistant<|message|>`. */
const TOKENS_PER_REPLY = 3;

let encoder: Tiktoken | undefined;

/** Loaded on the first count, not at boot: an idle worker does not carry the ≈33 MB table. */
function getEncoder(): Tiktoken {
  if (!encoder) {
    // The rank table ships inside the package, so loading it never touches the network.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ranks: TiktokenBPE & { default?: TiktokenBPE } = require('js-tiktoken/ranks/cl100k_base');
    encoder = new Tiktoken(ranks.default ?? ranks);
  }
  return encoder;
}

/** Tokens of a plain text. Special-token markers in user text are counted as ordinary text, never honoured. */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return getEncoder().encode(text, [], []).length;
}

/** Prompt tokens of a chat request, counted the way the OpenAI API counts them. */
export function countChatTokens(messages: readonly ChatMessage[]): number {
  let total = TOKENS_PER_REPLY;
  for (const m of messages) total += TOKENS_PER_MESSAGE + countTokens(m.role) + countTokens(m.content);
  return total;
}
