import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who is calling: an account through one of its API keys, the operator, or a holder of a build's preview link. */
export type Principal =
  | { kind: 'account'; accountId: string; keyId: string }
  | { kind: 'admin' }
  | { kind: 'preview'; buildId: string };

export type AuthMode = 'account' | 'admin' | 'public' | 'account-or-preview';
export const AUTH_MODE = 'awq:auth-mode';

/** No credentials needed (health, meta, the SPA). */
export const Public = () => SetMetadata(AUTH_MODE, 'public' satisfies AuthMode);
/** Operator calls: `Authorization: Bearer <ADMIN_TOKEN>`. */
export const AdminOnly = () => SetMetadata(AUTH_MODE, 'admin' satisfies AuthMode);
/** An API key, or a `?preview_token=` signed for the `:id` build (iframes cannot send headers). */
export const AccountOrPreview = () => SetMetadata(AUTH_MODE, 'account-or-preview' satisfies AuthMode);

export type AuthedRequest = FastifyRequest & { principal?: Principal };

/** The calling account's id; only on routes that require an API key. */
export const AccountId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (principal?.kind !== 'account') throw new Error('AccountId used on a route that does not require an API key');
  return principal.accountId;
});

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<AuthedRequest>().principal,
);

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer[ ]+(\S{1,512})\s*$/i.exec(header);
  return match ? match[1] : null;
}
