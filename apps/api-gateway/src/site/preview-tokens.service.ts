import type { Config } from '@autowebiq/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CONFIG } from '../core/tokens';

const PAYLOAD = /^([0-9a-f-]{36})\.(\d{1,12})$/;

export interface PreviewLink {
  token: string;
  url: string;
  expiresAt: Date;
}

/**
 * Short-lived capability tokens for a build's generated site: an HMAC over the
 * build id and an expiry, so an iframe (which cannot send Authorization) can load
 * the site without the API key ever appearing in a URL. Stateless, so every
 * gateway node accepts every other node's links when they share the secret.
 */
@Injectable()
export class PreviewTokens {
  private readonly secret: Buffer;
  private readonly ttlS: number;

  constructor(@Inject(CONFIG) config: Config) {
    this.ttlS = config.PREVIEW_TTL_SECONDS;
    if (config.PREVIEW_SECRET) this.secret = Buffer.from(config.PREVIEW_SECRET, 'utf8');
    else if (config.ADMIN_TOKEN) this.secret = createHmac('sha256', config.ADMIN_TOKEN).update('autowebiq preview links').digest();
    else {
      new Logger(PreviewTokens.name).warn('Neither PREVIEW_SECRET nor ADMIN_TOKEN is set: preview links work on this process only');
      this.secret = randomBytes(32);
    }
  }

  /** A link to the build's site under its own path, so the site's relative links carry the token along. */
  link(buildId: string, now = Date.now()): PreviewLink {
    const expiresS = Math.floor(now / 1000) + this.ttlS;
    const payload = `${buildId}.${expiresS}`;
    const token = `${Buffer.from(payload).toString('base64url')}.${this.sign(payload)}`;
    return { token, url: `/v1/previews/${token}/index.html`, expiresAt: new Date(expiresS * 1000) };
  }

  /** The build id the token was signed for, or null when it is forged, malformed or expired. */
  verify(token: string, now = Date.now()): string | null {
    if (token.length > 200) return null;
    const [encoded, signature, extra] = token.split('.');
    if (!encoded || !signature || extra !== undefined) return null;
    const payload = Buffer.from(encoded, 'base64url').toString('utf8');
    const match = PAYLOAD.exec(payload);
    if (!match) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (Number(match[2]) * 1000 <= now) return null;
    return match[1];
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
