/** Postgres codes worth running the whole transaction again for: deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/** Runs `fn` (a transaction, or one autocommit statement) again on deadlock or serialization failure. */
export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!RETRYABLE.has((e as { code?: string }).code ?? '') || attempt >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
