import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';

/**
 * Handed to a handler whose request carried an Idempotency-Key. Whatever the
 * handler returns is stored as the answer. A handler that moves credits either
 * stores its answer inside that transaction (`complete`) or writes a recovery
 * point (`checkpoint`) before the move, in its transaction or committed on its
 * own just before it, and answers after; a later request with the same key then
 * resumes from `recovery` if the first one died in between.
 */
export interface IdempotencyContext {
  /** Set when this request resumes one that committed its transaction but never answered. */
  readonly recovery: Record<string, unknown> | null;
  /**
   * On routes declared with a `recoveryId`, the recovery point the claim already wrote
   * (`{ [recoveryId]: <new uuid> }`); a checkpoint of exactly that costs no round trip.
   */
  readonly claimedRecovery: Record<string, unknown> | null;
  /** Without `tx` it commits on its own at once. */
  checkpoint(recovery: Record<string, unknown>, tx?: EntityManager): Promise<void>;
  /** `stored` replaces the body in the database when the answer holds a secret that must not be kept. */
  complete(tx: EntityManager, status: number, body: unknown, stored?: unknown): Promise<void>;
  readonly completed: boolean;
}

export const IDEMPOTENT = 'awq:idempotent';
export interface IdempotentOptions {
  /** The claim writes `{ [recoveryId]: <new uuid> }` as the recovery point, for a handler that checkpoints just that. */
  recoveryId?: string;
}
/** The route honours Idempotency-Key (every POST that moves credits). */
export const Idempotent = (options: IdempotentOptions = {}) => SetMetadata(IDEMPOTENT, options);

export type RequestWithIdempotency = FastifyRequest & { idempotency?: IdempotencyContext | null };

/** The request's idempotency context, or null when it came without a key. */
export const Idempotency = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): IdempotencyContext | null => ctx.switchToHttp().getRequest<RequestWithIdempotency>().idempotency ?? null,
);

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
