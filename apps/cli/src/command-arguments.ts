import { MAX_PROMPT_CHARS } from '@autowebiq/contracts';
import { UsageError } from './exit-codes';

/** The one positional prompt of `estimate` and `build`, checked before any request is made. */
export function promptArgument(positionals: string[], command: string): string {
  if (positionals.length === 0)
    throw new UsageError(`${command} needs a prompt: autowebiq ${command} "A bakery in Lisbon"`);
  if (positionals.length > 1) throw new UsageError(`${command} takes one prompt; put it in quotes`);
  const prompt = positionals[0].trim();
  if (!prompt) throw new UsageError('the prompt is empty');
  if (prompt.length > MAX_PROMPT_CHARS) {
    throw new UsageError(`the prompt has ${prompt.length} characters; the limit is ${MAX_PROMPT_CHARS}`);
  }
  return prompt;
}

export function positiveInt(text: string | boolean | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (typeof text !== 'string' || !Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag} needs a whole number above 0`);
  return n;
}

/** A --from/--to value: a day (YYYY-MM-DD) or a full ISO timestamp. */
export function dateArgument(text: string | boolean | undefined, flag: string): string | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || Number.isNaN(Date.parse(text)))
    throw new UsageError(`${flag} needs a date like 2025-06-01`);
  return new Date(text).toISOString();
}
