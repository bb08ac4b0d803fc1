import type { Config } from '@autowebiq/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CONFIG } from '../core/tokens';

/** `<build id as 32 hex digits><expiry, unix seconds in base 36>.<HMAC, 128 bits base64url>`: short enough for a path segment. */
const TOKEN = /^([0-9a-f]{32})([0-9a-z]{1,10})\.([\w-]{22})$/;
const SIGNATURE_CHARS = 22;

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
    const token = `${buildId.replace(/-/g, '')}${expiresS.toString(36)}.${this.sign(buildId, expiresS)}`;
    return { token, url: `/v1/previews/${token}/index.html`, expiresAt: new Date(expiresS * 1000) };
  }

  /** The build id the token was signed for, or null when it is forged, malformed or expired. */
  verify(token: string, now = Date.now()): string | null {
    const match = TOKEN.exec(token);
    if (!match) return null;
    const hex = match[1];
    const buildId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const expiresS = parseInt(match[2], 36);
    const expected = Buffer.from(this.sign(buildId, expiresS));
    const given = Buffer.from(match[3]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (expiresS * 1000 <= now) return null;
    return buildId;
  }

  private sign(buildId: string, expiresS: number): string {
    return createHmac('sha256', this.secret).update(`${buildId}.${expiresS}`).digest('base64url').slice(0, SIGNATURE_CHARS);
  }
}
