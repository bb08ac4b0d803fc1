import type { ZodType } from 'zod';

/** JSON text checked against a schema: the value, or null when it is not JSON or not of that shape. */
export function parseJsonAs<T>(schema: ZodType<T>, text: string): T | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
