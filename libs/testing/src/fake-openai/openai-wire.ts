/** The bodies an OpenAI-compatible API sends, built the way api.openai.com shapes them. */

export interface FakeUsage {
  input: number;
  output: number;
}

const created = () => Math.floor(Date.now() / 1000);

export const errorBody = (status: number, message: string) => ({
  error: {
    message,
    type: status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error',
    param: null,
    code: status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : null,
  },
});

const chatUsage = (usage: FakeUsage) => ({
  prompt_tokens: usage.input,
  completion_tokens: usage.output,
  total_tokens: usage.input + usage.output,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
});

export const chatCompletion = (id: string, model: string, content: string, usage: FakeUsage | null) => ({
  id,
  object: 'chat.completion',
  created: created(),
  model,
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content, refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  ...(usage ? { usage: chatUsage(usage) } : {}),
  system_fingerprint: 'fp_fake',
});

/**
 * One streamed chunk. With `include_usage` every chunk carries `usage: null` and one last chunk with no
 * choices carries the totals.
 */
export const chatChunk = (
  id: string,
  model: string,
  part: { delta?: Record<string, string>; finish?: boolean; usage?: FakeUsage | null; includeUsage: boolean },
) => ({
  id,
  object: 'chat.completion.chunk',
  created: created(),
  model,
  system_fingerprint: 'fp_fake',
  choices: part.usage
    ? []
    : [{ index: 0, delta: part.delta ?? {}, logprobs: null, finish_reason: part.finish ? 'stop' : null }],
  ...(part.includeUsage ? { usage: part.usage ? chatUsage(part.usage) : null } : {}),
});

export const imagesResponse = (
  data: Array<{ b64_json?: string; url?: string }>,
  usage: FakeUsage | null,
) => ({
  created: created(),
  data,
  ...(usage
    ? {
        usage: {
          input_tokens: usage.input,
          output_tokens: usage.output,
          total_tokens: usage.input + usage.output,
          input_tokens_details: { text_tokens: usage.input, image_tokens: 0 },
        },
      }
    : {}),
});

export const modelList = (ids: readonly string[]) => ({
  object: 'list',
  data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake-openai' })),
});

/** A 1×1 transparent PNG: the smallest real image an image endpoint can answer with. */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
